/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection: the points where an allocation may be made to fail on
 * purpose, and the attributes that decide when.
 *
 * Each layer asks its point before doing real work, exactly where Linux asks:
 * should_fail_alloc_page() at the top of the page allocator,
 * should_failslab() before a slab object is handed out, and two points of
 * ours, should_fail_vmalloc_range() before the vmalloc area allocator looks
 * for a range and should_fail_pgtable_alloc() before a page-table page is
 * allocated at run time.
 *
 * A point first applies its own filters (the per-point extras below: a
 * __GFP_NOFAIL request is never failed, ignore-gfp-wait, min-order, ...);
 * a call that passes them is "fault-able" and goes to should_fail_ex(),
 * which decides in Linux's order:
 *
 *   1. fail-nth of the current task (only in task context): counting down,
 *      the call that brings it to zero fails, whatever the attributes say;
 *   2. probability 0: never;
 *   3. task-filter: only tasks with make_it_fail, only in task context;
 *   4. times: 0 left means never (-1 is unlimited);
 *   5. caller filter: require-* / reject-* (call-site address range or the
 *      name of the function that called the point);
 *   6. space: while the size budget lasts, calls are spent from it and pass;
 *   7. interval: only every interval-th call that got here;
 *   8. probability: percent, from the machine's deterministic generator.
 *
 * A failure decrements times (unless -1) and, if verbose and the caller did
 * not pass __GFP_NOWARN, is reported ("FAULT_INJECTION: forcing a failure.").
 *
 * Configuration: programmatically (write the attribute structs below, or
 * call fault_inject_setup()), from a string in Linux's boot syntax, and from
 * the environment variable MMFUZZ_FAULT_INJECT, which the machine applies at
 * each boot.  Boot resets every attribute to Linux's defaults, the
 * statistics to zero and the generator to its seed, so every run replays.
 *
 * This package is architecture-independent: it knows GFP bits and nothing
 * else of mm/.  The execution context (current task, in_task()) and the
 * report sink are handed to it by the machine at boot (fault_inject_boot()).
 */
#ifndef _LINUX_FAULT_INJECT_H
#define _LINUX_FAULT_INJECT_H

#include <stdio.h>
#include <sys/types.h>

#include <linux/gfp_types.h>
#include <linux/types.h>

struct kmem_cache;

/* Longest name of a call site a caller filter may name. */
#define FAULT_SITE_NAME_LEN	48

/**
 * struct fault_attr - when a point fails (Linux's debugfs attributes).
 * @probability:	percent of eligible calls that fail, 0..100.
 * @interval:		only every @interval-th eligible call may fail (>= 1).
 * @times:		failures left; -1 for unlimited.
 * @space:		size budget spent by calls before any may fail.
 * @verbose:		0 silent, 1 and 2 a report per failure.
 * @task_filter:	only fail tasks that have make_it_fail set.
 * @require_start/@require_end:	only calls from host code addresses in
 *			[start, end); the default [0, ULONG_MAX) is all.
 * @reject_start/@reject_end:	never calls from [start, end); empty by default.
 * @require_caller:	only calls made from the function of this name.
 * @reject_caller:	never calls made from the function of this name.
 *
 * The rest is state: @count (eligible calls for @interval), @reached (calls
 * into the point), @injected (failures), and the point's @name.
 */
struct fault_attr {
	unsigned long	probability;
	unsigned long	interval;
	long		times;
	long		space;
	unsigned long	verbose;
	bool		task_filter;
	unsigned long	require_start;
	unsigned long	require_end;
	unsigned long	reject_start;
	unsigned long	reject_end;
	char		require_caller[FAULT_SITE_NAME_LEN];
	char		reject_caller[FAULT_SITE_NAME_LEN];

	const char	*name;
	unsigned long	count;
	unsigned long	reached;
	unsigned long	injected;
};

/* failslab: Linux's defaults ignore allocations that may reclaim. */
struct failslab_attr {
	struct fault_attr	attr;
	bool			ignore_gfp_reclaim;	/* "ignore-gfp-wait" */
	bool			cache_filter;	/* only caches marked failslab */
};

/* fail_page_alloc: Linux's defaults skip reclaim, highmem and order 0. */
struct fail_page_alloc_attr {
	struct fault_attr	attr;
	bool			ignore_gfp_highmem;
	bool			ignore_gfp_reclaim;	/* "ignore-gfp-wait" */
	unsigned int		min_order;
};

extern struct failslab_attr failslab;
extern struct fail_page_alloc_attr fail_page_alloc;
extern struct fault_attr fail_vmalloc;
extern struct fault_attr fail_pgtable_alloc;

/* What a task carries for fault injection (Linux's task_struct fields). */
struct fault_task {
	unsigned int	fail_nth;	/* countdown; 0 when disarmed or fired */
	bool		make_it_fail;	/* for task-filter */
};

/* Where a point was called from: the calling function and its address. */
struct fault_site {
	const char	*func;
	unsigned long	addr;
};

/**
 * struct fault_inject_env - what the machine lends the framework.
 * @current_task:	the current task's fault state, or NULL when not in
 *			task context (in_interrupt()).
 * @report:		print one report; @error for a refused configuration,
 *			otherwise an injected failure.  NULL: stderr.
 */
struct fault_inject_env {
	struct fault_task	*(*current_task)(void);
	void			(*report)(bool error, const char *text);
};

/* The environment variable machine_boot() passes to fault_inject_setup(). */
#define FAULT_INJECT_ENV	"MMFUZZ_FAULT_INJECT"
/* The generator's seed at every boot, unless configured otherwise. */
#define FAULT_INJECT_DEFAULT_SEED	0x6d6d66757a7aULL

#define FAULT_NOWARN	0x1

/**
 * fault_inject_set_threaded() - the machine's CPUs are (@on) or stop being
 * concurrent host threads: every point's decision then runs under a mutex,
 * and the @reached counts of thread mode are added to the attributes when
 * it ends.  Context: while no CPU thread runs (the machine's
 * smp_threads_begin/end).
 */
void fault_inject_set_threaded(bool on);

/**
 * fault_inject_boot() - reset everything to Linux's defaults for a new machine.
 * @env: the context provider; NULL detaches (teardown).
 * Context: machine boot and teardown only.
 */
void fault_inject_boot(const struct fault_inject_env *env);

/**
 * fault_inject_seed() - restart the generator from @seed.
 * Context: any.  Two runs with the same seed and calls fail the same calls.
 */
void fault_inject_seed(u64 seed);

/**
 * fault_inject_setup() - configure from a string in Linux's boot syntax.
 * @cmdline: whitespace-separated words, each one of
 *	<point>=<interval>,<probability>,<space>,<times>
 *	<point>.<attribute>=<value>
 *	fault_inject.seed=<value>
 * where <point> is failslab, fail_page_alloc, fail_vmalloc or
 * fail_pgtable_alloc and <attribute> one of Linux's names (probability,
 * interval, times, space, verbose, task-filter, require-start, require-end,
 * reject-start, reject-end, ignore-gfp-wait, cache-filter,
 * ignore-gfp-highmem, min-order) or ours (require-caller, reject-caller).
 * Booleans are Y/N/1/0; numbers decimal or 0x hex; probability 0..100.
 * Context: any.  A NULL or empty @cmdline changes nothing.
 * Return: 0, or -EINVAL with nothing applied: a word that does not parse is
 * reported (an error report naming the word and why) and kept for
 * fault_inject_last_error().
 */
int fault_inject_setup(const char *cmdline);

/* Why the last fault_inject_setup() was refused; "" if it was not. */
const char *fault_inject_last_error(void);

/**
 * should_fail_ex() - the generic decision, in Linux's order (see above).
 * @size: what this call spends of @attr->space.
 * @flags: FAULT_NOWARN to fail silently.
 * @site: the calling function, for the caller filter; NULL matches no name.
 * Return: true if the caller must fail.
 */
bool should_fail_ex(struct fault_attr *attr, ssize_t size, int flags,
		    const struct fault_site *site);

/*
 * fail-nth of the current task (Linux's /proc/self/fail-nth): the @n-th
 * fault-able call from now on fails; 0 disarms.  Context: task context;
 * in an interrupt, or before a machine lends its tasks, it does nothing.
 */
void fail_nth_set(unsigned int n);

/*
 * Read fail-nth back: 0 when it fired (or was never armed), otherwise the
 * number of fault-able calls still to come before it fires.
 */
unsigned int fail_nth_get(void);

/* make_it_fail of the current task, for attributes with task-filter. */
void fault_set_make_it_fail(bool on);

/* Points reached and faults injected per point, one line each. */
void fault_inject_show_stats(FILE *out);

/* Faults injected so far by every point together. */
unsigned long fault_inject_total_injected(void);

/* ---- the points ----------------------------------------------------- */

/*
 * Each point is a function taking the calling function's name; the macro of
 * the Linux name supplies it, so callers write should_failslab(s, gfp).
 */
bool __should_fail_alloc_page(gfp_t gfp, unsigned int order, const char *func);
bool __should_failslab(struct kmem_cache *s, size_t size, gfp_t gfp,
		       const char *func);
bool __should_fail_vmalloc_range(unsigned long size, gfp_t gfp,
				 const char *func);
bool __should_fail_pgtable_alloc(gfp_t gfp, const char *func);

/*
 * Set by fail_nth_set() for any task, cleared by fault_inject_boot(): with
 * it clear and an attribute's probability 0, nothing can fail, so the
 * macros below skip the out-of-line point (a call on every allocation's
 * fast path) after counting the call as reached.
 */
extern bool fail_nth_armed;

/* CPU threads run (thread mode): see fault_count_threaded(). */
extern bool fi_threaded;

/*
 * fault_count_threaded() - thread mode's ++*@stat, for an attribute's
 * @reached: into the calling thread's own counters, added to *@stat when
 * thread mode ends.  Context: thread mode.
 */
void fault_count_threaded(unsigned long *stat);

/* ++*@stat; in thread mode, through fault_count_threaded(). */
static inline void fault_count(unsigned long *stat)
{
	if (__builtin_expect(fi_threaded, 0))
		fault_count_threaded(stat);
	else
		++*stat;
}

static inline bool fault_attr_armed(const struct fault_attr *attr)
{
	return attr->probability || fail_nth_armed;
}

/**
 * should_fail_alloc_page() - fail_page_alloc, before the page allocator
 * looks at any zone.  Never fails __GFP_NOFAIL; honours ignore-gfp-wait,
 * ignore-gfp-highmem and min-order before the generic attributes.
 * Return: true if the allocation must fail.
 */
#define should_fail_alloc_page(gfp, order)				\
	(fault_count(&fail_page_alloc.attr.reached),			\
	 fault_attr_armed(&fail_page_alloc.attr) &&			\
	 __should_fail_alloc_page((gfp), (order), __func__))

/**
 * should_failslab() - failslab, before a slab object is handed out.
 * Never fails __GFP_NOFAIL; honours ignore-gfp-wait and cache-filter (only
 * caches marked with failslab_mark_cache()).  Each call spends 1 of space;
 * should_failslab_size() spends the object size instead.
 * Return: true if the allocation must fail.
 */
#define should_failslab(s, gfp) should_failslab_size((s), 1, (gfp))
#define should_failslab_size(s, size, gfp)				\
	(fault_count(&failslab.attr.reached),				\
	 fault_attr_armed(&failslab.attr) &&				\
	 __should_failslab((s), (size), (gfp), __func__))

/**
 * failslab_mark_cache() - mark @s for cache-filter (Linux's per-cache
 * failslab attribute, SLAB_FAILSLAB); @on false unmarks it.  The slab
 * allocator unmarks a cache when it destroys it.
 * Return: 0, or -ENOSPC when FAILSLAB_MAX_CACHES caches are marked.
 */
#define FAILSLAB_MAX_CACHES	16
int failslab_mark_cache(const struct kmem_cache *s, bool on);

/**
 * should_fail_vmalloc_range() - ours: before the vmalloc area allocator
 * looks for a free range of @size bytes.  Never fails __GFP_NOFAIL.
 * Return: true if the allocation must fail.
 */
#define should_fail_vmalloc_range(size, gfp) \
	__should_fail_vmalloc_range((size), (gfp), __func__)

/**
 * should_fail_pgtable_alloc() - ours: before a page-table page is allocated
 * at run time (never for the boot page tables).  Never fails __GFP_NOFAIL.
 * Return: true if the allocation must fail.
 */
#define should_fail_pgtable_alloc(gfp) \
	__should_fail_pgtable_alloc((gfp), __func__)

#endif /* _LINUX_FAULT_INJECT_H */
