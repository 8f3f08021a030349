/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sleeping locks, for mm/'s own serialisation that allocates while held
 * (vmalloc maps pages and page tables, slab_mutex spans reclaim's walk of
 * every cache).  Unlike a spinlock, holding one is not atomic context, so
 * GFP_KERNEL allocations under it are fine, as in Linux.
 *
 * Real (a host mutex) only in thread mode (<linux/smp.h>); in single-thread
 * mode mutex_lock() is one predicted-not-taken test.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <pthread.h>

#include <linux/smp.h>

struct mutex {
	pthread_mutex_t		lock;
};

#define DEFINE_MUTEX(name) \
	struct mutex name = { .lock = PTHREAD_MUTEX_INITIALIZER }

/* Take @m, waiting for it in thread mode.  Context: any the caller's lock order allows. */
static inline void mutex_lock(struct mutex *m)
{
	if (smp_threads_on())
		pthread_mutex_lock(&m->lock);
}

/* Release @m.  Context: its holder. */
static inline void mutex_unlock(struct mutex *m)
{
	if (smp_threads_on())
		pthread_mutex_unlock(&m->lock);
}

#endif /* _LINUX_MUTEX_H */
