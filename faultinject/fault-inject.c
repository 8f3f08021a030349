// SPDX-License-Identifier: GPL-2.0
/*
 * The generic fault-injection decision (Linux's lib/fault-inject.c), the
 * machine's deterministic generator, fail-nth and the statistics.
 *
 * State: the four attribute structs (owned here and by the point files),
 * the generator state, and the environment lent by the machine.  All of it
 * is reset by fault_inject_boot(), so nothing survives from one machine to
 * the next.  In the machine's thread mode all of it is under fault_mutex
 * (fault_lock()); the per-task fail-nth state belongs to its thread.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/fault-inject.h>

#include "internal.h"

static struct fault_inject_env fi_env;
static u64 fi_rand_state = FAULT_INJECT_DEFAULT_SEED;
bool fi_threaded;
pthread_mutex_t fault_mutex = PTHREAD_MUTEX_INITIALIZER;

/*
 * Thread mode's "reached" counts.  One shared counter, incremented on
 * every allocation's fast path, bounced its cache line between the CPU
 * threads (two threads ran slower than one); each thread counts into a
 * stripe of its own line instead, and the stripes are added to the
 * attributes when thread mode ends.  Threads beyond FAULT_STRIPES share
 * stripes, hence the atomics.
 */
#define FAULT_STRIPES	8

static struct fault_attr *const fault_attrs[] = {
	&fail_page_alloc.attr, &failslab.attr, &fail_vmalloc, &fail_pgtable_alloc,
};
#define NR_FAULT_ATTRS	(sizeof(fault_attrs) / sizeof(fault_attrs[0]))

static struct fault_stripe {
	unsigned long	reached[NR_FAULT_ATTRS];
} __attribute__((aligned(64))) fault_stripes[FAULT_STRIPES];

static unsigned int fault_next_stripe;
static __thread struct fault_stripe *my_stripe;

void fault_count_threaded(unsigned long *stat)
{
	unsigned int i;

	if (!my_stripe)
		my_stripe = &fault_stripes[__atomic_fetch_add(&fault_next_stripe, 1,
							      __ATOMIC_RELAXED) % FAULT_STRIPES];
	for (i = 0; i < NR_FAULT_ATTRS; i++)
		if (stat == &fault_attrs[i]->reached)
			break;
	if (i < NR_FAULT_ATTRS)
		__atomic_fetch_add(&my_stripe->reached[i], 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(stat, 1, __ATOMIC_RELAXED);	/* not an attribute's */
}

void fault_inject_set_threaded(bool on)
{
	fi_threaded = on;
	if (on)
		return;
	/* No CPU thread runs any more: fold the stripes in. */
	for (unsigned int t = 0; t < FAULT_STRIPES; t++) {
		for (unsigned int i = 0; i < NR_FAULT_ATTRS; i++) {
			fault_attrs[i]->reached += fault_stripes[t].reached[i];
			fault_stripes[t].reached[i] = 0;
		}
	}
}

/* splitmix64: one 64-bit state, any seed (even 0) is good. */
static u64 fi_rand(void)
{
	u64 z = (fi_rand_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, ceil), Lemire's multiply-shift; ceil is 100 here. */
static u32 get_random_u32_below(u32 ceil)
{
	return (u32)(((fi_rand() >> 32) * (u64)ceil) >> 32);
}

void fault_inject_seed(u64 seed)
{
	fi_rand_state = seed;
}

void fault_attr_init(struct fault_attr *attr, const char *name)
{
	memset(attr, 0, sizeof(*attr));
	attr->name = name;
	attr->interval = 1;
	attr->times = 1;
	attr->verbose = 2;
	attr->require_end = ULONG_MAX;
}

void fault_inject_boot(const struct fault_inject_env *env)
{
	if (env)
		fi_env = *env;
	else
		memset(&fi_env, 0, sizeof(fi_env));
	fi_threaded = false;
	memset(fault_stripes, 0, sizeof(fault_stripes));
	fault_inject_seed(FAULT_INJECT_DEFAULT_SEED);
	fail_nth_armed = false;
	failslab_reset();
	fail_page_alloc_reset();
	fault_attr_init(&fail_vmalloc, "fail_vmalloc");
	fault_attr_init(&fail_pgtable_alloc, "fail_pgtable_alloc");
	fault_inject_setup_reset();
}

void fault_inject_report(bool error, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (fi_env.report)
		fi_env.report(error, text);
	else
		fprintf(stderr, "%s\n", text);
}

static struct fault_task *current_fault_task(void)
{
	return fi_env.current_task ? fi_env.current_task() : NULL;
}

bool fail_nth_armed;

void fail_nth_set(unsigned int n)
{
	struct fault_task *task = current_fault_task();

	if (task)
		task->fail_nth = n;
	fail_nth_armed |= task && n;
}

unsigned int fail_nth_get(void)
{
	struct fault_task *task = current_fault_task();

	return task ? task->fail_nth : 0;
}

void fault_set_make_it_fail(bool on)
{
	struct fault_task *task = current_fault_task();

	if (task)
		task->make_it_fail = on;
}

static bool in_range(unsigned long addr, unsigned long start, unsigned long end)
{
	return addr >= start && addr < end;
}

/* Linux's fail_stacktrace(), one frame deep: the function calling the point. */
static bool fail_site(const struct fault_attr *attr, const struct fault_site *site)
{
	const char *func = site ? site->func : NULL;
	unsigned long addr = site ? site->addr : 0;

	if (attr->reject_caller[0] && func && !strcmp(func, attr->reject_caller))
		return false;
	if (in_range(addr, attr->reject_start, attr->reject_end))
		return false;
	if (attr->require_caller[0] && (!func || strcmp(func, attr->require_caller)))
		return false;
	return in_range(addr, attr->require_start, attr->require_end);
}

static void fail_dump(const struct fault_attr *attr, bool nth)
{
	if (!attr->verbose)
		return;
	fault_inject_report(false,
		"FAULT_INJECTION: forcing a failure.\n"
		"name %s, interval %lu, probability %lu, space %ld, times %ld%s",
		attr->name, attr->interval, attr->probability, attr->space,
		attr->times, nth ? " (fail-nth)" : "");
}

/* The attribute's own conditions, in Linux's order.  Context: fault_lock(). */
static bool should_fail_attr(struct fault_attr *attr, ssize_t size,
			     const struct fault_task *task,
			     const struct fault_site *site)
{
	if (attr->task_filter && !(task && task->make_it_fail))
		return false;
	if (attr->times == 0)
		return false;
	if (!fail_site(attr, site))
		return false;
	if (attr->space > size) {
		attr->space -= size;
		return false;
	}
	if (attr->interval > 1) {
		attr->count++;
		if (attr->count % attr->interval)
			return false;
	}
	return attr->probability > get_random_u32_below(100);
}

/*
 * fail-nth is the task's own and a point with probability 0 never fails:
 * both are decided without the lock, so that a machine in thread mode with
 * fault injection off does not serialise every allocation on it.
 */
bool should_fail_ex(struct fault_attr *attr, ssize_t size, int flags,
		    const struct fault_site *site)
{
	struct fault_task *task = current_fault_task();
	bool nth = false, fail;

	if (task && task->fail_nth) {
		if (--task->fail_nth)
			return false;
		nth = true;
	} else if (attr->probability == 0) {
		return false;
	}
	fault_lock();
	fail = nth || should_fail_attr(attr, size, task, site);
	if (fail) {
		if (!(flags & FAULT_NOWARN))
			fail_dump(attr, nth);
		if (attr->times != -1 && attr->times > 0)
			attr->times--;
		attr->injected++;
	}
	fault_unlock();
	return fail;
}

void fault_inject_show_stats(FILE *out)
{
	for (unsigned int i = 0; i < NR_FAULT_ATTRS; i++)
		fprintf(out, "%-20s reached %lu injected %lu\n", fault_attrs[i]->name,
			fault_attrs[i]->reached, fault_attrs[i]->injected);
}

unsigned long fault_inject_total_injected(void)
{
	unsigned long sum = 0;

	for (unsigned int i = 0; i < NR_FAULT_ATTRS; i++)
		sum += fault_attrs[i]->injected;
	return sum;
}
