// SPDX-License-Identifier: GPL-2.0
/*
 * Execution context: preempt_count's layout, interrupt state, spin locks,
 * might_sleep() in every context, CPU and task switches, and every misuse
 * of the context API reported and refused.
 */
#include <errno.h>

#include <linux/hardirq.h>
#include <linux/highmem.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include "common.h"

/* Linux's layout, written out as literals so a wrong shift cannot agree. */
static void preempt_count_layout(void)
{
	boot_pc(64, 1, 2);
	ASSERT_EQ(preempt_count(), 0);
	ASSERT_TRUE(in_task());
	ASSERT_TRUE(!in_atomic() && !in_interrupt() && !irqs_disabled());

	preempt_disable();
	ASSERT_EQ(preempt_count(), 0x1);
	ASSERT_TRUE(in_atomic() && in_task() && !in_interrupt());
	local_bh_disable();
	ASSERT_EQ(preempt_count(), 0x201);
	ASSERT_TRUE(in_softirq() && in_interrupt() && in_task() && !in_serving_softirq());
	irq_enter();
	ASSERT_EQ(preempt_count(), 0x10201);
	ASSERT_TRUE(in_hardirq() && !in_task() && irqs_disabled() && !in_nmi());
	nmi_enter();
	ASSERT_EQ(preempt_count(), 0x110201);
	ASSERT_TRUE(in_nmi());
	nmi_exit();
	irq_exit();
	ASSERT_TRUE(!irqs_disabled());		/* irq_exit restores what it found */
	local_bh_enable();
	preempt_enable();
	ASSERT_EQ(preempt_count(), 0);
	ASSERT_EQ(report_total(), 0);
}

/* Each CPU has its own count and interrupt state. */
static void per_cpu_state(void)
{
	boot_pc(64, 1, 2);
	ASSERT_EQ(machine_set_cpu(1), 0);
	local_irq_disable();
	preempt_disable();
	ASSERT_EQ(machine_set_cpu(0), -EINVAL);	/* atomic: cannot migrate */
	ASSERT_EQ(report_count(REPORT_BAD_CONTEXT), 1);
	ASSERT_REPORT_HAS("BUG: CPU switch from CPU#1 to CPU#0 in atomic context");
	ASSERT_EQ(smp_processor_id(), 1);
	preempt_enable();
	ASSERT_EQ(machine_set_cpu(0), -EINVAL);	/* interrupts still off */
	local_irq_enable();
	ASSERT_EQ(machine_set_cpu(0), 0);
	ASSERT_EQ(preempt_count(), 0);
	ASSERT_TRUE(!irqs_disabled());
	ASSERT_EQ(report_count(REPORT_BAD_CONTEXT), 2);
}

static void irq_save_restore_nest(void)
{
	unsigned long outer, inner;
	DEFINE_SPINLOCK(lock);

	boot_pc(64, 1, 1);
	local_irq_save(outer);
	ASSERT_EQ(outer, X86_EFLAGS_IF);
	ASSERT_TRUE(irqs_disabled());
	local_irq_save(inner);
	ASSERT_EQ(inner, 0);
	local_irq_restore(inner);
	ASSERT_TRUE(irqs_disabled());
	local_irq_restore(outer);
	ASSERT_TRUE(!irqs_disabled());

	spin_lock_irqsave(&lock, outer);
	ASSERT_TRUE(irqs_disabled() && in_atomic() && spin_is_locked(&lock));
	spin_unlock_irqrestore(&lock, outer);
	ASSERT_TRUE(!irqs_disabled() && !in_atomic() && !spin_is_locked(&lock));
	ASSERT_EQ(report_total(), 0);
}

/* The ways into an atomic context, and out of it again. */
enum ctx { CTX_PREEMPT, CTX_SPINLOCK, CTX_BH, CTX_HARDIRQ, CTX_IRQS_OFF, CTX_NMI, NR_CTX };
static const char *const ctx_names[NR_CTX] = {
	"preempt_disable", "spin_lock", "local_bh_disable", "irq_enter",
	"local_irq_disable", "nmi_enter",
};
static spinlock_t ctx_lock;

static void enter_ctx(enum ctx c)
{
	switch (c) {
	case CTX_PREEMPT:	preempt_disable(); break;
	case CTX_SPINLOCK:	spin_lock(&ctx_lock); break;
	case CTX_BH:		local_bh_disable(); break;
	case CTX_HARDIRQ:	irq_enter(); break;
	case CTX_IRQS_OFF:	local_irq_disable(); break;
	case CTX_NMI:		nmi_enter(); break;
	case NR_CTX:		break;
	}
}

static void leave_ctx(enum ctx c)
{
	switch (c) {
	case CTX_PREEMPT:	preempt_enable(); break;
	case CTX_SPINLOCK:	spin_unlock(&ctx_lock); break;
	case CTX_BH:		local_bh_enable(); break;
	case CTX_HARDIRQ:	irq_exit(); break;
	case CTX_IRQS_OFF:	local_irq_enable(); break;
	case CTX_NMI:		nmi_exit(); break;
	case NR_CTX:		break;
	}
}

static unsigned long nop_count(struct shrinker *s, struct shrink_control *sc)
{
	return 0;
}

static unsigned long nop_scan(struct shrinker *s, struct shrink_control *sc)
{
	return SHRINK_STOP;
}

/*
 * Every sleeping path of this branch in every atomic context: one report
 * each, with in_atomic(), irqs_disabled() and the op index; the same calls
 * in task context report nothing.
 */
static void sleeping_paths_in_each_context(void)
{
	struct shrinker shrinker = { .count_objects = nop_count, .scan_objects = nop_scan };
	unsigned long expected = 0;

	boot_pc(64, 1, 1);
	spin_lock_init(&ctx_lock);
	machine.op_index = 41;
	for (int c = 0; c < NR_CTX; c++) {
		/* A VA of its own, so that the walk must allocate a table. */
		const unsigned long va = VMALLOC_START + (2UL * c + 1) * PMD_SIZE;
		struct page *page;
		char want[96];

		enter_ctx((enum ctx)c);
		page = alloc_pages(GFP_KERNEL, 0);
		ASSERT_NOT_NULL(page);
		ASSERT_EQ(report_count(REPORT_SLEEP_IN_ATOMIC), ++expected);
		ASSERT_REPORT_HAS("BUG: sleeping function called from invalid context at mm/page_alloc.c:");
		snprintf(want, sizeof(want), "in_atomic(): %d, irqs_disabled(): %d,",
			 c != CTX_IRQS_OFF, c == CTX_IRQS_OFF || c == CTX_HARDIRQ || c == CTX_NMI);
		ASSERT_REPORT_HAS(want);
		ASSERT_REPORT_HAS("pid: 1, name: init");
		ASSERT_REPORT_HAS("op: 41");

		ASSERT_EQ(map_kernel_page(va, 100, PAGE_KERNEL, GFP_KERNEL), 0);
		ASSERT_TRUE(report_count(REPORT_SLEEP_IN_ATOMIC) > expected);
		expected = report_count(REPORT_SLEEP_IN_ATOMIC);
		unmap_kernel_page(va);

		ASSERT_EQ(register_shrinker(&shrinker, "ctx"), 0);
		ASSERT_EQ(report_count(REPORT_SLEEP_IN_ATOMIC), ++expected);
		ASSERT_REPORT_HAS("mm/vmscan.c:");
		unregister_shrinker(&shrinker);
		ASSERT_EQ(report_count(REPORT_SLEEP_IN_ATOMIC), ++expected);
		leave_ctx((enum ctx)c);
		ASSERT_EQ(preempt_count(), 0);
		ASSERT_TRUE(!irqs_disabled());
		__free_pages(page, 0);
		printf("  %s: might_sleep reported\n", ctx_names[c]);
	}
	/* Task context: nothing. */
	__free_pages(alloc_pages(GFP_KERNEL, 0), 0);
	ASSERT_EQ(map_kernel_page(VMALLOC_START + 20 * PMD_SIZE, 100, PAGE_KERNEL,
				  GFP_KERNEL), 0);
	ASSERT_EQ(register_shrinker(&shrinker, "ctx"), 0);
	unregister_shrinker(&shrinker);
	ASSERT_EQ(report_count(REPORT_SLEEP_IN_ATOMIC), expected);
	ASSERT_EQ(report_count(REPORT_BAD_CONTEXT), 0);
}

/*
 * The sleeping paths of the other layers, in every atomic context: each
 * reports at least once and still does its work; their atomic-safe
 * twins (GFP_ATOMIC kmalloc, kmap_atomic) report nothing.
 */
static void layer_sleeping_paths_in_each_context(void)
{
	struct page *high;
	unsigned long before;

	boot_pc(ARCH_HAS_HIGHMEM ? 1024 : 64, 1, 1);
	spin_lock_init(&ctx_lock);
	high = alloc_pages(GFP_HIGHUSER, 0);
	for (int c = 0; c < NR_CTX; c++) {
		struct kmem_cache *cache;
		void *obj, *vm, *kaddr;

		enter_ctx((enum ctx)c);
		before = report_count(REPORT_SLEEP_IN_ATOMIC);
		obj = kmalloc(64, GFP_ATOMIC);
		kaddr = kmap_atomic(high);
		kunmap_atomic(kaddr);
		ASSERT_EQ(report_count(REPORT_SLEEP_IN_ATOMIC), before);

		kfree(obj);
		obj = kmalloc(64, GFP_KERNEL);
		ASSERT_NOT_NULL(obj);
		ASSERT_TRUE(report_count(REPORT_SLEEP_IN_ATOMIC) > before);
		ASSERT_REPORT_HAS("sleeping function called from invalid context");

		before = report_count(REPORT_SLEEP_IN_ATOMIC);
		cache = kmem_cache_create("ctx_cache", 48, 0, 0, NULL);
		ASSERT_NOT_NULL(cache);
		ASSERT_TRUE(report_count(REPORT_SLEEP_IN_ATOMIC) > before);

		before = report_count(REPORT_SLEEP_IN_ATOMIC);
		kmem_cache_destroy(cache);
		ASSERT_TRUE(report_count(REPORT_SLEEP_IN_ATOMIC) > before);

		before = report_count(REPORT_SLEEP_IN_ATOMIC);
		vm = vmalloc(2 * PAGE_SIZE);
		ASSERT_NOT_NULL(vm);
		ASSERT_TRUE(report_count(REPORT_SLEEP_IN_ATOMIC) > before);

		before = report_count(REPORT_SLEEP_IN_ATOMIC);
		kaddr = kmap(high);
		ASSERT_NOT_NULL(kaddr);
		ASSERT_TRUE(report_count(REPORT_SLEEP_IN_ATOMIC) > before);
		leave_ctx((enum ctx)c);

		kunmap(high);
		vfree(vm);
		kfree(obj);
		printf("  %s: kmalloc, kmem_cache_create/destroy, vmalloc, kmap reported\n",
		       ctx_names[c]);
	}
	/* Task context: nothing. */
	before = report_count(REPORT_SLEEP_IN_ATOMIC);
	kfree(kmalloc(64, GFP_KERNEL));
	kmem_cache_destroy(kmem_cache_create("task_cache", 48, 0, 0, NULL));
	vfree(vmalloc(PAGE_SIZE));
	kmap(high);
	kunmap(high);
	ASSERT_EQ(report_count(REPORT_SLEEP_IN_ATOMIC), before);
	ASSERT_EQ(report_count(REPORT_BAD_CONTEXT), 0);
	__free_pages(high, 0);
}

/* might_sleep() names its own file and line. */
static void might_sleep_names_its_caller(void)
{
	char want[96];
	int line;

	boot_pc(64, 1, 1);
	preempt_disable();
	line = __LINE__ + 1;
	might_sleep();
	preempt_enable();
	snprintf(want, sizeof(want), "invalid context at tests/context_test.c:%d\n", line);
	ASSERT_REPORT_HAS(want);
	ASSERT_REPORT_HAS("preempt_count: 1, expected: 0");
}

/* Allocations that cannot sleep are fine in interrupt context. */
static void atomic_allocations_in_interrupt(void)
{
	struct page *a, *b, *c;

	boot_pc(64, 1, 1);
	irq_enter();
	a = alloc_pages(GFP_ATOMIC, 0);
	b = alloc_pages(GFP_NOWAIT, 2);
	c = alloc_pages(GFP_ATOMIC | __GFP_ZERO, 0);
	irq_exit();
	ASSERT_TRUE(a && b && c);
	ASSERT_EQ(report_total(), 0);
	__free_pages(a, 0);
	__free_pages(b, 2);
	__free_pages(c, 0);
}

/* Unbalanced and impossible transitions: reported, state untouched. */
static void misuse_is_refused(void)
{
	DEFINE_SPINLOCK(lock);

	boot_pc(64, 1, 1);
	preempt_enable();
	ASSERT_REPORT_HAS("BUG: preempt count underflow");
	ASSERT_EQ(preempt_count(), 0);
	local_bh_enable();
	ASSERT_EQ(preempt_count(), 0);
	irq_exit();
	ASSERT_REPORT_HAS("BUG: irq_exit() outside a hard interrupt");
	nmi_exit();
	ASSERT_REPORT_HAS("BUG: nmi_exit() outside an NMI");
	ASSERT_TRUE(!irqs_disabled());

	spin_unlock(&lock);
	ASSERT_REPORT_HAS("BUG: spinlock already unlocked on CPU#0");
	ASSERT_EQ(preempt_count(), 0);
	spin_lock(&lock);
	spin_lock(&lock);
	ASSERT_REPORT_HAS("BUG: spinlock recursion on CPU#0");
	ASSERT_REPORT_HAS("lock: lock, .owner_cpu: 0");
	ASSERT_EQ(preempt_count(), 1);
	spin_unlock(&lock);
	ASSERT_EQ(preempt_count(), 0);

	local_irq_restore(0x123);
	ASSERT_REPORT_HAS("local_irq_restore() of flags");
	ASSERT_TRUE(!irqs_disabled());

	for (int i = 0; i < 255; i++)
		preempt_disable();
	preempt_disable();
	ASSERT_REPORT_HAS("BUG: preempt count overflow");
	ASSERT_EQ(preempt_count(), 255);
	for (int i = 0; i < 255; i++)
		preempt_enable();
	ASSERT_EQ(report_count(REPORT_BAD_CONTEXT), 8);
	ASSERT_EQ(preempt_count(), 0);
}

/* A task switch in atomic context is "scheduling while atomic". */
static void task_switch(void)
{
	struct task_struct worker = { .pid = 42, .comm = "kworker/0:1" };

	boot_pc(64, 1, 1);
	ASSERT_EQ(current, &init_task);
	preempt_disable();
	ASSERT_EQ(set_current(&worker), -EINVAL);
	ASSERT_REPORT_HAS("BUG: scheduling while atomic: init/1/0x1");
	ASSERT_EQ(current, &init_task);
	preempt_enable();
	ASSERT_EQ(set_current(NULL), -EINVAL);
	ASSERT_EQ(set_current(&worker), 0);
	ASSERT_EQ(current->pid, 42);
	/* Reports name the current task. */
	preempt_disable();
	might_sleep();
	preempt_enable();
	ASSERT_REPORT_HAS("pid: 42, name: kworker/0:1");
	ASSERT_EQ(set_current(&init_task), 0);
}

/* Boot puts every CPU back in task context with init_task current. */
static void boot_resets_context(void)
{
	struct task_struct other = { .pid = 7, .comm = "other" };

	boot_pc(64, 1, 1);
	ASSERT_EQ(set_current(&other), 0);
	preempt_disable();
	local_irq_disable();
	machine_teardown();
	boot_pc(64, 1, 1);
	ASSERT_EQ(preempt_count(), 0);
	ASSERT_TRUE(!irqs_disabled());
	ASSERT_EQ(current, &init_task);
}

TEST_MAIN("context",
	TEST_CASE(preempt_count_layout),
	TEST_CASE(per_cpu_state),
	TEST_CASE(irq_save_restore_nest),
	TEST_CASE(sleeping_paths_in_each_context),
	TEST_CASE(layer_sleeping_paths_in_each_context),
	TEST_CASE(might_sleep_names_its_caller),
	TEST_CASE(atomic_allocations_in_interrupt),
	TEST_CASE(misuse_is_refused),
	TEST_CASE(task_switch),
	TEST_CASE(boot_resets_context))
