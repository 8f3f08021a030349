// SPDX-License-Identifier: GPL-2.0
/*
 * A process's memory: demand paging on first touch, the task's loads and
 * stores, and zapping pages when a range is unmapped.
 *
 * A user page is in one of two states: not present (no pte, or a pte table
 * not made yet) or present (a pte with _PAGE_USER mapping a page of ours,
 * counted in mm->rss).  The first access of any kind to a page inside a
 * VMA allocates a GFP_HIGHUSER_MOVABLE page (highmem on i386 when there is
 * some), zeroes it through kmap_local when it is highmem (clear_highpage),
 * and maps it: Linux maps the shared zero page on a read fault instead;
 * mmfuzz allocates on reads too, which keeps every present pte owning its
 * page.  User memory has no host window: the task's accesses go through
 * kmap_local of the page its pte names, so the page tables are the only
 * record of what the task sees.
 *
 * The kernel's own accesses to user memory (copy_to_user() and
 * copy_from_user(), mm/uaccess.c) fault pages in the same way but never
 * segfault: where the task would, Linux's exception fixup makes the copy
 * stop short, silently (copy_user_pages()).
 */
#include <errno.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/pgtable.h>
#include <linux/report.h>

#include "internal.h"

/* x86 page-fault error code bits, as Linux prints them. */
#define X86_PF_PROT	0x1
#define X86_PF_WRITE	0x2
#define X86_PF_USER	0x4

static pteval_t vm_get_page_prot(unsigned long vm_flags)
{
	pteval_t prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (vm_flags & VM_WRITE)
		prot |= _PAGE_RW | _PAGE_DIRTY;
	if (!(vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	return prot;
}

static void bad_area(struct mm_struct *mm, unsigned long addr, int error,
		     const struct vm_area_struct *vma)
{
	mm->nr_segv++;
	report_begin(REPORT_SEGV, "mmfuzz-task: segfault at %#lx error %d", addr,
		     error);
	if (vma)
		report_line("in VMA %#lx-%#lx flags %#lx: not %s", vma->vm_start,
			    vma->vm_end, vma->vm_flags,
			    error & X86_PF_WRITE ? "writable" : "readable");
	else
		report_line("no VMA maps it");
	report_end();
}

/* do_anonymous_page(): a zeroed page, mapped with the VMA's protection. */
static int do_anonymous_page(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE);
	int err;

	if (!page)
		return -ENOMEM;
	clear_highpage(page);
	err = map_user_page(mm->pgd, addr & PAGE_MASK, page_to_pfn(page),
			    vm_get_page_prot(vma->vm_flags), GFP_KERNEL);
	if (err) {
		__free_pages(page, 0);
		return err;
	}
	mm->rss++;
	return 0;
}

/*
 * The page mapped at @addr of @vma, demand-faulted in first unless
 * @nofault; NULL with *@err set when there is none.
 */
static struct page *fault_in_page(struct vm_area_struct *vma,
				  unsigned long addr, bool nofault, int *err)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *pte = user_pte_lookup(mm->pgd, addr);

	if (!pte || !pte_present(*pte)) {
		*err = nofault ? -EFAULT : do_anonymous_page(vma, addr);
		if (*err)
			return NULL;
		pte = user_pte_lookup(mm->pgd, addr);
	}
	return pfn_to_page(pte_pfn(*pte));
}

/*
 * The page the task reaches at @addr, faulting it in if need be; NULL
 * with *@err set when the access is refused.
 */
static struct page *user_page(struct mm_struct *mm, unsigned long addr,
			      bool write, int *err)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	int error = X86_PF_USER | (write ? X86_PF_WRITE : 0);
	pte_t *pte;

	if (!vma || addr < vma->vm_start) {
		bad_area(mm, addr, error, NULL);
		*err = -EFAULT;
		return NULL;
	}
	if (!(vma->vm_flags & (write ? VM_WRITE : VM_READ))) {
		pte = user_pte_lookup(mm->pgd, addr);
		bad_area(mm, addr, error | (pte && pte_present(*pte) ? X86_PF_PROT : 0),
			 vma);
		*err = -EFAULT;
		return NULL;
	}
	return fault_in_page(vma, addr, false, err);
}

/*
 * The page a kernel-mode access reaches at user @addr: as the task's, but
 * where the task would segfault Linux's exception fixup makes the access
 * stop short, silently; with @nofault a page not present stops it too.
 */
static struct page *user_page_nofixup(struct mm_struct *mm, unsigned long addr,
				      bool write, bool nofault)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	int err;

	if (addr >= TASK_SIZE || !vma || addr < vma->vm_start ||
	    !(vma->vm_flags & (write ? VM_WRITE : VM_READ)))
		return NULL;
	return fault_in_page(vma, addr, nofault, &err);
}

/*
 * Move @len bytes between @buf and user @addr a page at a time, as the
 * task (@kernel false: a segfault is reported, *@err says why it stopped)
 * or as the kernel on its behalf (@kernel true: silent, @nofault honoured).
 * Return: the bytes moved.
 */
static size_t access_user_pages(struct mm_struct *mm, unsigned long addr,
				char *buf, size_t len, bool write, bool kernel,
				bool nofault, int *err)
{
	size_t done = 0;

	*err = 0;
	while (done < len) {
		size_t offset = addr & ~PAGE_MASK;
		size_t n = min(len - done, PAGE_SIZE - offset);
		struct page *page;

		if (kernel) {
			page = user_page_nofixup(mm, addr, write, nofault);
		} else if (addr >= TASK_SIZE) {
			bad_area(mm, addr, X86_PF_USER | (write ? X86_PF_WRITE : 0),
				 NULL);
			*err = -EFAULT;
			page = NULL;
		} else {
			page = user_page(mm, addr, write, err);
		}
		if (!page)
			break;
		if (write)
			memcpy_to_page(page, offset, buf + done, n);
		else
			memcpy_from_page(buf + done, page, offset, n);
		done += n;
		addr += n;
	}
	return done;
}

static int user_access(struct mm_struct *mm, unsigned long addr, void *buf,
		       size_t len, bool write)
{
	int err;

	access_user_pages(mm, addr, buf, len, write, false, false, &err);
	return err;
}

unsigned long copy_user_pages(struct mm_struct *mm, unsigned long uaddr,
			      void *kbuf, unsigned long n, bool to_user,
			      bool nofault)
{
	int err;

	return n - access_user_pages(mm, uaddr, kbuf, n, to_user, true, nofault,
				     &err);
}

int user_read(struct mm_struct *mm, unsigned long addr, void *buf, size_t len)
{
	return user_access(mm, addr, buf, len, false);
}

int user_write(struct mm_struct *mm, unsigned long addr, const void *buf,
	       size_t len)
{
	return user_access(mm, addr, (void *)buf, len, true);
}

void zap_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	mm->rss -= zap_user_range(mm->pgd, start, end);
}
