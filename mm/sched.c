// SPDX-License-Identifier: GPL-2.0
/*
 * Execution context of the simulated CPUs: preempt_count, interrupt state,
 * the current task, spin locks, and might_sleep().
 *
 * Per CPU: preempt_count (layout in <linux/preempt.h>), whether interrupts
 * are off, and a stack of the interrupt states that each irq_enter() /
 * nmi_enter() found, so that the matching exit restores it.  All of it is
 * reset at boot: every CPU starts in task context, preemptible, interrupts
 * on, with init_task current.
 *
 * The current task belongs to the host thread (thread-local): in thread
 * mode each CPU thread runs its own task; in single-thread mode the one
 * host thread's task moves with machine_set_cpu().  Per-CPU context is
 * indexed by smp_processor_id(), which is the thread's own CPU in thread
 * mode, so each thread touches only its CPU's entry.
 *
 * Misuse (an unbalanced enable or exit, taking a held lock, switching task
 * or CPU while atomic) is reported as REPORT_BAD_CONTEXT and refused with
 * the state as it was.  A sleep where sleeping is forbidden is reported as
 * REPORT_SLEEP_IN_ATOMIC and the caller carries on, as Linux does.
 *
 * Per task: the allocation scopes (<linux/sched/mm.h>), PF_MEMALLOC* flags
 * and how many saves of each kind are open.  A restore that does not match
 * is REPORT_BAD_SCOPE; unlike the context misuse above it is not refused
 * outright (the caller has left its scope either way), it closes one scope
 * and leaves the flag equal to "a scope is still open".
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include <linux/hardirq.h>
#include <linux/machine.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/spinlock.h>

#include "internal.h"

/* How deep hard interrupts and NMIs may nest: their preempt_count fields. */
#define IRQ_NEST_MAX	(__IRQ_MASK(HARDIRQ_BITS) + __IRQ_MASK(NMI_BITS))

struct cpu_context {
	unsigned int	preempt_count;
	bool		irqs_disabled;
	unsigned int	irq_depth;
	bool		irq_saved[IRQ_NEST_MAX];	/* irqs_disabled at entry */
} ____cacheline_aligned_in_smp;	/* each CPU thread writes its own */

static struct cpu_context cpu_ctx[NR_CPUS];

struct cpu_atomic_flag cpu_atomic[NR_CPUS];

/*
 * After every change of @c: keep might_sleep()'s inline test exact.  Only
 * @c's own CPU changes it, so a plain store does.
 */
static void ctx_changed(const struct cpu_context *c)
{
	__atomic_store_n(&cpu_atomic[c - cpu_ctx].atomic,
			 c->preempt_count || c->irqs_disabled, __ATOMIC_RELAXED);
}

struct task_struct init_task = { .pid = 1, .comm = "init" };
static __thread struct task_struct *current_task = &init_task;

static struct cpu_context *this_cpu(void)
{
	return &cpu_ctx[smp_processor_id()];
}

void sched_init(void)
{
	memset(cpu_ctx, 0, sizeof(cpu_ctx));
	memset(cpu_atomic, 0, sizeof(cpu_atomic));
	init_task.fault = (struct fault_task){ 0 };
	init_task.flags = 0;
	memset(init_task.memalloc_nest, 0, sizeof(init_task.memalloc_nest));
	init_task.mm = NULL;
	init_task.pagefault_disabled = 0;
	current_task = &init_task;
	cpu_number = 0;
	smp_threaded = false;
}

void sched_thread_init(unsigned int cpu, struct task_struct *task)
{
	cpu_number = cpu;
	current_task = task;
}

static void bad_context(const char *what)
{
	report_begin(REPORT_BAD_CONTEXT, "BUG: %s", what);
	report_line("preempt_count: %#x, irqs_disabled(): %d, pid: %d, name: %s",
		    preempt_count(), irqs_disabled(), current_task->pid,
		    current_task->comm);
	report_end();
}

bool context_is_atomic(void)
{
	return preempt_count() != 0 || irqs_disabled();
}

/* ---- preempt_count --------------------------------------------------- */

unsigned int preempt_count(void)
{
	return this_cpu()->preempt_count;
}

/* The field of preempt_count that @val counts in. */
static unsigned int field_mask(unsigned int val)
{
	if (val & NMI_MASK)
		return NMI_MASK;
	if (val & HARDIRQ_MASK)
		return HARDIRQ_MASK;
	if (val & SOFTIRQ_MASK)
		return SOFTIRQ_MASK;
	return PREEMPT_MASK;
}

void preempt_count_add(unsigned int val)
{
	struct cpu_context *c = this_cpu();
	unsigned int mask = field_mask(val);

	if ((c->preempt_count & mask) + val > mask) {
		bad_context("preempt count overflow");
		return;
	}
	c->preempt_count += val;
	ctx_changed(c);
}

void preempt_count_sub(unsigned int val)
{
	struct cpu_context *c = this_cpu();

	if ((c->preempt_count & field_mask(val)) < val) {
		bad_context("preempt count underflow");
		return;
	}
	c->preempt_count -= val;
	ctx_changed(c);
}

/* ---- interrupt state ------------------------------------------------- */

bool irqs_disabled(void)
{
	return this_cpu()->irqs_disabled;
}

void local_irq_disable(void)
{
	this_cpu()->irqs_disabled = true;
	ctx_changed(this_cpu());
}

void local_irq_enable(void)
{
	this_cpu()->irqs_disabled = false;
	ctx_changed(this_cpu());
}

unsigned long arch_local_irq_save(void)
{
	unsigned long flags = irqs_disabled() ? 0 : X86_EFLAGS_IF;

	local_irq_disable();
	return flags;
}

void local_irq_restore(unsigned long flags)
{
	if (flags & ~X86_EFLAGS_IF) {
		bad_context("local_irq_restore() of flags that local_irq_save() never returned");
		return;
	}
	this_cpu()->irqs_disabled = irqs_disabled_flags(flags);
	ctx_changed(this_cpu());
}

static void interrupt_enter(unsigned int offset, const char *what)
{
	struct cpu_context *c = this_cpu();
	unsigned int mask = field_mask(offset);

	if ((c->preempt_count & mask) + offset > mask ||
	    c->irq_depth >= IRQ_NEST_MAX) {
		bad_context(what);
		return;
	}
	c->irq_saved[c->irq_depth++] = c->irqs_disabled;
	c->preempt_count += offset;
	c->irqs_disabled = true;
	ctx_changed(c);
}

static void interrupt_exit(unsigned int offset, const char *what)
{
	struct cpu_context *c = this_cpu();

	if (!(c->preempt_count & field_mask(offset)) || !c->irq_depth) {
		bad_context(what);
		return;
	}
	c->preempt_count -= offset;
	c->irqs_disabled = c->irq_saved[--c->irq_depth];
	ctx_changed(c);
}

void irq_enter(void)
{
	interrupt_enter(HARDIRQ_OFFSET, "irq_enter: hard interrupts nested too deep");
}

void irq_exit(void)
{
	interrupt_exit(HARDIRQ_OFFSET, "irq_exit() outside a hard interrupt");
}

void nmi_enter(void)
{
	interrupt_enter(NMI_OFFSET, "nmi_enter: NMIs nested too deep");
}

void nmi_exit(void)
{
	interrupt_exit(NMI_OFFSET, "nmi_exit() outside an NMI");
}

/* ---- spin locks ------------------------------------------------------ */

static void spin_bug(spinlock_t *lock, const char *what)
{
	report_begin(REPORT_BAD_CONTEXT, "BUG: spinlock %s on CPU#%u", what,
		     smp_processor_id());
	report_line("lock: %s, .owner_cpu: %d", lock->name ? lock->name : "?",
		    __atomic_load_n(&lock->owner_cpu, __ATOMIC_RELAXED));
	report_end();
}

/*
 * Thread mode: only this CPU ever writes its own number into owner_cpu, so
 * "owner_cpu is me" is exact without holding the lock.  Spin on a plain
 * load (test-and-test-and-set), and give the host CPU away while waiting:
 * the holder may be a preempted host thread.
 */
static void raw_spin_lock(spinlock_t *lock)
{
	for (unsigned int spins = 0;
	     __atomic_exchange_n(&lock->locked, true, __ATOMIC_ACQUIRE); ) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			if (++spins % 64 == 0)
				sched_yield();
	}
}

void spin_lock(spinlock_t *lock)
{
	int me = (int)smp_processor_id();

	if (smp_threads_on() ?
	    __atomic_load_n(&lock->owner_cpu, __ATOMIC_RELAXED) == me :
	    lock->locked) {
		spin_bug(lock, "recursion");
		return;
	}
	preempt_disable();
	if (smp_threads_on())
		raw_spin_lock(lock);
	else
		lock->locked = true;
	__atomic_store_n(&lock->owner_cpu, me, __ATOMIC_RELAXED);
}

void spin_unlock(spinlock_t *lock)
{
	int me = (int)smp_processor_id();

	if (smp_threads_on() ?
	    __atomic_load_n(&lock->owner_cpu, __ATOMIC_RELAXED) != me :
	    !lock->locked) {
		spin_bug(lock, "already unlocked");
		return;
	}
	__atomic_store_n(&lock->owner_cpu, -1, __ATOMIC_RELAXED);
	if (smp_threads_on())
		__atomic_store_n(&lock->locked, false, __ATOMIC_RELEASE);
	else
		lock->locked = false;
	preempt_enable();
}

/* ---- tasks ----------------------------------------------------------- */

struct task_struct *get_current(void)
{
	return current_task;
}

int set_current(struct task_struct *task)
{
	if (!task) {
		bad_context("set_current(NULL)");
		return -EINVAL;
	}
	if (context_is_atomic()) {
		report_begin(REPORT_BAD_CONTEXT, "BUG: scheduling while atomic: %s/%d/%#x",
			     current_task->comm, current_task->pid, preempt_count());
		report_end();
		return -EINVAL;
	}
	current_task = task;
	return 0;
}

struct fault_task *current_fault_task(void)
{
	return in_task() ? &current_task->fault : NULL;
}

/* ---- allocation scopes ------------------------------------------------ */

static const struct {
	unsigned int	flag;
	const char	*name;
} memalloc_scopes[NR_MEMALLOC_SCOPES] = {
	[MEMALLOC_NOFS]		= { PF_MEMALLOC_NOFS, "nofs" },
	[MEMALLOC_NOIO]		= { PF_MEMALLOC_NOIO, "noio" },
	[MEMALLOC_NORECLAIM]	= { PF_MEMALLOC, "noreclaim" },
};

static bool scope_ok(enum memalloc_scope scope, const char *fn)
{
	if ((unsigned int)scope < NR_MEMALLOC_SCOPES)
		return true;
	report_begin(REPORT_BAD_ARG, "BUG: %s of scope %d, which does not exist",
		     fn, (int)scope);
	report_end();
	return false;
}

unsigned int memalloc_scope_save(enum memalloc_scope scope)
{
	struct task_struct *task = current_task;
	unsigned int flag, old;

	if (!scope_ok(scope, "memalloc_scope_save"))
		return 0;
	flag = memalloc_scopes[scope].flag;
	old = task->flags & flag;
	task->flags |= flag;
	task->memalloc_nest[scope]++;
	return old;
}

void memalloc_scope_restore(enum memalloc_scope scope, unsigned int flags)
{
	struct task_struct *task = current_task;
	unsigned int flag, nest, want;
	const char *name;

	if (!scope_ok(scope, "memalloc_scope_restore"))
		return;
	flag = memalloc_scopes[scope].flag;
	name = memalloc_scopes[scope].name;
	nest = task->memalloc_nest[scope];
	if (!nest) {
		report_begin(REPORT_BAD_SCOPE,
			     "BUG: memalloc_%s_restore() without a memalloc_%s_save()",
			     name, name);
		report_line("flags: %#x, pid: %d, name: %s", flags, task->pid, task->comm);
		report_end();
		return;
	}
	/* A balanced restore puts back what its save found: set iff nested. */
	want = nest > 1 ? flag : 0;
	if (flags != want) {
		report_begin(REPORT_BAD_SCOPE,
			     "BUG: memalloc_%s_restore(%#x) out of order: %u scope%s open, the innermost save returned %#x",
			     name, flags, nest, nest > 1 ? "s" : "", want);
		report_line("%s", flags & ~flag ? "the value has bits no memalloc_*_save() returns" :
			    want ? "it would end the scope an inner save still holds" :
			    "it would keep the scope after its last save is closed");
		report_line("pid: %d, name: %s", task->pid, task->comm);
		report_end();
	}
	task->memalloc_nest[scope] = --nest;
	task->flags = (task->flags & ~flag) | (nest ? flag : 0);
}

/* ---- might_sleep ----------------------------------------------------- */

void __might_sleep(const char *file, int line)
{
	if (!machine.booted || !context_is_atomic())
		return;
	report_begin(REPORT_SLEEP_IN_ATOMIC,
		     "BUG: sleeping function called from invalid context at %s:%d",
		     file, line);
	report_line("in_atomic(): %d, irqs_disabled(): %d, non_block: 0, pid: %d, name: %s",
		    in_atomic(), irqs_disabled(), current_task->pid,
		    current_task->comm);
	report_line("preempt_count: %x, expected: 0", preempt_count());
	report_end();
}
