/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Execution context: the current task, and may the current code sleep?
 *
 * The current task belongs to the host thread: in single-thread mode one
 * task is current (the harness's thread of calls) and moves with
 * machine_set_cpu(); in thread mode (<linux/smp.h>) each CPU thread runs
 * the task it entered with.  init_task (pid 1, "init") is current after boot;
 * the harness may make another task current with set_current() when not in
 * atomic context.
 *
 * might_sleep() belongs at the top of every path that may sleep (any
 * allocation whose GFP mask has __GFP_DIRECT_RECLAIM, vmalloc, kmap,
 * kmem_cache_create/destroy).  In atomic context (preempt_count non-zero:
 * preemption disabled, a spin lock held, bottom halves off, any interrupt)
 * or with interrupts disabled it prints Linux's "BUG: sleeping function
 * called from invalid context at <file>:<line>" report, counted as
 * REPORT_SLEEP_IN_ATOMIC, and carries on.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/cache.h>
#include <linux/fault-inject.h>
#include <linux/gfp_types.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/types.h>

#define TASK_COMM_LEN	16

struct mm_struct;

/*
 * Task flags mm/ reads, with Linux's values.  The three PF_MEMALLOC* are
 * the allocation scopes of <linux/sched/mm.h>: set and cleared only by
 * their save/restore pairs.
 */
#define PF_MEMALLOC		0x00000800	/* reclaiming: no reclaim, reserves */
#define PF_MEMALLOC_NOFS	0x00040000	/* every allocation is GFP_NOFS */
#define PF_MEMALLOC_NOIO	0x00080000	/* every allocation is GFP_NOIO */

/* The scopes, in the order of task_struct.memalloc_nest[]. */
enum memalloc_scope {
	MEMALLOC_NOFS,
	MEMALLOC_NOIO,
	MEMALLOC_NORECLAIM,
	NR_MEMALLOC_SCOPES
};

/*
 * struct task_struct - the little of a task that mm/ looks at.
 * @flags: PF_* bits.
 * @memalloc_nest: open save()s per scope.  Linux has no such count (its
 *	restore trusts the value save returned); ours lets a restore that does
 *	not match its save be reported and the flag kept equal to "a scope of
 *	this kind is open".
 * @fault: fail-nth and make-it-fail (Linux's fail_nth, make_it_fail).
 * @mm: the address space copy_to_user() and copy_from_user() reach; NULL
 *	for a task with none (a kernel thread), whose user copies fail.
 *	Whoever sets it owns it: boot leaves init_task with none.
 * @pagefault_disabled: pagefault_disable() depth (<linux/uaccess.h>).
 */
struct task_struct {
	int			pid;
	char			comm[TASK_COMM_LEN];
	unsigned int		flags;
	unsigned int		memalloc_nest[NR_MEMALLOC_SCOPES];
	struct fault_task	fault;
	struct mm_struct	*mm;
	int			pagefault_disabled;
};

extern struct task_struct init_task;

/* The current task.  Context: any (in an interrupt: the interrupted task). */
struct task_struct *get_current(void);
#define current get_current()

/**
 * set_current() - make @task the current task (a context switch).
 * Context: task context, not atomic: switching in atomic context is
 * "BUG: scheduling while atomic", reported (REPORT_BAD_CONTEXT) and refused.
 * Return: 0, or -EINVAL (nothing changes) for a NULL @task or when atomic.
 */
int set_current(struct task_struct *task);

/**
 * __might_sleep() - report if the current context may not sleep.
 * @file, @line: where the check is (might_sleep() passes its own).
 * Context: any; this is the check.
 */
void __might_sleep(const char *file, int line);

/*
 * cpu_atomic[n].atomic is set while CPU n is atomic (preempt_count
 * non-zero or interrupts off), kept by mm/sched.c.  might_sleep() tests
 * the current CPU's inline, so that the common case costs two loads and a
 * branch instead of a call on every allocation fast path; one cache line
 * per CPU, so that CPU threads do not bounce a shared line on every
 * spin_lock().
 */
struct cpu_atomic_flag {
	bool	atomic;
} ____cacheline_aligned_in_smp;

extern struct cpu_atomic_flag cpu_atomic[];

#define might_sleep() do {						\
	if (unlikely(__atomic_load_n(&cpu_atomic[smp_processor_id()].atomic, \
				     __ATOMIC_RELAXED)))		\
		__might_sleep(__FILE__, __LINE__);			\
} while (0)
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)

/* An allocation with @gfp may sleep if it may reclaim directly. */
#define might_alloc(gfp)	might_sleep_if((gfp) & __GFP_DIRECT_RECLAIM)

#endif /* _LINUX_SCHED_H */
