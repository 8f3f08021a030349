/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copies between kernel memory and the current task's user memory, and
 * hardened usercopy's checks of the kernel side.
 *
 * A user address is an arch VA of the current task's mm (current->mm), an
 * unsigned long: simulated user memory has no host window, so where Linux
 * has void __user * mmfuzz has the number.  The user side is walked page
 * by page through the task's page tables, faulting pages in as the task's
 * own touch would (mm/memory.c); where the task would segfault (no VMA,
 * a VMA without the right) Linux's exception fixup stops the copy short
 * with no report, and the copy returns how many bytes it did not copy.
 *
 * The kernel side is checked first (check_object_size(), mm/usercopy.c):
 * a slab object must be live and the copy inside its cache's usercopy
 * window; pages must be one allocation; vmalloc memory must be inside one
 * area and short of its guard page; a kmap address inside its page;
 * page-table pages never.  Linux BUG()s on a refusal; mmfuzz reports it
 * (one REPORT_USERCOPY_* report, "usercopy: Kernel memory exposure attempt
 * detected from ...") and copies nothing.
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/sched.h>
#include <linux/types.h>

/**
 * pagefault_disable() - make the current task's user copies fail instead
 * of faulting pages in: copy_to_user() and copy_from_user() copy what is
 * present and return the rest as not copied, and may be called in atomic
 * context.  Nests.  Context: any.
 */
void pagefault_disable(void);

/**
 * pagefault_enable() - undo one pagefault_disable().
 * Context: any.  Unbalanced, it is a REPORT_BAD_CONTEXT report and ignored.
 */
void pagefault_enable(void);

/* Is the current task inside pagefault_disable()? */
bool pagefault_disabled(void);

/**
 * __might_fault() - a user copy may fault and so sleep: might_sleep()
 * unless page faults are disabled.  Context: any; this is the check.
 */
void __might_fault(const char *file, int line);
#define might_fault()	__might_fault(__FILE__, __LINE__)

/**
 * access_ok() - is [@addr, @addr + @size) in the user half (below TASK_SIZE)?
 * Says nothing about VMAs.  Context: any.
 */
bool access_ok(unsigned long addr, unsigned long size);

/**
 * check_object_size() - hardened usercopy: may @n bytes at kernel pointer
 * @ptr be copied to user space (@to_user) or from it?
 * Context: any.  A pointer in no kernel window is the caller's own memory
 * (Linux's stack and data) and is allowed.
 * Return: true, or false after one REPORT_USERCOPY_* report (Linux BUG()s).
 */
bool check_object_size(const void *ptr, unsigned long n, bool to_user);

/**
 * copy_to_user() - copy @n bytes from kernel @from to user address @to of
 * the current task.
 * Context: process context; may sleep to fault pages in (might_fault())
 * unless page faults are disabled, in which case only present pages take
 * bytes.  No mm (a kernel thread), a range past TASK_SIZE, or a kernel
 * side refused by check_object_size() copies nothing.
 * Return: bytes not copied, 0 on success; the bytes before are copied.
 */
unsigned long copy_to_user(unsigned long to, const void *from, unsigned long n);

/**
 * copy_from_user() - copy @n bytes from user address @from of the current
 * task to kernel @to.
 * Context: as copy_to_user().  When the user range stops short, the rest
 * of @to is zeroed, as Linux does; when the kernel side is refused, @to is
 * left untouched.
 * Return: bytes not copied, 0 on success.
 */
unsigned long copy_from_user(void *to, unsigned long from, unsigned long n);

#endif /* _LINUX_UACCESS_H */
