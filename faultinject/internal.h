/* SPDX-License-Identifier: GPL-2.0 */
/*
 * faultinject/internal.h - what the files of faultinject/ share, grouped
 * under the file that owns each item.
 */
#ifndef _FAULTINJECT_INTERNAL_H
#define _FAULTINJECT_INTERNAL_H

#include <pthread.h>

#include <limits.h>

#include <linux/fault-inject.h>

/* ---- fault-inject.c -------------------------------------------------- */

/* Linux's FAULT_ATTR_INITIALIZER: interval 1, times 1, verbose 2. */
void fault_attr_init(struct fault_attr *attr, const char *name);
/* Print one report through the machine's sink (stderr without one). */
void fault_inject_report(bool error, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- fault-inject.c -------------------------------------------------- */

/*
 * The lock of every point's mutable state (times, space, count, injected,
 * the generator), taken by should_fail_ex() once a decision needs it.  A
 * host mutex in thread mode, nothing otherwise.  The report an injection
 * prints is made under it: it nests outside the report lock.  Attributes
 * are configured only while no CPU thread runs, so reading them needs no
 * lock; the "reached" statistics are counted with fault_count().
 */
extern pthread_mutex_t fault_mutex;

static inline void fault_lock(void)
{
	if (__builtin_expect(fi_threaded, 0))
		pthread_mutex_lock(&fault_mutex);
}

static inline void fault_unlock(void)
{
	if (__builtin_expect(fi_threaded, 0))
		pthread_mutex_unlock(&fault_mutex);
}

/* ---- failslab.c ------------------------------------------------------ */

void failslab_reset(void);

/* ---- fail_page_alloc.c ----------------------------------------------- */

void fail_page_alloc_reset(void);

/* ---- setup.c --------------------------------------------------------- */

/* Forget the last configuration error. */
void fault_inject_setup_reset(void);

/* The site of a call into a point: @func and the point's return address. */
#define FAULT_SITE_HERE(func) \
	(&(const struct fault_site){ (func), \
		(unsigned long)__builtin_return_address(0) })

#endif /* _FAULTINJECT_INTERNAL_H */
