// SPDX-License-Identifier: GPL-2.0
/*
 * Thread mode under load: one host thread per simulated CPU, each doing
 * seeded random allocations and frees (pages of orders 0-3, kmalloc, a
 * kmem_cache, vmalloc), handing some of its objects to the next CPU to
 * free (cross-CPU frees), and now and then shrinking the cache and
 * draining every CPU's page lists from its own CPU.
 *
 * The interleaving is the host scheduler's, so every check holds for any
 * interleaving: each object is filled with its own tag when made and must
 * still hold it when freed (an overlap or a lost write shows), no
 * allocation may fail (the live set is capped far below RAM), no report
 * may be printed, and once every thread is done all checkers pass and the
 * buddy allocator has exactly its free pages of before.  A variant fails
 * one in ten allocations by fault injection, whose shared state is what
 * it exercises: there failures are expected, and only the injections'
 * reports.
 */
#include <pthread.h>

#include <linux/fault-inject.h>
#include <linux/mmdebug.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>

#include "common.h"

#define MAX_LIVE	48	/* per thread: bounds memory and vmalloc extent */
#define MAX_INBOX	256
#define MAX_VMALLOC	4	/* vmalloc areas per live set and per inbox */
#define FILL		64	/* bytes of each object checked */

enum obj_kind { OBJ_PAGES, OBJ_KMALLOC, OBJ_CACHE, OBJ_VMALLOC };

struct obj {
	enum obj_kind	kind;
	void		*p;
	struct page	*page;
	unsigned int	order;
	size_t		size;
	u8		tag;
};

struct stress_cpu {
	pthread_t		thread;
	unsigned int		cpu;
	u64			seed;
	struct task_struct	task;
	struct obj		live[MAX_LIVE];
	unsigned int		nr_live;
	unsigned int		nr_vmalloc;
	/* Objects other CPUs made, for this one to free. */
	pthread_mutex_t		inbox_lock;
	struct obj		inbox[MAX_INBOX];
	unsigned int		nr_inbox;
	unsigned int		nr_inbox_vmalloc;	/* <= MAX_VMALLOC */
	unsigned long		errors;
	unsigned long		failed;		/* allocations that failed */
	unsigned long		cross_frees;
	unsigned long		page_calls;	/* alloc_pages() made */
	unsigned long		slab_calls;	/* kmalloc(), kmem_cache_alloc() */
};

static struct {
	struct stress_cpu	cpus[NR_CPUS];
	unsigned int		nr;
	unsigned int		ops;
	bool			faults;		/* injected: failures allowed */
	struct kmem_cache	*cache;
	pthread_barrier_t	start;		/* all CPUs up: maximal overlap */
	pthread_barrier_t	done;
} st;

static void fill(struct obj *o)
{
	memset(o->p, o->tag, min(o->size, (size_t)FILL));
}

static bool intact(const struct obj *o)
{
	const u8 *b = o->p;

	for (size_t i = 0; i < min(o->size, (size_t)FILL); i++)
		if (b[i] != o->tag)
			return false;
	return true;
}

static bool make(struct stress_cpu *c, struct obj *o, unsigned int op)
{
	u64 r = test_rand(&c->seed);

	o->tag = (u8)(r >> 56) | 1;
	switch (op) {
	case 0:
		o->kind = OBJ_PAGES;
		o->order = (unsigned int)(r % 4);
		o->size = PAGE_SIZE << o->order;
		o->page = alloc_pages(GFP_KERNEL, o->order);
		c->page_calls++;
		o->p = o->page ? page_address(o->page) : NULL;
		break;
	case 1:
		o->kind = OBJ_KMALLOC;
		o->size = 1 + (size_t)(r % 4096);
		o->p = kmalloc(o->size, GFP_KERNEL);
		c->slab_calls++;
		break;
	case 2:
		o->kind = OBJ_CACHE;
		o->size = kmem_cache_size(st.cache);
		o->p = kmem_cache_alloc(st.cache, GFP_KERNEL);
		c->slab_calls++;
		break;
	default:
		if (c->nr_vmalloc >= MAX_VMALLOC)
			return make(c, o, 1);
		o->kind = OBJ_VMALLOC;
		o->size = PAGE_SIZE * (1 + (size_t)(r % 4));
		o->p = vmalloc(o->size);
		c->nr_vmalloc += o->p != NULL;
		break;
	}
	if (!o->p)
		return false;
	fill(o);
	return true;
}

static void release(struct stress_cpu *c, const struct obj *o)
{
	if (!intact(o))
		c->errors++;
	switch (o->kind) {
	case OBJ_PAGES:
		__free_pages(o->page, o->order);
		break;
	case OBJ_KMALLOC:
		kfree(o->p);
		break;
	case OBJ_CACHE:
		kmem_cache_free(st.cache, o->p);
		break;
	case OBJ_VMALLOC:
		vfree(o->p);
		break;
	}
}

/* Take live[i] out of @c's set (the caller frees or hands it on). */
static struct obj take(struct stress_cpu *c, unsigned int i)
{
	struct obj o = c->live[i];

	c->live[i] = c->live[--c->nr_live];
	if (o.kind == OBJ_VMALLOC)
		c->nr_vmalloc--;
	return o;
}

/*
 * Hand @o to @to, unless its inbox is full, or already holds its share of
 * vmalloc areas: a CPU that has finished its loop (or is not scheduled)
 * empties its inbox no more, and vmalloc areas piling up there would take
 * the run's vmalloc extent past the page tables made before the snapshot.
 */
static bool send(struct stress_cpu *to, const struct obj *o)
{
	bool vmalloc = o->kind == OBJ_VMALLOC;
	bool sent = false;

	pthread_mutex_lock(&to->inbox_lock);
	if (to->nr_inbox < MAX_INBOX &&
	    (!vmalloc || to->nr_inbox_vmalloc < MAX_VMALLOC)) {
		to->inbox[to->nr_inbox++] = *o;
		to->nr_inbox_vmalloc += vmalloc;
		sent = true;
	}
	pthread_mutex_unlock(&to->inbox_lock);
	return sent;
}

static void free_inbox(struct stress_cpu *c)
{
	struct obj batch[MAX_INBOX];
	unsigned int n;

	pthread_mutex_lock(&c->inbox_lock);
	n = c->nr_inbox;
	memcpy(batch, c->inbox, n * sizeof(batch[0]));
	c->nr_inbox = 0;
	c->nr_inbox_vmalloc = 0;
	pthread_mutex_unlock(&c->inbox_lock);
	for (unsigned int i = 0; i < n; i++)
		release(c, &batch[i]);
	c->cross_frees += n;
}

static void one_op(struct stress_cpu *c, unsigned int step)
{
	u64 r = test_rand(&c->seed);
	unsigned int what = (unsigned int)(r % 10);

	if (step % 97 == 96)
		kmem_cache_shrink(st.cache);
	if (step % 131 == 130)
		drain_all_pages(NULL);
	if (what < 4 && c->nr_live < MAX_LIVE) {
		if (make(c, &c->live[c->nr_live], what))
			c->nr_live++;
		else if (st.faults)
			c->failed++;
		else
			c->errors++;
	} else if (what < 7 && c->nr_live) {
		struct obj o = take(c, (unsigned int)((r >> 16) % c->nr_live));

		release(c, &o);
	} else if (what < 9 && c->nr_live) {
		struct obj o = take(c, (unsigned int)((r >> 16) % c->nr_live));

		if (!send(&st.cpus[(c->cpu + 1) % st.nr], &o))
			release(c, &o);
	} else {
		free_inbox(c);
	}
}

static void *cpu_main(void *arg)
{
	struct stress_cpu *c = arg;

	if (cpu_thread_enter(c->cpu, &c->task)) {
		c->errors++;
		pthread_barrier_wait(&st.start);
		pthread_barrier_wait(&st.done);
		return NULL;
	}
	pthread_barrier_wait(&st.start);
	for (unsigned int step = 0; step < st.ops; step++)
		one_op(c, step);
	/* Every send is made before anyone empties its inbox for the last time. */
	pthread_barrier_wait(&st.done);
	free_inbox(c);
	while (c->nr_live) {
		struct obj o = take(c, c->nr_live - 1);

		release(c, &o);
	}
	if (cpu_thread_exit())
		c->errors++;
	return NULL;
}

/*
 * @faults: fail one in ten page and slab allocations (fault injection's
 * state is shared by all CPUs and locked in thread mode); then failures
 * are expected and the only reports allowed are the injections' own and
 * the allocation-failure warnings they cause.
 */
static void stress(unsigned int nr_cpus, unsigned int ops, u64 seed, bool faults)
{
	struct buddy_snapshot snap;
	unsigned long errors = 0, cross = 0, failed = 0, pgtables;
	unsigned long page_calls = 0, slab_calls = 0, page_reached, slab_reached;
	void *warm;

	boot_pc(128, 1, nr_cpus);
	/*
	 * Page-table pages made for vmalloc stay (as in Linux): make the
	 * ones the run can need before the snapshot, and check that no more
	 * were made.  Each CPU has at most 3 * MAX_VMALLOC areas of at most 5
	 * pages (guard included) unfreed: in its live set, in its inbox, and
	 * taken out of the inbox to be freed.  That is 240 pages for 4 CPUs;
	 * first fit can scatter them, but by a factor of about log2 of the
	 * size spread (Robson), so 4 MiB of tables is enough for any
	 * interleaving.
	 */
	warm = vmalloc(4UL << 20);
	ASSERT_NOT_NULL(warm);
	vfree(warm);
	st.cache = kmem_cache_create("stress-96", 96, 0, 0, NULL);
	ASSERT_NOT_NULL(st.cache);
	buddy_snapshot(&snap);
	pgtables = nr_pgtable_pages();

	st.nr = nr_cpus;
	st.ops = ops;
	st.faults = faults;
	if (faults)
		ASSERT_EQ(fault_inject_setup("failslab=1,10,0,-1 failslab.ignore-gfp-wait=0 "
					     "fail_page_alloc=1,10,0,-1 "
					     "fail_page_alloc.ignore-gfp-wait=0 "
					     "fail_page_alloc.min-order=0"), 0);
	ASSERT_EQ(pthread_barrier_init(&st.start, NULL, nr_cpus), 0);
	ASSERT_EQ(pthread_barrier_init(&st.done, NULL, nr_cpus), 0);
	page_reached = fail_page_alloc.attr.reached;
	slab_reached = failslab.attr.reached;
	ASSERT_EQ(smp_threads_begin(), 0);
	for (unsigned int i = 0; i < nr_cpus; i++) {
		struct stress_cpu *c = &st.cpus[i];

		memset(c, 0, sizeof(*c));
		c->cpu = i;
		c->seed = seed * 0x9E3779B97F4A7C15ULL + i + 1;
		c->task.pid = 100 + (int)i;
		snprintf(c->task.comm, sizeof(c->task.comm), "stress/%u", i % NR_CPUS);
		pthread_mutex_init(&c->inbox_lock, NULL);
	}
	for (unsigned int i = 0; i < nr_cpus; i++)
		ASSERT_EQ(pthread_create(&st.cpus[i].thread, NULL, cpu_main,
					 &st.cpus[i]), 0);
	for (unsigned int i = 0; i < nr_cpus; i++) {
		pthread_join(st.cpus[i].thread, NULL);
		errors += st.cpus[i].errors;
		cross += st.cpus[i].cross_frees;
		failed += st.cpus[i].failed;
		page_calls += st.cpus[i].page_calls;
		slab_calls += st.cpus[i].slab_calls;
		pthread_mutex_destroy(&st.cpus[i].inbox_lock);
	}
	pthread_barrier_destroy(&st.start);
	pthread_barrier_destroy(&st.done);
	ASSERT_EQ(smp_threads_end(), 0);
	printf("  %u CPUs x %u ops: %lu cross-CPU frees, %lu failed allocations, %lu faults injected\n",
	       nr_cpus, ops, cross, failed, fault_inject_total_injected());

	ASSERT_EQ(errors, 0);
	/* Every CPU thread's calls reached the points (slabs and vmalloc add more). */
	ASSERT_TRUE(page_calls > 0 && slab_calls > 0);
	ASSERT_TRUE(fail_page_alloc.attr.reached - page_reached >= page_calls);
	ASSERT_TRUE(failslab.attr.reached - slab_reached >= slab_calls);
	if (faults) {
		ASSERT_TRUE(failed > 0);
		ASSERT_LE(failed, fault_inject_total_injected());
		ASSERT_TRUE(report_count(REPORT_FAULT_INJECTED) > 0);
		ASSERT_EQ(report_total(), report_count(REPORT_FAULT_INJECTED) +
					  report_count(REPORT_ALLOC_FAIL));
		report_reset();
	}
	ASSERT_EQ(report_total(), 0);
	ASSERT_TRUE(cross > 0);
	ASSERT_TRUE(slab_is_valid());
	ASSERT_TRUE(vmalloc_is_valid());
	ASSERT_TRUE(pgtable_is_valid());
	/* A table made in the run would look like a lost page below. */
	ASSERT_EQ(nr_pgtable_pages(), pgtables);
	kmem_cache_destroy(st.cache);
	ASSERT_EQ(report_total(), 0);
	kmem_cache_shrink_all();
	ASSERT_TRUE(slab_is_valid());
	assert_free_pages_restored(&snap);
}

static void stress_2cpus(void)
{
	stress(2, 4000, 1, false);
}

static void stress_4cpus(void)
{
	stress(4, 2000, 2, false);
}

static void stress_2cpus_fault_injection(void)
{
	stress(2, 3000, 3, true);
}

/* Thread mode refuses what it cannot do, and leaves the machine usable. */
static void thread_mode_misuse(void)
{
	struct task_struct t = { .pid = 7, .comm = "t" };

	boot_pc(64, 1, 2);
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "outside thread mode",
		       cpu_thread_enter(0, &t));
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "outside thread mode",
		       smp_threads_end());
	ASSERT_EQ(smp_threads_begin(), 0);
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "twice", smp_threads_begin());
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "in thread mode", machine_set_cpu(1));
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "offline CPU", cpu_thread_enter(2, &t));
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "no task", cpu_thread_enter(1, NULL));
	ASSERT_EQ(cpu_thread_enter(1, &t), 0);
	ASSERT_EQ(smp_processor_id(), 1);
	ASSERT_TRUE(current == &t);
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "another thread",
		       cpu_thread_enter(1, &t));
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "while a CPU thread runs",
		       smp_threads_end());
	preempt_disable();
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "atomic context", cpu_thread_exit());
	preempt_enable();
	ASSERT_EQ(cpu_thread_exit(), 0);
	ASSERT_EQ(smp_threads_end(), 0);
	ASSERT_EQ(smp_processor_id(), 0);
	ASSERT_TRUE(current == &init_task);
	/* Single-thread mode again: CPU switches work. */
	ASSERT_EQ(machine_set_cpu(1), 0);
	ASSERT_EQ(machine_set_cpu(0), 0);
}

/* slab_debug caches take no locks: thread mode refuses them. */
static void thread_mode_refuses_slab_debug(void)
{
	boot_pc_debug(64, 1, 2, "FZPU");
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "slab_debug", smp_threads_begin());
	ASSERT_EQ(machine_set_cpu(1), 0);
}

/* A debug cache cannot be made in thread mode either. */
static void thread_mode_refuses_debug_cache(void)
{
	struct task_struct t = { .pid = 7, .comm = "t" };
	struct kmem_cache *s = NULL;

	boot_pc(64, 1, 2);
	ASSERT_EQ(smp_threads_begin(), 0);
	ASSERT_EQ(cpu_thread_enter(1, &t), 0);
	EXPECT_REFUSED(REPORT_BAD_ARG, "single-thread only",
		       s = kmem_cache_create("dbg", 64, 0, SLAB_RED_ZONE, NULL));
	ASSERT_NULL(s);
	s = kmem_cache_create("plain", 64, 0, 0, NULL);
	ASSERT_NOT_NULL(s);
	ASSERT_EQ(cpu_thread_exit(), 0);
	ASSERT_EQ(smp_threads_end(), 0);
	kmem_cache_destroy(s);
}

/* A real lock in thread mode: a recursion on one CPU is still caught. */
static void thread_mode_spinlock_recursion(void)
{
	struct task_struct t = { .pid = 7, .comm = "t" };
	DEFINE_SPINLOCK(lock);

	boot_pc(64, 1, 2);
	ASSERT_EQ(smp_threads_begin(), 0);
	ASSERT_EQ(cpu_thread_enter(0, &t), 0);
	spin_lock(&lock);
	ASSERT_TRUE(spin_is_locked(&lock));
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "spinlock recursion on CPU#0",
		       spin_lock(&lock));
	ASSERT_EQ(preempt_count(), 1);
	spin_unlock(&lock);
	ASSERT_TRUE(!spin_is_locked(&lock));
	EXPECT_REFUSED(REPORT_BAD_CONTEXT, "already unlocked", spin_unlock(&lock));
	ASSERT_EQ(preempt_count(), 0);
	ASSERT_EQ(cpu_thread_exit(), 0);
	ASSERT_EQ(smp_threads_end(), 0);
}

TEST_MAIN("stress",
	  TEST_CASE(thread_mode_misuse),
	  TEST_CASE(thread_mode_refuses_slab_debug),
	  TEST_CASE(thread_mode_refuses_debug_cache),
	  TEST_CASE(thread_mode_spinlock_recursion),
	  TEST_CASE(stress_2cpus),
	  TEST_CASE(stress_4cpus),
	  TEST_CASE(stress_2cpus_fault_injection))
