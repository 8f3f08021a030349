// SPDX-License-Identifier: GPL-2.0
/*
 * Thread mode: which host thread is which simulated CPU (see <linux/smp.h>).
 *
 * A CPU is claimed by at most one thread (cpu_claimed[], compare-and-swap),
 * so per-CPU state indexed by smp_processor_id() has one writer.  The mode
 * flag itself changes only while no CPU thread runs: pthread_create() and
 * pthread_join() order it with every read the threads make.
 */
#include <errno.h>

#include <linux/fault-inject.h>
#include <linux/machine.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include "internal.h"

bool smp_threaded;
__thread unsigned int cpu_number __attribute__((tls_model("initial-exec")));

static bool cpu_claimed[NR_CPUS];

static int smp_refuse(int err, const char *why)
{
	report_begin(REPORT_BAD_CONTEXT, "BUG: thread mode: %s", why);
	report_line("CPU: %u preempt_count: %#x, irqs_disabled(): %d",
		    smp_processor_id(), preempt_count(), irqs_disabled());
	report_end();
	return err;
}

int smp_threads_begin(void)
{
	if (!machine.booted)
		return smp_refuse(-EINVAL, "smp_threads_begin() with no machine booted");
	if (smp_threaded)
		return smp_refuse(-EINVAL, "smp_threads_begin() twice");
	if (context_is_atomic())
		return smp_refuse(-EINVAL, "smp_threads_begin() in atomic context");
	if (slab_debug_caches())
		return smp_refuse(-EINVAL, "slab_debug caches take no locks: single-thread only");
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		cpu_claimed[cpu] = false;
	fault_inject_set_threaded(true);
	smp_threaded = true;
	return 0;
}

int smp_threads_end(void)
{
	if (!smp_threaded)
		return smp_refuse(-EINVAL, "smp_threads_end() outside thread mode");
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (__atomic_load_n(&cpu_claimed[cpu], __ATOMIC_ACQUIRE))
			return smp_refuse(-EBUSY, "smp_threads_end() while a CPU thread runs");
	smp_threaded = false;
	fault_inject_set_threaded(false);
	sched_thread_init(0, &init_task);
	return 0;
}

int cpu_thread_enter(unsigned int cpu, struct task_struct *task)
{
	bool free = false;

	if (!smp_threaded)
		return smp_refuse(-EINVAL, "cpu_thread_enter() outside thread mode");
	if (!task)
		return smp_refuse(-EINVAL, "cpu_thread_enter() with no task");
	if (cpu >= machine.nr_cpus)
		return smp_refuse(-EINVAL, "cpu_thread_enter() of an offline CPU");
	if (!__atomic_compare_exchange_n(&cpu_claimed[cpu], &free, true, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return smp_refuse(-EBUSY, "cpu_thread_enter() of a CPU another thread is");
	sched_thread_init(cpu, task);
	return 0;
}

int cpu_thread_exit(void)
{
	if (context_is_atomic())
		return smp_refuse(-EINVAL, "cpu_thread_exit() in atomic context");
	__atomic_store_n(&cpu_claimed[smp_processor_id()], false, __ATOMIC_RELEASE);
	sched_thread_init(0, &init_task);
	return 0;
}
