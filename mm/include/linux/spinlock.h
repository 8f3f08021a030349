/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks with the context effects of Linux's: spin_lock() disables
 * preemption (the lock is held in atomic context), the _irq and _irqsave
 * variants also turn interrupts off.  Taking a lock the current CPU holds
 * is a deadlock on a real machine: it is reported ("BUG: spinlock
 * recursion") and refused; so is unlocking a lock this CPU does not hold.
 *
 * In single-thread mode (<linux/smp.h>) there is nothing to exclude and
 * @locked is a plain flag.  In thread mode spin_lock() really spins (then
 * yields the host CPU) on @locked with acquire/release atomics.
 *
 * mm/'s own locks (zone->lock, pcp->lock, the slab locks) use
 * smp_spin_lock()/smp_spin_unlock(): exactly spin_lock() in thread mode,
 * nothing at all in single-thread mode, so that the default mode keeps its
 * speed and its behaviour (no preempt_count change where there was none).
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/smp.h>

typedef struct {
	const char	*name;
	bool		locked;		/* atomic in thread mode */
	int		owner_cpu;	/* -1 when unlocked; written by the owner */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) \
	((spinlock_t){ .name = #lockname, .locked = false, .owner_cpu = -1 })
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

static inline void spin_lock_init(spinlock_t *lock)
{
	*lock = __SPIN_LOCK_UNLOCKED(lock);
}

/**
 * spin_lock() - take @lock; preemption is off until spin_unlock().
 * Context: any.  A held @lock is reported and not taken again.
 */
void spin_lock(spinlock_t *lock);

/**
 * spin_unlock() - release @lock and re-enable preemption.
 * Context: any.  A @lock that is not held is reported and nothing changes.
 */
void spin_unlock(spinlock_t *lock);

static inline bool spin_is_locked(const spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

/* An mm/ lock: spin_lock() in thread mode, nothing otherwise.  Context: any. */
static inline void smp_spin_lock(spinlock_t *lock)
{
	if (smp_threads_on())
		spin_lock(lock);
}

static inline void smp_spin_unlock(spinlock_t *lock)
{
	if (smp_threads_on())
		spin_unlock(lock);
}

static inline void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	spin_lock(lock);
}

static inline void spin_unlock_irq(spinlock_t *lock)
{
	spin_unlock(lock);
	local_irq_enable();
}

#define spin_lock_irqsave(lock, flags) \
	do { local_irq_save(flags); spin_lock(lock); } while (0)

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	local_irq_restore(flags);
}

#endif /* _LINUX_SPINLOCK_H */
