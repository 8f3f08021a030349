/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local interrupt state of the current simulated CPU.
 *
 * Flags are x86's EFLAGS image: X86_EFLAGS_IF set means interrupts were
 * enabled.  local_irq_save()/local_irq_restore() nest; disabling twice and
 * enabling once enables, as on real hardware.
 */
#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H

#include <linux/types.h>

#define X86_EFLAGS_IF	0x200UL

/* Are interrupts off on the current CPU?  Context: any. */
bool irqs_disabled(void);

/* Interrupts off / on on the current CPU.  Context: any. */
void local_irq_disable(void);
void local_irq_enable(void);

/* The current flags, then interrupts off.  Context: any. */
unsigned long arch_local_irq_save(void);

/**
 * local_irq_restore() - put back the interrupt state saved in @flags.
 * Context: any; flags with bits other than X86_EFLAGS_IF are reported
 * (REPORT_BAD_CONTEXT) and refused.
 */
void local_irq_restore(unsigned long flags);

#define local_irq_save(flags)	do { (flags) = arch_local_irq_save(); } while (0)

static inline bool irqs_disabled_flags(unsigned long flags)
{
	return !(flags & X86_EFLAGS_IF);
}

#endif /* _LINUX_IRQFLAGS_H */
