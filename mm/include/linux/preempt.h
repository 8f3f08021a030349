/* SPDX-License-Identifier: GPL-2.0 */
/*
 * preempt_count: how atomic the current CPU is, with Linux's layout.
 *
 *   bits  0- 7  PREEMPT   preempt_disable() depth (spin locks count here)
 *   bits  8-15  SOFTIRQ   bottom halves: +1 serving a softirq,
 *                         +2 per local_bh_disable()
 *   bits 16-19  HARDIRQ   irq_enter() depth
 *   bits 20-23  NMI       nmi_enter() depth
 *
 * Each simulated CPU has its own count (smp_processor_id() picks it).  Any
 * non-zero count is atomic context: in_atomic() is true and nothing may
 * sleep.  Unbalanced decrements are reported (REPORT_BAD_CONTEXT) and
 * refused, leaving the count as it was.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/types.h>

#define PREEMPT_BITS	8
#define SOFTIRQ_BITS	8
#define HARDIRQ_BITS	4
#define NMI_BITS	4

#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	(PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT	(SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT	(HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x)	((1U << (x)) - 1)
#define PREEMPT_MASK	(__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK	(__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK	(__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET		(1U << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET		(1U << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET		(1U << HARDIRQ_SHIFT)
#define NMI_OFFSET		(1U << NMI_SHIFT)
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)

/* The current CPU's count.  Context: any. */
unsigned int preempt_count(void);

/**
 * preempt_count_add() - raise the current CPU's count by @val.
 * Context: any.  An overflow of the field @val belongs to is reported and
 * refused.
 */
void preempt_count_add(unsigned int val);

/**
 * preempt_count_sub() - lower the current CPU's count by @val.
 * Context: any.  Lowering a field below zero is reported
 * ("BUG: preempt count underflow") and refused.
 */
void preempt_count_sub(unsigned int val);

#define hardirq_count()		(preempt_count() & HARDIRQ_MASK)
#define softirq_count()		(preempt_count() & SOFTIRQ_MASK)
#define irq_count()		(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK))

#define in_nmi()		(!!(preempt_count() & NMI_MASK))
#define in_hardirq()		(!!hardirq_count())
#define in_serving_softirq()	(!!(softirq_count() & SOFTIRQ_OFFSET))
#define in_softirq()		(!!softirq_count())
/* Interrupt context: hard or soft irq, NMI, or bottom halves disabled. */
#define in_interrupt()		(!!irq_count())
/* Task context: not serving any interrupt (bottom halves may be off). */
#define in_task()		(!(in_nmi() || in_hardirq() || in_serving_softirq()))
/* Atomic: any count at all; sleeping is forbidden. */
#define in_atomic()		(preempt_count() != 0)

/* Disable preemption on the current CPU; nests.  Context: any. */
static inline void preempt_disable(void)
{
	preempt_count_add(PREEMPT_OFFSET);
}

/* Undo one preempt_disable(); an unbalanced one is reported and refused. */
static inline void preempt_enable(void)
{
	preempt_count_sub(PREEMPT_OFFSET);
}

#endif /* _LINUX_PREEMPT_H */
