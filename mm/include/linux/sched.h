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

#include <linux/fault-inject.h>
#include <linux/gfp_types.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/types.h>

#define TASK_COMM_LEN	16

/*
 * struct task_struct - the little of a task that mm/ looks at.
 * @fault: fail-nth and make-it-fail (Linux's fail_nth, make_it_fail).
 */
struct task_struct {
	int			pid;
	char			comm[TASK_COMM_LEN];
	struct fault_task	fault;
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

#define might_sleep()		__might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)

/* An allocation with @gfp may sleep if it may reclaim directly. */
#define might_alloc(gfp)	might_sleep_if((gfp) & __GFP_DIRECT_RECLAIM)

#endif /* _LINUX_SCHED_H */
