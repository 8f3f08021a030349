// SPDX-License-Identifier: GPL-2.0
/*
 * Every slab misuse is reported with a "BUG <cache>: <problem>" block and
 * refused: the cache stays valid and keeps working, and once everything is
 * freed the buddy counters are as they were after boot.
 *
 * Damage is done the way a stray kernel write would do it, but through
 * ram_write() (the memfd), so that under ASan the test itself does not
 * trip over the poisoned red zones and free objects it is scribbling on.
 */
#include <errno.h>
#include <stdio.h>

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "../mm/slab.h"
#include "common.h"

/* Expect exactly one report of @type containing @needle from @stmt. */
#define EXPECT_REPORT(type, needle, stmt) do {				\
	unsigned long _before = report_count(type);			\
	unsigned long _total = report_total();				\
									\
	stmt;								\
	ASSERT_EQ(report_count(type), _before + 1);			\
	ASSERT_EQ(report_total(), _total + 1);				\
	ASSERT_REPORT_HAS(needle);					\
	ASSERT_TRUE(slab_is_valid());					\
} while (0)

static void scribble(void *p, u8 v, size_t n)
{
	u8 buf[256];

	memset(buf, v, sizeof(buf));
	ASSERT_EQ(ram_write(__pa(p), buf, n), 0);
}

static void back_to_boot(const struct buddy_snapshot *snap)
{
	kmem_cache_shrink_all();
	ASSERT_TRUE(slab_is_valid());
	assert_free_pages_restored(snap);
}

static char *va_str(const void *p)
{
	static char buf[4][32];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "0x%lx", host_to_kva(p));
	return buf[i];
}

/* With F, every double free is caught, whatever lies between. */
static void double_free_checked(void)
{
	struct buddy_snapshot snap;
	void *p, *q, *r;

	boot_pc_debug(64, 1, 1, "F");
	buddy_snapshot(&snap);
	p = kmalloc(64, GFP_KERNEL);
	q = kmalloc(64, GFP_KERNEL);
	kfree(p);
	kfree(q);
	EXPECT_REPORT(REPORT_DOUBLE_FREE, "BUG kmalloc-64: Object already free", kfree(p));
	ASSERT_REPORT_HAS(va_str(p));
	ASSERT_REPORT_HAS("not freed");
	/* Refused: the two objects come back once each. */
	q = kmalloc(64, GFP_KERNEL);
	r = kmalloc(64, GFP_KERNEL);
	ASSERT_TRUE(q != r);
	ASSERT_TRUE((q == p) != (r == p) || (q != p && r != p));
	kfree(q);
	kfree(r);
	back_to_boot(&snap);
}

/* Without debugging, the double frees that cost nothing are still caught. */
static void double_free_unchecked(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	void *p, *q, *a[100];

	boot_pc(64, 1, 2);
	buddy_snapshot(&snap);
	/* The object at the head of the cpu freelist. */
	p = kmalloc(128, GFP_KERNEL);
	kfree(p);
	EXPECT_REPORT(REPORT_DOUBLE_FREE, "BUG kmalloc-128: Object already free", kfree(p));
	q = kmalloc(128, GFP_KERNEL);
	ASSERT_TRUE(q == p);
	ASSERT_TRUE(kmalloc(128, GFP_KERNEL) != p);
	/* The head of a slab's own freelist (a remote free from CPU 1). */
	s = kmem_cache_create("naive", 32, 0, 0, NULL);
	for (int i = 0; i < 100; i++)
		a[i] = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_EQ(machine_set_cpu(1), 0);
	kmem_cache_free(s, a[0]);
	EXPECT_REPORT(REPORT_DOUBLE_FREE, "BUG naive: Object already free",
		      kmem_cache_free(s, a[0]));
	for (int i = 1; i < 100; i++)
		kmem_cache_free(s, a[i]);
	kmem_cache_destroy(s);
	kmem_cache_shrink_all();
	ASSERT_TRUE(slab_is_valid());
	(void)snap;
}

/* Owner records name the op and the CPU of the last alloc and free. */
static void owner_tracking(void)
{
	void *p;

	boot_pc_debug(64, 1, 2, "FU");
	machine.op_index = 5;
	ASSERT_EQ(machine_set_cpu(1), 0);
	p = kmalloc(200, GFP_KERNEL);
	machine.op_index = 7;
	ASSERT_EQ(machine_set_cpu(0), 0);
	kfree(p);
	machine.op_index = 9;
	EXPECT_REPORT(REPORT_DOUBLE_FREE, "BUG kmalloc-256: Object already free", kfree(p));
	ASSERT_REPORT_HAS("Allocated in op 5 cpu=1");
	ASSERT_REPORT_HAS("Freed in op 7 cpu=0");
	ASSERT_REPORT_HAS("CPU: 0 op: 9");
}

static void invalid_pointer(const char *slab_debug)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	char *p, *q;

	boot_pc_debug(64, 1, 1, slab_debug);
	buddy_snapshot(&snap);
	p = kmalloc(96, GFP_KERNEL);
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "BUG kmalloc-96: Invalid object pointer", kfree(p + 8));
	ASSERT_REPORT_HAS(va_str(p + 8));
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "Invalid object pointer", kfree(p + 95));
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "Invalid object pointer", ksize(p + 1));
	s = kmem_cache_create("objects", 40, 0, 0, NULL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "BUG objects: Invalid object pointer",
		      kmem_cache_free(s, q + 4));
	/* Past the last object of the slab: the slab's tail padding. */
	{
		struct page *slab = compound_head(virt_to_page(q));
		char *end = (char *)page_address(slab) + (PAGE_SIZE << slab->order) - 1;

		EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "Invalid object pointer",
			      kmem_cache_free(s, end));
	}
	/* Nothing was freed: the real frees work. */
	kfree(p);
	kmem_cache_free(s, q);
	kmem_cache_destroy(s);
	ASSERT_EQ(report_count(REPORT_SLAB_LEAK), 0);
	back_to_boot(&snap);
}

static void invalid_pointer_unchecked(void)
{
	invalid_pointer(NULL);
}

static void invalid_pointer_checked(void)
{
	invalid_pointer("FZPU");
}

static void wrong_cache(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *a, *b;
	void *x, *y;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	a = kmem_cache_create("cache-a", 64, 0, 0, NULL);
	b = kmem_cache_create("cache-b", 64, 0, 0, NULL);
	x = kmem_cache_alloc(a, GFP_KERNEL);
	y = kmalloc(64, GFP_KERNEL);
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "Wrong slab cache. cache-b but object is from cache-a",
		      kmem_cache_free(b, x));
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "Wrong slab cache. cache-a but object is from kmalloc-64",
		      kmem_cache_free(a, y));
	/* kfree() of a cache's object is fine, as in Linux since 6.4. */
	kfree(x);
	kmem_cache_free(b, kmem_cache_alloc(b, GFP_KERNEL));
	kfree(y);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	ASSERT_EQ(report_total(), 2);
	back_to_boot(&snap);
}

static void red_zone_overwritten(void)
{
	struct buddy_snapshot snap;
	u8 *p;

	boot_pc_debug(64, 1, 1, "FZ");
	buddy_snapshot(&snap);
	p = kmalloc(64, GFP_KERNEL);
	scribble(p + 64, 'x', 2);
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG kmalloc-64: Right Redzone overwritten", kfree(p));
	ASSERT_REPORT_HAS("First byte 0x78 instead of 0xcc");
	ASSERT_REPORT_HAS("Restoring Right Redzone");
	ASSERT_REPORT_HAS("not freed");
	ASSERT_REPORT_HAS("Redzone  ");
	/* The object stayed allocated and its red zone was restored. */
	kfree(p);
	ASSERT_EQ(report_total(), 1);

	p = kmalloc(30, GFP_KERNEL);
	scribble(p - 1, 0, 1);
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG kmalloc-32: Left Redzone overwritten", kfree(p));
	kfree(p);
	back_to_boot(&snap);
}

/* With Z and U, kmalloc red-zones the object past the size asked for. */
static void kmalloc_red_zone(void)
{
	struct buddy_snapshot snap;
	u8 *p, *q;

	boot_pc_debug(64, 1, 1, "FZU");
	buddy_snapshot(&snap);
	p = kmalloc(10, GFP_KERNEL);
	scribble(p + 12, 'x', 1);
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG kmalloc-16: kmalloc Redzone overwritten",
		      kfree(p));
	ASSERT_REPORT_HAS("First byte 0x78 instead of 0xcc");
	kfree(p);	/* refused, restored: now it goes */

	/* ksize() hands the caller the whole object. */
	p = kmalloc(10, GFP_KERNEL);
	ASSERT_EQ(ksize(p), 16);
	memset(p, 1, 16);
	kfree(p);

	/* krealloc() shrinking in place gives the tail back to the red zone. */
	p = kmalloc(100, GFP_KERNEL);
	q = krealloc(p, 50, GFP_KERNEL);
	ASSERT_TRUE(q == p);
	scribble(p + 60, 0, 1);
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG kmalloc-128: kmalloc Redzone overwritten",
		      kfree(p));
	kfree(p);

	/* __GFP_ZERO zeroes what was asked for and leaves the red zone. */
	p = kzalloc(20, GFP_KERNEL);
	for (int i = 0; i < 20; i++)
		ASSERT_EQ(p[i], 0);
	kfree(p);
	ASSERT_EQ(report_total(), 2);
	back_to_boot(&snap);
}

static void poison_overwritten(void)
{
	struct buddy_snapshot snap;
	u8 *p, *q;

	boot_pc_debug(64, 1, 1, "FZP");
	buddy_snapshot(&snap);
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	/* A write through a dangling pointer... */
	scribble(p + 10, 'A', 3);
	/* ...is found when the object would be handed out again. */
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG kmalloc-64: Poison overwritten",
		      q = kmalloc(64, GFP_KERNEL));
	ASSERT_REPORT_HAS("First byte 0x41 instead of 0x6b");
	ASSERT_REPORT_HAS("Marking all objects used");
	ASSERT_REPORT_HAS("Object   ");
	ASSERT_NOT_NULL(q);
	ASSERT_TRUE(q != p);
	/* The damaged slab hands out nothing more; the rest works. */
	for (int i = 0; i < 200; i++) {
		u8 *r = kmalloc(64, GFP_KERNEL);

		ASSERT_TRUE(compound_head(virt_to_page(r)) !=
			    compound_head(virt_to_page(p)));
		kfree(r);
	}
	kfree(q);
	ASSERT_EQ(report_total(), 1);
	kmem_cache_shrink_all();
	ASSERT_TRUE(slab_is_valid());
	(void)snap;
}

/* The rest of check_object(): end poison, padding, the free pointer. */
static void other_damage(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	u8 *p, *q;
	u64 junk = 0x4141414141414141ULL;

	boot_pc_debug(64, 1, 1, "FPU");
	buddy_snapshot(&snap);
	s = kmem_cache_create("damaged", 52, 0, 0, NULL);
	/* Poisoned objects keep their free pointer after the object. */
	ASSERT_TRUE(s->offset >= s->object_size);

	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	scribble(p + 51, 0, 1);
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG damaged: End Poison overwritten",
		      q = kmem_cache_alloc(s, GFP_KERNEL));
	ASSERT_TRUE(q != p);
	kmem_cache_free(s, q);

	/* The alignment padding between the object and its free pointer. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	if (s->inuse > s->object_size) {	/* 8-byte free pointers */
		scribble(p + 53, 7, 1);
		EXPECT_REPORT(REPORT_SLAB_CORRUPT,
			      "BUG damaged: Alignment padding overwritten",
			      kmem_cache_free(s, p));
	}
	kmem_cache_free(s, p);

	/* The padding after the owner records. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	if (get_info_end(s) + 2 * sizeof(struct track) < s->size) {
		scribble(p + s->size - 1, 7, 1);
		EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG damaged: Object padding overwritten",
			      kmem_cache_free(s, p));
	}
	kmem_cache_free(s, p);

	/* A free pointer outside the object, overwritten while free. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, q);
	kmem_cache_free(s, p);
	ASSERT_EQ(ram_write(__pa(p) + s->offset, &junk, FREEPTR_BYTES), 0);
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG damaged: Freepointer corrupt",
		      q = kmem_cache_alloc(s, GFP_KERNEL));
	ASSERT_TRUE(q != p);
	kmem_cache_free(s, q);
	kmem_cache_destroy(s);
	ASSERT_EQ(report_count(REPORT_SLAB_LEAK), 1);	/* the quarantined slab */
	(void)snap;
}

/* F checks a slab's tail padding when the slab goes back. */
static void slab_padding(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	struct page *slab;
	u8 *p, *end;

	boot_pc_debug(64, 1, 1, "FP");
	buddy_snapshot(&snap);
	s = kmem_cache_create("padded", 1000, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	slab = compound_head(virt_to_page(p));
	end = (u8 *)page_address(slab) + (PAGE_SIZE << slab->order) - 1;
	ASSERT_TRUE((PAGE_SIZE << slab->order) % s->size != 0);
	scribble(end, 0x11, 1);
	kmem_cache_free(s, p);
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG padded: Padding overwritten",
		      kmem_cache_destroy(s));
	ASSERT_REPORT_HAS("Restoring Padding");
	back_to_boot(&snap);
}

/* NULL caches are reported, not dereferenced. */
static void null_cache(void)
{
	void *p[2];

	boot_pc(64, 1, 1);
	EXPECT_REPORT(REPORT_BAD_ARG, "kmem_cache_alloc of a NULL cache",
		      ASSERT_NULL(kmem_cache_alloc(NULL, GFP_KERNEL)));
	EXPECT_REPORT(REPORT_BAD_ARG, "kmem_cache_free of a NULL cache",
		      kmem_cache_free(NULL, p));
	EXPECT_REPORT(REPORT_BAD_ARG, "kmem_cache_alloc_bulk of a NULL cache",
		      ASSERT_EQ(kmem_cache_alloc_bulk(NULL, GFP_KERNEL, 2, p), 0));
	ASSERT_TRUE(kmem_cache_is_valid(NULL));
}

/* Without debugging, a dangling write over a free pointer is caught too. */
static void hardened_free_pointer(void)
{
	struct kmem_cache *s;
	void *p, *q, *r;
	unsigned long raw = 0, next_va;

	boot_pc(64, 1, 1);
	s = kmem_cache_create("hardened", 64, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, q);
	kmem_cache_free(s, p);
	/* The stored link is not the plain address of the next object. */
	ASSERT_EQ(ram_read(__pa(p) + s->offset, &raw, FREEPTR_BYTES), 0);
	next_va = host_to_kva(q);
	ASSERT_TRUE(raw != next_va);
	ASSERT_EQ(get_freepointer(s, p), next_va);
	/* A dangling write: the next link now names nothing of the slab. */
	scribble(p, 'A', 64);
	EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG hardened: Freepointer corrupt",
		      r = kmem_cache_alloc(s, GFP_KERNEL));
	ASSERT_TRUE(r == p);
	/* Not followed: the next allocation is a real object. */
	r = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_TRUE(compound_head(virt_to_page(r))->slab_cache == s);
	ASSERT_TRUE(kmem_cache_is_valid(s));
}

/* kfree() and friends of anything that is not kmalloc memory. */
static void not_from_kmalloc(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	struct page *page;
	int on_stack;
	char *big;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "kfree: Not a kmalloc allocation", kfree(&on_stack));
	ASSERT_REPORT_HAS("lies in no kernel window");
	page = alloc_pages(GFP_KERNEL, 1);
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "kfree: Not a kmalloc allocation",
		      kfree(page_address(page)));
	ASSERT_REPORT_HAS(va_str(page_address(page)));
	ASSERT_REPORT_HAS("page: pfn:");
	__free_pages(page, 1);
	/* A free page. */
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "Not a kmalloc allocation",
		      kfree(page_address(page)));
	/* Inside a large kmalloc. */
	big = kmalloc(5 * PAGE_SIZE, GFP_KERNEL);
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "pointer into the large kmalloc",
		      kfree(big + 100));
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "pointer into the large kmalloc",
		      kfree(big + 3 * PAGE_SIZE));
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "ksize: Not a kmalloc allocation",
		      ASSERT_EQ(ksize(big + 8), 0));
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "krealloc: Not a kmalloc allocation",
		      ASSERT_NULL(krealloc(big + 8, 10, GFP_KERNEL)));
	kfree(big);
	/* A vmalloc-area address (vmalloc memory: kfree_of_vmalloc). */
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "a vmalloc address",
		      kfree(kva_to_host(VMALLOC_START + 3 * PAGE_SIZE)));
	/* Just above ZERO_SIZE_PTR. */
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "Not a kmalloc allocation",
		      kfree((char *)ZERO_SIZE_PTR + 1));
	/* kmem_cache_free() of page memory. */
	s = kmem_cache_create("pages?", 64, 0, 0, NULL);
	page = alloc_pages(GFP_KERNEL, 0);
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "BUG pages?: kmem_cache_free of",
		      kmem_cache_free(s, page_address(page)));
	ASSERT_REPORT_HAS("not a slab object");
	__free_pages(page, 0);
	/* And __free_pages() of a slab page is the page allocator's refusal. */
	{
		void *obj = kmem_cache_alloc(s, GFP_KERNEL);
		struct page *slab = compound_head(virt_to_page(obj));

		EXPECT_REPORT(REPORT_OWNED_FREE, "freeing slab page",
			      __free_pages(slab, slab->order));
		kmem_cache_free(s, obj);
	}
	kmem_cache_destroy(s);
	back_to_boot(&snap);
}

/* kfree() of vmalloc memory is refused and the area stays mapped. */
static void kfree_of_vmalloc(void)
{
	char *v;

	boot_pc(64, 1, 1);
	v = vmalloc(3 * PAGE_SIZE);
	ASSERT_NOT_NULL(v);
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "a vmalloc address, use vfree()", kfree(v));
	ASSERT_REPORT_HAS(va_str(v));
	EXPECT_REPORT(REPORT_SLAB_BAD_FREE, "ksize: Not a kmalloc allocation",
		      ASSERT_EQ(ksize(v + PAGE_SIZE), 0));
	v[3 * PAGE_SIZE - 1] = 1;
	vfree(v);
	ASSERT_EQ(report_total(), 2);
}

/*
 * A seeded storm of valid calls and misuse (double frees of objects not
 * reallocated since, interior pointers, frees to the wrong cache): every
 * misuse gets exactly one report, the checker passes throughout, live
 * objects keep their bytes, and everything comes back at the end.
 */
static void misuse_storm_with(const char *slab_debug)
{
	enum { NR = 300, STEPS = 20000 };
	static u8 *live[NR], *dead[NR];
	static int live_cache[NR], dead_cache[NR];
	struct kmem_cache *c[2];
	struct buddy_snapshot snap;
	unsigned long misuse = 0;
	u64 rng = 42;

	boot_pc_debug(64, 1, 2, slab_debug);
	buddy_snapshot(&snap);
	memset(live, 0, sizeof(live));
	memset(dead, 0, sizeof(dead));
	c[0] = kmem_cache_create("storm-a", 40, 0, 0, NULL);
	c[1] = kmem_cache_create("storm-b", 40, 0, 0, NULL);
	for (int step = 0; step < STEPS; step++) {
		u64 r = test_rand(&rng);
		int i = (int)(r % NR), k = (int)((r >> 16) % 3);

		ASSERT_EQ(machine_set_cpu((unsigned int)(r >> 40) & 1), 0);
		switch ((r >> 8) % 8) {
		case 0: {	/* double free, if nothing reused the object */
			bool reused = !dead[i];

			for (int j = 0; j < NR && !reused; j++)
				reused = live[j] == dead[i];
			if (reused)
				break;
			dead_cache[i] < 2 ? kmem_cache_free(c[dead_cache[i]], dead[i]) :
					    kfree(dead[i]);
			misuse++;
			ASSERT_EQ(report_count(REPORT_DOUBLE_FREE), misuse -
				  report_count(REPORT_SLAB_BAD_FREE));
			break;
		}
		case 1:		/* interior pointer */
			if (!live[i])
				break;
			kfree(live[i] + 1 + (r >> 32) % 30);
			misuse++;
			break;
		case 2:		/* the other cache */
			if (!live[i] || live_cache[i] == 2)
				break;
			kmem_cache_free(c[!live_cache[i]], live[i]);
			misuse++;
			break;
		default:
			if (live[i]) {
				for (int b = 0; b < 40; b++)
					ASSERT_EQ(live[i][b], (u8)(i + b));
				live_cache[i] < 2 ? kmem_cache_free(c[live_cache[i]], live[i]) :
						    kfree(live[i]);
				dead[i] = live[i];
				dead_cache[i] = live_cache[i];
				live[i] = NULL;
			} else {
				live[i] = k < 2 ? kmem_cache_alloc(c[k], GFP_KERNEL) :
						  kmalloc(40, GFP_KERNEL);
				ASSERT_NOT_NULL(live[i]);
				live_cache[i] = k;
				for (int b = 0; b < 40; b++)
					live[i][b] = (u8)(i + b);
			}
		}
		ASSERT_EQ(report_total(), misuse);
		if (step % 2000 == 0)
			ASSERT_TRUE(slab_is_valid());
	}
	ASSERT_TRUE(misuse > 1000);
	for (int i = 0; i < NR; i++)
		if (live[i])
			live_cache[i] < 2 ? kmem_cache_free(c[live_cache[i]], live[i]) :
					    kfree(live[i]);
	kmem_cache_destroy(c[0]);
	kmem_cache_destroy(c[1]);
	ASSERT_EQ(report_total(), misuse);
	back_to_boot(&snap);
}

static void misuse_storm(void)
{
	misuse_storm_with("F");
}

static void misuse_storm_all_debug(void)
{
	misuse_storm_with("FZPU");
}

/* The report names arch VAs only: no host address anywhere. */
static void report_is_deterministic(void)
{
	char host[32], line[80];
	void *p;

	boot_pc_debug(64, 1, 1, "FZPU");
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	EXPECT_REPORT(REPORT_DOUBLE_FREE, "BUG kmalloc-64: Object already free", kfree(p));
	snprintf(host, sizeof(host), "%lx", (unsigned long)p);
	ASSERT_TRUE(strstr(report_last(), host) == NULL);
	snprintf(line, sizeof(line), "Object %s @offset=", va_str(p));
	ASSERT_REPORT_HAS(line);
	snprintf(line, sizeof(line), "Object   %lx: 6b 6b 6b 6b", host_to_kva(p));
	ASSERT_REPORT_HAS(line);
	ASSERT_REPORT_HAS("Redzone  ");
	ASSERT_REPORT_HAS(": bb bb bb bb");
	ASSERT_REPORT_HAS("Slab pfn:");
	/* The first line is exactly the BUG line. */
	ASSERT_TRUE(!strncmp(report_last(), "BUG kmalloc-64: Object already free\n", 36));
}

static size_t slot_size(size_t kmalloc_size)
{
	void *p = kmalloc(kmalloc_size, GFP_KERNEL);
	size_t size = compound_head(virt_to_page(p))->slab_cache->size;

	kfree(p);
	return size;
}

static void slab_debug_option(void)
{
	static const char * const bad[] = { "FQ", "F,x;G", "Z;Y,kmalloc-64" };
	struct e820_entry map[3];
	struct machine_desc desc = { .map = map, .nr_nodes = 1, .nr_cpus = 1 };

	desc.nr_map = e820_pc_layout(map, 64 << 20);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		desc.slab_debug = bad[i];
		ASSERT_EQ(machine_boot(&desc), -EINVAL);
		ASSERT_REPORT_HAS("bad boot option slab_debug=");
		ASSERT_TRUE(!machine.booted);
	}
	ASSERT_EQ(report_count(REPORT_BAD_BOOT), 3);

	boot_pc_debug(64, 1, 1, "Z,kmalloc-64");
	ASSERT_TRUE(slot_size(64) > 64);
	ASSERT_EQ(slot_size(128), 128);
	machine_teardown();
	boot_pc_debug(64, 1, 1, "-");
	ASSERT_EQ(slot_size(64), 64);
	machine_teardown();
	boot_pc_debug(64, 1, 1, "");
	ASSERT_TRUE(slot_size(128) > 128);
	machine_teardown();
	boot_pc_debug(64, 1, 1, "zp,kmalloc-1*;u");
	ASSERT_TRUE(slot_size(128) > 128);
	ASSERT_TRUE(slot_size(16) > 16);
	ASSERT_EQ(slot_size(32), 32 + 2 * sizeof(struct track));
	{
		struct kmem_cache *s = kmem_cache_create("mine", 50, 0, 0, NULL);

		ASSERT_TRUE(s->flags & SLAB_STORE_USER);
		ASSERT_TRUE(!(s->flags & SLAB_RED_ZONE));
		kmem_cache_destroy(s);
	}
	/* A cache asks for debugging itself with SLAB_* flags. */
	machine_teardown();
	boot_pc(64, 1, 1);
	{
		struct kmem_cache *s = kmem_cache_create("self", 64, 0,
							 SLAB_RED_ZONE | SLAB_POISON, NULL);
		u8 *p = kmem_cache_alloc(s, GFP_KERNEL);

		scribble(p + 64, 1, 1);
		EXPECT_REPORT(REPORT_SLAB_CORRUPT, "BUG self: Right Redzone overwritten",
			      kmem_cache_free(s, p));
		kmem_cache_free(s, p);
		kmem_cache_destroy(s);
	}
	ASSERT_EQ(report_count(REPORT_BAD_BOOT), 3);
}

/* The checker itself: damage to a slab's bookkeeping is found. */
static void checker_finds_damage(void)
{
	struct kmem_cache *s;
	struct page *slab;
	void *p[10];

	boot_pc(64, 1, 1);
	s = kmem_cache_create("checked", 64, 0, 0, NULL);
	for (int i = 0; i < 10; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_shrink(s);	/* the slab leaves the CPU: on a node list */
	ASSERT_TRUE(kmem_cache_is_valid(s));
	slab = compound_head(virt_to_page(p[0]));
	slab->inuse++;
	ASSERT_TRUE(!kmem_cache_is_valid(s));
	ASSERT_EQ(report_count(REPORT_INCONSISTENT), 1);
	ASSERT_REPORT_HAS("BUG: slab cache checked inconsistent");
	slab->inuse--;
	s->node[0].nr_slabs++;
	ASSERT_TRUE(!slab_is_valid());
	s->node[0].nr_slabs--;
	ASSERT_TRUE(slab_is_valid());
	for (int i = 0; i < 10; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

TEST_MAIN("slab_debug",
	TEST_CASE(double_free_checked),
	TEST_CASE(double_free_unchecked),
	TEST_CASE(owner_tracking),
	TEST_CASE(invalid_pointer_unchecked),
	TEST_CASE(invalid_pointer_checked),
	TEST_CASE(wrong_cache),
	TEST_CASE(red_zone_overwritten),
	TEST_CASE(kmalloc_red_zone),
	TEST_CASE(poison_overwritten),
	TEST_CASE(other_damage),
	TEST_CASE(slab_padding),
	TEST_CASE(null_cache),
	TEST_CASE(hardened_free_pointer),
	TEST_CASE(not_from_kmalloc),
	TEST_CASE(kfree_of_vmalloc),
	TEST_CASE(misuse_storm),
	TEST_CASE(misuse_storm_all_debug),
	TEST_CASE(report_is_deterministic),
	TEST_CASE(slab_debug_option),
	TEST_CASE(checker_finds_damage))
