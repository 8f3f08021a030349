// SPDX-License-Identifier: GPL-2.0
/*
 * copy_to_user() and copy_from_user(): the user side (demand faults,
 * partial copies where the range leaves the VMAs, pagefault_disable()) and
 * hardened usercopy's verdicts on the kernel side, each with a copy that
 * is allowed next to one that is refused, and after each refusal nothing
 * copied, nothing freed or allocated, exactly one report.
 */
#include <limits.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "common.h"

#define HEAP	0x08100000UL
#define P(n)	((unsigned long)(n) * PAGE_SIZE)
#define HEAP_PAGES	4

static struct mm_struct *task_mm;

/* Give init_task a process with a HEAP_PAGES-page heap. */
static void start_task(void)
{
	task_mm = mm_alloc();
	ASSERT_NOT_NULL(task_mm);
	task_mm->start_brk = task_mm->brk = HEAP;
	ASSERT_EQ(sys_brk(task_mm, HEAP + P(HEAP_PAGES)), HEAP + P(HEAP_PAGES));
	current->mm = task_mm;
}

static void boot(void)
{
	boot_pc(sizeof(pteval_t) == 4 ? 1024 : 256, 1, 1);
	start_task();
}

static void exit_task(void)
{
	current->mm = NULL;
	mmput(task_mm);
}

/* The user bytes at @addr must all be @c. */
static void assert_user_bytes(unsigned long addr, unsigned long n, int c)
{
	static char buf[4 * 4096 * 4];

	ASSERT_LE(n, sizeof(buf));
	ASSERT_EQ(user_read(task_mm, addr, buf, n), 0);
	for (unsigned long i = 0; i < n; i++)
		if (buf[i] != (char)c)
			test_fail(__FILE__, __LINE__, "user byte %#lx is %#x, want %#x",
				  addr + i, buf[i] & 0xff, c & 0xff);
}

static void assert_bytes(const void *p, unsigned long n, int c)
{
	for (unsigned long i = 0; i < n; i++)
		if (((const char *)p)[i] != (char)c)
			test_fail(__FILE__, __LINE__, "kernel byte %lu is %#x, want %#x",
				  i, ((const char *)p)[i] & 0xff, c & 0xff);
}

/*
 * copy_to_user() of @n bytes at @p must be refused with one report of
 * @type naming @needle, copy nothing (the user heap stays zero) and leave
 * the buddy allocator as it was; so must copy_from_user(), which must
 * leave @p's bytes as they were.
 */
#define EXPECT_COPY_REFUSED(type, needle_to, needle_from, p, n) do {	\
	char _kbytes[64];						\
	size_t _k = min((size_t)(n), sizeof(_kbytes));			\
									\
	memcpy(_kbytes, (p), _k);					\
	EXPECT_REFUSED(type, needle_to,					\
		       ASSERT_EQ(copy_to_user(HEAP, (p), (n)), (n)));	\
	assert_user_bytes(HEAP, min((unsigned long)(n), P(HEAP_PAGES)), 0); \
	EXPECT_REFUSED(type, needle_from,				\
		       ASSERT_EQ(copy_from_user((p), HEAP, (n)), (n)));	\
	ASSERT_TRUE(memcmp(_kbytes, (p), _k) == 0);			\
} while (0)

/* A copy both ways that must be allowed, with no report. */
static void expect_copy_ok(void *p, unsigned long n)
{
	unsigned long total = report_total();

	memset(p, 0x5a, n);
	ASSERT_EQ(copy_to_user(HEAP, p, n), 0);
	assert_user_bytes(HEAP, n, 0x5a);
	memset(p, 0, n);
	ASSERT_EQ(copy_from_user(p, HEAP, n), 0);
	assert_bytes(p, n, 0x5a);
	ASSERT_EQ(report_total(), total);
	/* Leave the heap zero for the next refusal's check. */
	memset(p, 0, n);
	ASSERT_EQ(copy_to_user(HEAP, p, n), 0);
}

/* ---- the user side ---------------------------------------------------- */

static void user_side_faults_in_and_copies(void)
{
	char out[100], in[100];
	unsigned long total;

	boot();
	total = report_total();
	for (int i = 0; i < 100; i++)
		out[i] = (char)i;
	/* Across a page boundary: both pages faulted in by the copy. */
	ASSERT_EQ(copy_to_user(HEAP + P(1) - 50, out, 100), 0);
	ASSERT_EQ(task_mm->rss, 2);
	memset(in, 0, sizeof(in));
	ASSERT_EQ(user_read(task_mm, HEAP + P(1) - 50, in, 100), 0);
	ASSERT_TRUE(memcmp(in, out, 100) == 0);
	memset(in, 0, sizeof(in));
	ASSERT_EQ(copy_from_user(in, HEAP + P(1) - 50, 100), 0);
	ASSERT_TRUE(memcmp(in, out, 100) == 0);
	ASSERT_EQ(report_total(), total);
	ASSERT_TRUE(mm_is_valid(task_mm));
	exit_task();
}

/* Leaving the VMAs: the prefix is copied, the rest counted, no segfault. */
static void user_side_partial_copies(void)
{
	char out[64], in[64];
	unsigned long end = HEAP + P(HEAP_PAGES), total;

	boot();
	total = report_total();
	memset(out, 0x33, sizeof(out));
	ASSERT_EQ(copy_to_user(end - 10, out, 64), 54);
	assert_user_bytes(end - 10, 10, 0x33);
	memset(in, 0x77, sizeof(in));
	ASSERT_EQ(copy_from_user(in, end - 10, 64), 54);
	assert_bytes(in, 10, 0x33);
	assert_bytes(in + 10, 54, 0);		/* the tail is zeroed */
	/* Wholly outside: nothing copied, the buffer zeroed. */
	memset(in, 0x77, sizeof(in));
	ASSERT_EQ(copy_from_user(in, end + P(1), 64), 64);
	assert_bytes(in, 64, 0);
	ASSERT_EQ(copy_to_user(HEAP - 1, out, 2), 2);	/* starts below the heap */
	/* Past TASK_SIZE (access_ok), and wrapping. */
	ASSERT_EQ(copy_to_user(TASK_SIZE - 4, out, 8), 8);
	ASSERT_EQ(copy_to_user(-4UL, out, 8), 8);
	ASSERT_EQ(report_total(), total);
	ASSERT_EQ(task_mm->nr_segv, 0);
	/* A read-only VMA takes copy_from_user() but not copy_to_user(). */
	ASSERT_EQ(vm_brk_flags(task_mm, end + P(4), P(1), VM_READ), 0);
	ASSERT_EQ(copy_to_user(end + P(4), out, 8), 8);
	ASSERT_EQ(copy_from_user(in, end + P(4), 8), 0);
	/* A task with no mm copies nothing. */
	current->mm = NULL;
	ASSERT_EQ(copy_to_user(HEAP, out, 8), 8);
	current->mm = task_mm;
	ASSERT_EQ(report_total(), total);
	exit_task();
}

static void pagefault_disable_copies_present_pages_only(void)
{
	char out[16] = "present", in[16];
	unsigned long sleeps;

	boot();
	ASSERT_EQ(user_write(task_mm, HEAP, "x", 1), 0);	/* page 0 present */
	pagefault_disable();
	preempt_disable();
	sleeps = report_count(REPORT_SLEEP_IN_ATOMIC);
	ASSERT_EQ(copy_to_user(HEAP, out, 8), 0);
	ASSERT_EQ(copy_to_user(HEAP + P(1) - 4, out, 8), 4);	/* page 1 absent */
	ASSERT_EQ(task_mm->rss, 1);
	ASSERT_EQ(copy_from_user(in, HEAP, 8), 0);
	ASSERT_TRUE(memcmp(in, "present", 8) == 0);
	ASSERT_EQ(report_count(REPORT_SLEEP_IN_ATOMIC), sleeps);
	preempt_enable();
	pagefault_enable();
	/* Atomic without pagefault_disable(): reported, and still no fault. */
	preempt_disable();
	ASSERT_EQ(copy_to_user(HEAP + P(2), out, 8), 8);
	ASSERT_EQ(report_count(REPORT_SLEEP_IN_ATOMIC), sleeps + 1);
	ASSERT_REPORT_HAS("sleeping function called from invalid context");
	preempt_enable();
	ASSERT_EQ(task_mm->rss, 1);
	/* Faults are back on. */
	ASSERT_EQ(copy_to_user(HEAP + P(1) - 4, out, 8), 0);
	ASSERT_EQ(task_mm->rss, 2);
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "pagefault_enable() without", pagefault_enable());
	ASSERT_TRUE(!pagefault_disabled());
	exit_task();
}

/* ---- slab objects ------------------------------------------------------ */

static void cache_window_edges(void)
{
	struct kmem_cache *s;
	char *obj;

	boot();
	s = kmem_cache_create_usercopy("uc_test", 128, 0, 0, 16, 32, NULL);
	ASSERT_NOT_NULL(s);
	obj = kmem_cache_zalloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(obj);
	expect_copy_ok(obj + 16, 32);		/* the whole window */
	expect_copy_ok(obj + 47, 1);		/* its last byte */
	expect_copy_ok(obj + 20, 8);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SLAB,
		"usercopy: Kernel memory exposure attempt detected from SLUB object 'uc_test' (offset 15, size 1)!",
		"usercopy: Kernel memory overwrite attempt detected to SLUB object 'uc_test' (offset 15, size 1)!",
		obj + 15, 1);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SLAB, "(offset 16, size 33)!",
			    "(offset 16, size 33)!", obj + 16, 33);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SLAB, "(offset 48, size 1)!",
			    "(offset 48, size 1)!", obj + 48, 1);
	ASSERT_TRUE(kmem_cache_is_valid(s));
	kmem_cache_free(s, obj);
	kmem_cache_destroy(s);
	exit_task();
}

/* kmem_cache_create() has no window; a bad window is warned and dropped. */
static void cache_without_window_refuses_all(void)
{
	struct kmem_cache *s, *bad;
	char *obj;

	boot();
	s = kmem_cache_create("plain_test", 64, 0, 0, NULL);
	obj = kmem_cache_zalloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(obj);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SLAB, "SLUB object 'plain_test' (offset 0, size 1)!",
			    "to SLUB object 'plain_test'", obj, 1);
	EXPECT_REFUSED(REPORT_BAD_ARG, "usercopy window 60+8 outside a 64-byte object",
		       bad = kmem_cache_create_usercopy("bad_test", 64, 0, 0, 60, 8, NULL));
	ASSERT_NOT_NULL(bad);
	kmem_cache_free(s, obj);
	obj = kmem_cache_zalloc(bad, GFP_KERNEL);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SLAB, "SLUB object 'bad_test' (offset 60, size 4)!",
			    "'bad_test'", obj + 60, 4);
	kmem_cache_free(bad, obj);
	kmem_cache_destroy(bad);
	kmem_cache_destroy(s);
	exit_task();
}

static void kmalloc_whole_object_not_beyond(void)
{
	char *a, *b;

	boot();
	a = kzalloc(64, GFP_KERNEL);
	b = kzalloc(64, GFP_KERNEL);
	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	expect_copy_ok(a, 64);
	expect_copy_ok(a + 8, 56);
	/* Into the next object, whichever it is. */
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SLAB, "SLUB object 'kmalloc-64' (offset 0, size 65)!",
			    "to SLUB object 'kmalloc-64' (offset 0, size 65)!", a, 65);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SLAB, "(offset 63, size 2)!",
			    "(offset 63, size 2)!", a + 63, 2);
	kfree(b);
	ASSERT_TRUE(slab_is_valid());
	kfree(a);
	exit_task();
}

/* A freed object, on the cpu freelist or the slab's own. */
static void free_object_refused(void)
{
	struct kmem_cache *s;
	char *a, *obj;

	boot();
	a = kmalloc(128, GFP_KERNEL);
	ASSERT_NOT_NULL(a);
	kfree(a);
	/* Refused before a byte moves: ASan never sees the freed object touched. */
	EXPECT_REFUSED(REPORT_USERCOPY_FREE,
		       "usercopy: Kernel memory exposure attempt detected from free SLUB object 'kmalloc-128' (offset 0, size 16)!",
		       ASSERT_EQ(copy_to_user(HEAP, a, 16), 16));
	EXPECT_REFUSED(REPORT_USERCOPY_FREE, "to free SLUB object 'kmalloc-128' (offset 4, size 4)!",
		       ASSERT_EQ(copy_from_user(a + 4, HEAP, 4), 4));
	assert_user_bytes(HEAP, 16, 0);
	/* Debug caches keep no cpu freelist: the slab's own is searched. */
	s = kmem_cache_create_usercopy("uc_debug", 96, 0, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE,
				       0, 96, NULL);
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(obj);
	memset(obj, 0, 96);
	expect_copy_ok(obj, 96);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SLAB, "SLUB object 'uc_debug' (offset 0, size 97)!",
			    "'uc_debug'", obj, 97);
	EXPECT_REFUSED(REPORT_USERCOPY_SLAB, "SLUB object in left red zone 'uc_debug'",
		       ASSERT_EQ(copy_to_user(HEAP, obj - 1, 1), 1));
	kmem_cache_free(s, obj);
	EXPECT_REFUSED(REPORT_USERCOPY_FREE, "free SLUB object 'uc_debug'",
		       ASSERT_EQ(copy_to_user(HEAP, obj, 8), 8));
	ASSERT_TRUE(kmem_cache_is_valid(s));
	kmem_cache_destroy(s);
	exit_task();
}

/* The slab's tail, after its last object, is no object. */
static void slab_tail_refused(void)
{
	struct page *head;
	char *a, *tail;
	unsigned long end;

	boot();
	a = kmalloc(96, GFP_KERNEL);
	ASSERT_NOT_NULL(a);
	head = compound_head(virt_to_page(a));
	end = (unsigned long)head->objects * 96;
	ASSERT_LE(end + 8, PAGE_SIZE << head->order);
	tail = (char *)page_address(head) + end;
	EXPECT_REFUSED(REPORT_USERCOPY_SLAB, "from SLUB object past the last object 'kmalloc-96'",
		       ASSERT_EQ(copy_to_user(HEAP, tail, 8), 8));
	kfree(a);
	exit_task();
}

/* ---- pages ------------------------------------------------------------- */

static void large_kmalloc_is_one_allocation(void)
{
	char *p;

	boot();
	p = kzalloc(3 * PAGE_SIZE, GFP_KERNEL);	/* an order-2 block */
	ASSERT_NOT_NULL(p);
	expect_copy_ok(p, P(3));
	expect_copy_ok(p + P(1) - 8, P(2));
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SPAN,
		"usercopy: Kernel memory exposure attempt detected from page alloc (offset 8192, size 12288)!",
		"to page alloc (offset 8192, size 12288)!", p + P(2), P(3));
	kfree(p);
	exit_task();
}

static void page_blocks_and_free_pages(void)
{
	struct page *two, *one;
	char *p, *q;

	boot();
	two = alloc_pages(GFP_KERNEL | __GFP_ZERO, 1);
	one = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);
	p = page_address(two);
	q = page_address(one);
	expect_copy_ok(p, P(2));
	expect_copy_ok(q, P(1));
	/* Off the end of a block: the next page is someone else's or free. */
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SPAN, "from page alloc (offset 4095, size 2)!",
			    "to page alloc (offset 4095, size 2)!", q + P(1) - 1, 2);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SPAN, "from page alloc (offset 4096, size 4097)!",
			    "to page alloc", p + P(1), P(1) + 1);
	__free_pages(one, 0);
	EXPECT_REFUSED(REPORT_USERCOPY_FREE, "from free page (offset 0, size 8)!",
		       ASSERT_EQ(copy_to_user(HEAP, q, 8), 8));
	EXPECT_REFUSED(REPORT_USERCOPY_FREE, "to free page (offset 16, size 8)!",
		       ASSERT_EQ(copy_from_user(q + 16, HEAP, 8), 8));
	__free_pages(two, 1);
	exit_task();
}

static void page_tables_refused(void)
{
	char *pgd;
	struct page *pte_page;
	pte_t *pte;

	boot();
	/* The pgd's last entry: kernel half, which the faults below leave be. */
	pgd = (char *)__va(task_mm->pgd) + PAGE_SIZE - 8;
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_PAGE_TABLE,
		"usercopy: Kernel memory exposure attempt detected from page table (offset 4088, size 8)!",
		"to page table (offset 4088, size 8)!", pgd, 8);
	/* A pte table of the task, made by a fault. */
	ASSERT_EQ(user_write(task_mm, HEAP, "x", 1), 0);
	pte = user_pte_lookup(task_mm->pgd, HEAP);
	ASSERT_NOT_NULL(pte);
	pte_page = virt_to_page(pte);
	ASSERT_TRUE(PageTable(pte_page));
	EXPECT_REFUSED(REPORT_USERCOPY_PAGE_TABLE, "from page table",
		       ASSERT_EQ(copy_to_user(HEAP + 8, pte, sizeof(*pte)), sizeof(*pte)));
	ASSERT_TRUE(mm_is_valid(task_mm));
	/* The kernel's own pgd too. */
	EXPECT_REFUSED(REPORT_USERCOPY_PAGE_TABLE, "from page table",
		       ASSERT_EQ(copy_to_user(HEAP, __va(machine.swapper_pg_dir), 8), 8));
	exit_task();
}

/* ---- vmalloc and kmap ------------------------------------------------- */

static void vmalloc_area_and_guard(void)
{
	char *v, *w;

	boot();
	v = vzalloc(P(2));
	w = vzalloc(P(1));
	ASSERT_NOT_NULL(v);
	ASSERT_NOT_NULL(w);
	expect_copy_ok(v, P(2));
	expect_copy_ok(v + 100, P(2) - 100);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_VMALLOC_GUARD,
		"usercopy: Kernel memory exposure attempt detected from vmalloc (offset 100, size 8093)!",
		"to vmalloc (offset 100, size 8093)!", v + 100, P(2) - 99);
	/* Starting in the guard page: refused before the host access faults. */
	EXPECT_REFUSED(REPORT_USERCOPY_VMALLOC_GUARD, "reaches its guard page",
		       ASSERT_EQ(copy_to_user(HEAP, v + P(2), 1), 1));
	vfree(v);
	EXPECT_REFUSED(REPORT_USERCOPY_VMALLOC_NO_AREA,
		       "from vmalloc (offset 0, size 8)!",
		       ASSERT_EQ(copy_to_user(HEAP, v, 8), 8));
	ASSERT_REPORT_HAS("no vmalloc area holds it");
	EXPECT_REFUSED(REPORT_USERCOPY_VMALLOC_NO_AREA, "to vmalloc",
		       ASSERT_EQ(copy_from_user(v + 8, HEAP, 8), 8));
	ASSERT_TRUE(vmalloc_is_valid());
	vfree(w);
	exit_task();
}

/* A highmem page through kmap (i386); x86-64's kmap is the direct map. */
static void highmem_page_through_kmap(void)
{
	struct page *page;
	char *k;

	boot();
	page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(PageHighMem(page), sizeof(pteval_t) == 4);
	k = kmap(page);
	ASSERT_NOT_NULL(k);
	expect_copy_ok(k, P(1));
	expect_copy_ok(k + 4000, 96);
	EXPECT_COPY_REFUSED(REPORT_USERCOPY_SPAN, "(offset 4000, size 97)!",
			    "(offset 4000, size 97)!", k + 4000, 97);
	if (PageHighMem(page))
		ASSERT_REPORT_HAS("to kmap (offset 4000");
	kunmap(page);
	__free_pages(page, 0);
	exit_task();
}

/* ---- bogus sizes and pointers ---------------------------------------- */

static void bogus_copies_refused(void)
{
	char *a;

	boot();
	a = kzalloc(64, GFP_KERNEL);
	EXPECT_REFUSED(REPORT_USERCOPY_BOGUS, "above INT_MAX",
		       ASSERT_EQ(copy_to_user(HEAP, a, (unsigned long)INT_MAX + 1),
				 (unsigned long)INT_MAX + 1));
	EXPECT_REFUSED(REPORT_USERCOPY_BOGUS, "from null address",
		       ASSERT_EQ(copy_to_user(HEAP, NULL, 8), 8));
	EXPECT_REFUSED(REPORT_USERCOPY_BOGUS, "to null address",
		       ASSERT_EQ(copy_from_user(ZERO_SIZE_PTR, HEAP, 8), 8));
	/* Zero bytes is always fine, even of a free object. */
	kfree(a);
	ASSERT_EQ(copy_to_user(HEAP, a, 0), 0);
	exit_task();
}

/* Host memory outside every kernel window is the caller's stack or data. */
static void caller_memory_allowed(void)
{
	char stack[32];
	struct buddy_snapshot snap;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	start_task();
	expect_copy_ok(stack, sizeof(stack));
	exit_task();
	/* The mm's pages went back: the copies faulted only heap pages. */
	assert_free_pages_restored(&snap);
}

TEST_MAIN("usercopy",
	TEST_CASE(user_side_faults_in_and_copies),
	TEST_CASE(user_side_partial_copies),
	TEST_CASE(pagefault_disable_copies_present_pages_only),
	TEST_CASE(cache_window_edges),
	TEST_CASE(cache_without_window_refuses_all),
	TEST_CASE(kmalloc_whole_object_not_beyond),
	TEST_CASE(free_object_refused),
	TEST_CASE(slab_tail_refused),
	TEST_CASE(large_kmalloc_is_one_allocation),
	TEST_CASE(page_blocks_and_free_pages),
	TEST_CASE(page_tables_refused),
	TEST_CASE(vmalloc_area_and_guard),
	TEST_CASE(highmem_page_through_kmap),
	TEST_CASE(bogus_copies_refused),
	TEST_CASE(caller_memory_allowed))
