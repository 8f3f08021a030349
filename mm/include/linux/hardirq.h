/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entering and leaving interrupt context on the current simulated CPU.
 *
 * irq_enter() is what the harness calls to "take an interrupt": it raises
 * HARDIRQ in preempt_count and turns interrupts off, as the hardware does
 * on delivery; irq_exit() undoes both.  nmi_enter()/nmi_exit() likewise
 * with NMI.  local_bh_disable()/local_bh_enable() are the bottom-half pair.
 */
#ifndef _LINUX_HARDIRQ_H
#define _LINUX_HARDIRQ_H

#include <linux/irqflags.h>
#include <linux/preempt.h>

/**
 * irq_enter() - start serving a hard interrupt on the current CPU.
 * Context: any; nests up to 15 deep (beyond is reported and refused).
 */
void irq_enter(void);

/**
 * irq_exit() - finish the innermost hard interrupt, restoring the
 * interrupt state it found.  Context: hard interrupt; outside one it is
 * reported (REPORT_BAD_CONTEXT) and refused.
 */
void irq_exit(void);

/* As irq_enter()/irq_exit(), for non-maskable interrupts. */
void nmi_enter(void);
void nmi_exit(void);

/* Bottom halves off / on: SOFTIRQ_DISABLE_OFFSET in preempt_count. */
static inline void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}

static inline void local_bh_enable(void)
{
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
}

#endif /* _LINUX_HARDIRQ_H */
