// SPDX-License-Identifier: GPL-2.0
/*
 * copy_to_user() and copy_from_user(): the kernel's copies to and from the
 * current task's memory, and pagefault_disable().
 *
 * Order of business, as Linux's: the size and the kernel side first
 * (check_copy_size(): hardened usercopy; a refusal copies nothing), then
 * might_fault(), then access_ok() on the user range, then page by page
 * through the task's page tables.  A page that is not there is faulted in
 * as the task's own first touch would be, unless faults are off
 * (pagefault_disable(), or atomic context, where Linux's fault handler
 * refuses to run); where the task would have segfaulted, or no page could
 * be had, the copy stops and the exception fixup returns the bytes left.
 */
#include <limits.h>
#include <string.h>

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "internal.h"

void pagefault_disable(void)
{
	current->pagefault_disabled++;
}

void pagefault_enable(void)
{
	if (!current->pagefault_disabled) {
		report_begin(REPORT_BAD_CONTEXT,
			     "BUG: pagefault_enable() without pagefault_disable()");
		report_line("pid: %d, name: %s", current->pid, current->comm);
		report_end();
		return;
	}
	current->pagefault_disabled--;
}

bool pagefault_disabled(void)
{
	return current->pagefault_disabled != 0;
}

void __might_fault(const char *file, int line)
{
	if (pagefault_disabled())
		return;
	__might_sleep(file, line);
}

bool access_ok(unsigned long addr, unsigned long size)
{
	return size <= TASK_SIZE && addr <= TASK_SIZE - size;
}

/* Linux's check_copy_size(): a size no caller means, then hardened usercopy. */
static bool check_copy_size(const void *addr, unsigned long n, bool to_user)
{
	if (n > INT_MAX) {
		report_begin(REPORT_USERCOPY_BOGUS,
			     "usercopy: copy %s user of %lu bytes refused: above INT_MAX",
			     to_user ? "to" : "from", n);
		report_end();
		return false;
	}
	return check_object_size(addr, n, to_user);
}

/* The current task's side of a copy; the bytes not copied. */
static unsigned long copy_current_user(unsigned long uaddr, void *kbuf,
				       unsigned long n, bool to_user)
{
	struct mm_struct *mm = current->mm;

	if (!mm || !access_ok(uaddr, n))
		return n;
	return copy_user_pages(mm, uaddr, kbuf, n, to_user,
			       pagefault_disabled() || in_atomic());
}

unsigned long copy_to_user(unsigned long to, const void *from, unsigned long n)
{
	if (!check_copy_size(from, n, true))
		return n;
	might_fault();
	return copy_current_user(to, (void *)from, n, true);
}

unsigned long copy_from_user(void *to, unsigned long from, unsigned long n)
{
	unsigned long left;

	if (!check_copy_size(to, n, false))
		return n;
	might_fault();
	left = copy_current_user(from, to, n, false);
	/* Never hand the caller stale kernel bytes for what did not come. */
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}
