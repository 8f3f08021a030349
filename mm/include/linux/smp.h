/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which simulated CPU is this, and thread mode: the CPUs as host threads.
 *
 * Single-thread mode (the default, and what every fuzz input runs in): one
 * host thread plays every CPU in turn; machine_set_cpu() switches between
 * calls, never inside one, so mm/ needs no locks and takes none.
 *
 * Thread mode: between smp_threads_begin() and smp_threads_end() each
 * simulated CPU is at most one host thread, which claimed it with
 * cpu_thread_enter().  The current CPU, the current task, preempt_count
 * and the interrupt state are the host thread's own (the CPU number is
 * thread-local; the others are indexed by it or thread-local too), and
 * mm/'s own locks are real: zone->lock, the per-CPU page lists' pcp->lock,
 * each slab cache's per-CPU lock and node list_lock, slab_mutex, the
 * vmalloc mutex, the report lock and the fault-injection lock.  In
 * single-thread mode those locks are one predicted-not-taken test of
 * smp_threaded each (smp_spin_lock(), mutex_lock()).
 *
 * Not thread-safe yet, so refused or documented as single-thread only:
 * slab_debug caches (smp_threads_begin() refuses while one exists), kmap on
 * highmem (the PKMAP pool), process address spaces (brk, demand paging),
 * the balloon and injected memory pressure.
 */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <linux/types.h>

struct task_struct;

/* Thread mode is on.  Written only while no CPU thread runs. */
extern bool smp_threaded;

/* The current host thread's CPU (Linux's per-CPU cpu_number). */
extern __thread unsigned int cpu_number __attribute__((tls_model("initial-exec")));

static inline bool smp_threads_on(void)
{
	return unlikely(smp_threaded);
}

/* The current simulated CPU.  Context: any. */
static inline unsigned int smp_processor_id(void)
{
	return cpu_number;
}

/**
 * smp_threads_begin() - turn thread mode on; the CPUs are free to claim.
 * Context: the thread that booted the machine, task context, not atomic,
 * no CPU thread running.  It keeps no CPU: it must not call into mm/ until
 * smp_threads_end().  Refused with a REPORT_BAD_CONTEXT report when no
 * machine is booted, thread mode is already on, the caller is atomic, or a
 * slab_debug cache exists (its paths take no locks yet).
 * Return: 0, or -EINVAL with nothing changed.
 */
int smp_threads_begin(void);

/**
 * smp_threads_end() - back to single-thread mode, on CPU 0 as init_task.
 * Context: the thread that called smp_threads_begin(), after every CPU
 * thread left with cpu_thread_exit().  A CPU still claimed is reported and
 * the call refused.
 * Return: 0, or -EBUSY (still threaded) or -EINVAL (not in thread mode).
 */
int smp_threads_end(void);

/**
 * cpu_thread_enter() - make the calling host thread CPU @cpu, running @task.
 * Context: thread mode, a thread that holds no CPU.  @task is the thread's
 * own (fail-nth and make-it-fail are per task); a NULL @task, a CPU that
 * is offline or claimed by another thread, or a call outside thread mode is
 * reported (REPORT_BAD_CONTEXT) and refused.
 * Return: 0, -EINVAL or -EBUSY.
 */
int cpu_thread_enter(unsigned int cpu, struct task_struct *task);

/**
 * cpu_thread_exit() - give the calling thread's CPU back.
 * Context: the thread that entered, not atomic (leaving with preemption
 * or interrupts off is reported and refused).  Its per-CPU caches stay as
 * they are, as on a CPU that merely goes idle.
 * Return: 0 or -EINVAL.
 */
int cpu_thread_exit(void);

#endif /* _LINUX_SMP_H */
