// SPDX-License-Identifier: GPL-2.0
/*
 * The reliability figures: every misuse class of every layer, one case
 * each.  A case prepares what it needs on a fresh machine, snapshots the
 * buddy allocator, does the one bad thing, and asserts exactly one report
 * of its type, every zone's free and per-CPU counts as they were, every
 * consistency checker passing, and that work continues: pages, kmalloc
 * and vmalloc still allocate and free, with no report.
 *
 * The test prints the table of first lines (hex normalised to 0x…) and
 * compares it with the one in README.md, which therefore cannot drift.
 * Malformed boot maps and program text have no machine to keep intact:
 * there the intact state is "no machine" and "no program", and work
 * continuing is the next boot or parse succeeding.
 */
#include <errno.h>
#include <stdlib.h>

#include <linux/fault-inject.h>
#include <linux/highmem.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "fuzz/prog.h"
#include "fuzz/sbuf.h"
#include "fuzz/testing.h"

/* What the cases misuse; the case's prepare() may consume some of it. */
static struct {
	struct page		*page;		/* order 0 */
	struct page		*block;		/* order 2 */
	void			*obj;		/* kmalloc(64) */
	struct kmem_cache	*cache, *other;
	void			*cobj;		/* an object of cache */
	char			*area;		/* vmalloc, 2 pages */
	struct mm_struct	*mm;
} fx;

static u64 not_a_page[8];

/* ---- the misuses ------------------------------------------------------ */

static void double_free_pages_prepare(void)
{
	__free_pages(fx.page, 0);
}

static void double_free_pages(void)
{
	struct page *p = fx.page;

	fx.page = NULL;
	__free_pages(p, 0);
}

static void double_kfree_prepare(void)
{
	kfree(fx.obj);
}

static void double_kfree(void)
{
	void *p = fx.obj;

	fx.obj = NULL;
	kfree(p);
}

static void foreign_page(void)
{
	__free_pages((struct page *)not_a_page, 0);
}

static void foreign_kfree(void)
{
	kfree(not_a_page);
}

static void tail_page(void)
{
	__free_pages(fx.block + 1, 0);
}

static void interior_kfree(void)
{
	kfree((char *)fx.obj + 8);
}

static void interior_vfree(void)
{
	vfree(fx.area + PAGE_SIZE);
}

static void wrong_cache(void)
{
	kmem_cache_free(fx.other, fx.cobj);
}

static void wrong_order(void)
{
	__free_pages(fx.block, 1);
}

static void kfree_of_vmalloc(void)
{
	kfree(fx.area);
}

static void vfree_of_kmalloc(void)
{
	vfree(fx.obj);
}

static void vunmap_of_vmalloc(void)
{
	vunmap(fx.area);
}

static void kunmap_local_never_mapped(void)
{
	kunmap_local(fx.area);
}

static void destroy_with_live_objects(void)
{
	kmem_cache_destroy(fx.cache);
}

static void order_above_max(void)
{
	ASSERT_NULL(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
}

static void contradictory_zones(void)
{
	ASSERT_NULL(alloc_pages(__GFP_DMA | __GFP_HIGHMEM, 0));
}

static void free_boot_page_table(void)
{
	__free_pages(pfn_to_page(PHYS_PFN(machine.swapper_pg_dir)), 0);
}

static void free_hole(void)
{
	__free_pages(pfn_to_page(0xa0), 0);	/* the 640 KiB-1 MiB hole */
}

static void free_pages_not_direct_map(void)
{
	free_pages((unsigned long)fx.area, 0);
}

static void user_access_outside_vmas(void)
{
	u32 v;

	ASSERT_EQ(user_read(fx.mm, 0x1000, &v, sizeof(v)), -EFAULT);
}

static void unbalanced_preempt_enable(void)
{
	preempt_enable();
}

static void sleep_in_atomic(void)
{
	preempt_disable();
	might_sleep();
	preempt_enable();
}

static void bad_fault_inject_string(void)
{
	ASSERT_EQ(fault_inject_setup("fail_page_alloc.probability=200"), -EINVAL);
}

static void bad_boot_map(void)
{
	struct e820_entry map[] = {
		{ 0, 64 << 20, E820_TYPE_RAM },
		{ 32 << 20, 64 << 20, E820_TYPE_RAM },	/* overlaps the first */
	};
	struct machine_desc desc = { .map = map, .nr_map = 2, .nr_nodes = 1, .nr_cpus = 1 };

	ASSERT_NE(machine_boot(&desc), 0);
}

/* ---- the cases ------------------------------------------------------------- */

enum where {
	ON_MACHINE,	/* a booted machine, kept intact */
	AT_BOOT,	/* no machine: it must stay so, and a good boot work */
};

struct misuse {
	const char	*name;
	enum report_type type;
	void		(*run)(void);
	void		(*prepare)(void);
	enum where	where;
};

static const struct misuse misuses[] = {
	{ "double free (pages)", REPORT_DOUBLE_FREE, double_free_pages, double_free_pages_prepare, ON_MACHINE },
	{ "double free (kmalloc)", REPORT_DOUBLE_FREE, double_kfree, double_kfree_prepare, ON_MACHINE },
	{ "foreign pointer (`__free_pages`)", REPORT_BAD_PFN, foreign_page, NULL, ON_MACHINE },
	{ "foreign pointer (`kfree`)", REPORT_SLAB_BAD_FREE, foreign_kfree, NULL, ON_MACHINE },
	{ "interior pointer (tail page)", REPORT_TAIL_FREE, tail_page, NULL, ON_MACHINE },
	{ "interior pointer (`kfree`)", REPORT_SLAB_BAD_FREE, interior_kfree, NULL, ON_MACHINE },
	{ "interior pointer (`vfree`)", REPORT_BAD_VFREE, interior_vfree, NULL, ON_MACHINE },
	{ "wrong cache", REPORT_SLAB_BAD_FREE, wrong_cache, NULL, ON_MACHINE },
	{ "wrong order", REPORT_BAD_ORDER, wrong_order, NULL, ON_MACHINE },
	{ "`kfree` of vmalloc memory", REPORT_SLAB_BAD_FREE, kfree_of_vmalloc, NULL, ON_MACHINE },
	{ "`vfree` of kmalloc memory", REPORT_BAD_VFREE, vfree_of_kmalloc, NULL, ON_MACHINE },
	{ "`vunmap` of what vmap did not map", REPORT_BAD_VFREE, vunmap_of_vmalloc, NULL, ON_MACHINE },
	{ "`kunmap_local` of what was never mapped", REPORT_BAD_KMAP, kunmap_local_never_mapped, NULL, ON_MACHINE },
	{ "destroy with live objects", REPORT_SLAB_LEAK, destroy_with_live_objects, NULL, ON_MACHINE },
	{ "order above 10", REPORT_BAD_ARG, order_above_max, NULL, ON_MACHINE },
	{ "contradictory zone modifiers", REPORT_BAD_ARG, contradictory_zones, NULL, ON_MACHINE },
	{ "free of a boot page table", REPORT_RESERVED_FREE, free_boot_page_table, NULL, ON_MACHINE },
	{ "free of a hole", REPORT_BAD_PFN, free_hole, NULL, ON_MACHINE },
	{ "`free_pages` outside the direct map", REPORT_BAD_PFN, free_pages_not_direct_map, NULL, ON_MACHINE },
	{ "user access outside any VMA", REPORT_SEGV, user_access_outside_vmas, NULL, ON_MACHINE },
	{ "unbalanced `preempt_enable`", REPORT_BAD_CONTEXT, unbalanced_preempt_enable, NULL, ON_MACHINE },
	{ "sleeping in atomic context", REPORT_SLEEP_IN_ATOMIC, sleep_in_atomic, NULL, ON_MACHINE },
	{ "malformed fault-injection string", REPORT_BAD_ARG, bad_fault_inject_string, NULL, ON_MACHINE },
	{ "bad boot map", REPORT_BAD_BOOT, bad_boot_map, NULL, AT_BOOT },
};

/* The table the cases fill in, README.md's form. */
static struct sbuf table = SBUF_INIT;
static const char *readme_path;

#define README_MARKER	"<!-- misuse table: printed by fuzz/reliability_test -->\n"
#define TABLE_HEAD \
	"| misuse | report type | first line |\n" \
	"|---|---|---|\n"

/*
 * A table row: @first up to its newline, every hex number as 0x… and
 * every source line number (".c:171") as N, which change with the code;
 * '|' escaped for the Markdown table.
 */
static void add_row(const char *name, const char *type, const char *first)
{
	sbuf_printf(&table, "| %s | `%s` | `", name, type);
	for (const char *c = first; *c && *c != '\n'; c++) {
		if (c[0] == '0' && c[1] == 'x') {
			sbuf_puts(&table, "0x…");
			c += 2;
			while ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'))
				c++;
			c--;
			continue;
		}
		if (c[0] == '.' && c[1] == 'c' && c[2] == ':') {
			sbuf_puts(&table, ".c:N");
			c += 3;
			while (*c >= '0' && *c <= '9')
				c++;
			c--;
			continue;
		}
		/* A '|' inside a cell must be escaped, even in backticks. */
		sbuf_puts(&table, *c == '|' ? "\\|" : (char[]){ *c, 0 });
	}
	sbuf_puts(&table, "` |\n");
}

static void fixture_make(void)
{
	memset(&fx, 0, sizeof(fx));
	fx.page = alloc_pages(GFP_KERNEL, 0);
	fx.block = alloc_pages(GFP_KERNEL, 2);
	fx.obj = kmalloc(64, GFP_KERNEL);
	fx.cache = kmem_cache_create("reliable", 48, 0, 0, NULL);
	fx.other = kmem_cache_create("other", 48, 0, 0, NULL);
	ASSERT_NOT_NULL(fx.cache);
	ASSERT_NOT_NULL(fx.other);
	fx.cobj = kmem_cache_alloc(fx.cache, GFP_KERNEL);
	fx.area = vmalloc(2 * PAGE_SIZE);
	fx.mm = mm_alloc();
	ASSERT_TRUE(fx.page && fx.block && fx.obj && fx.cobj && fx.area && fx.mm);
}

static void fixture_free(void)
{
	if (fx.page)
		__free_pages(fx.page, 0);
	__free_pages(fx.block, 2);
	kfree(fx.obj);
	kmem_cache_free(fx.cache, fx.cobj);
	kmem_cache_destroy(fx.cache);
	kmem_cache_destroy(fx.other);
	vfree(fx.area);
	mmput(fx.mm);
	memset(&fx, 0, sizeof(fx));
}

static void assert_consistent(void)
{
	ASSERT_TRUE(page_alloc_is_valid());
	ASSERT_TRUE(slab_is_valid());
	ASSERT_TRUE(vmalloc_is_valid());
	ASSERT_TRUE(pgtable_is_valid());
	ASSERT_TRUE(kmap_is_valid());
}

/* Pages, kmalloc and vmalloc still work. */
static void work_continues(void)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 3);
	void *obj = kmalloc(200, GFP_KERNEL);
	void *area = vzalloc(5 * PAGE_SIZE);

	ASSERT_TRUE(page && obj && area);
	memset(obj, 1, 200);
	memset(area, 2, 5 * PAGE_SIZE);
	__free_pages(page, 3);
	kfree(obj);
	vfree(area);
}

static void run_misuse(const struct misuse *m)
{
	struct buddy_snapshot snap;
	unsigned long total, of_type;
	char first[256];

	if (m->where == ON_MACHINE) {
		boot_pc(1024, 1, 2);
		fixture_make();
		if (m->prepare)
			m->prepare();
		buddy_snapshot(&snap);
	}
	total = report_total();
	of_type = report_count(m->type);
	m->run();
	ASSERT_EQ(report_total(), total + 1);
	ASSERT_EQ(report_count(m->type), of_type + 1);
	if (m->where == AT_BOOT)
		ASSERT_TRUE(!machine.booted);
	snprintf(first, sizeof(first), "%s", report_last());
	add_row(m->name, report_type_name(m->type), first);
	if (m->where == AT_BOOT) {
		boot_pc(64, 1, 1);
		work_continues();
		return;
	}
	assert_free_pages_restored(&snap);
	assert_consistent();
	work_continues();
	fixture_free();
	assert_consistent();
	ASSERT_EQ(report_total(), total + 1);	/* nothing more was reported */
}

/* Malformed program text: an error naming its line; the next parse works. */
static void malformed_program_text(void)
{
	static struct prog prog;
	static const char bad[] = "machine pc 64M\np0 = alloc_pages(GFP_KERNEL, order=99, node=0)\n";
	static const char good[] = "machine pc 64M\np0 = alloc_pages(GFP_KERNEL, order=3, node=0)\n";
	char err[256] = "";

	ASSERT_EQ(prog_parse(bad, strlen(bad), &prog, err, sizeof(err)), -1);
	CHECK(!strncmp(err, "line 2: ", 8));
	add_row("malformed program text", "(parser)", err);
	ASSERT_EQ(prog_parse(good, strlen(good), &prog, err, sizeof(err)), 0);
	ASSERT_EQ(prog.nr_ops, 1);
}

static void every_misuse(void)
{
	sbuf_reset(&table);
	sbuf_puts(&table, TABLE_HEAD);
	for (size_t i = 0; i < ARRAY_SIZE(misuses); i++) {
		run_misuse(&misuses[i]);
		machine_teardown();
		report_reset();
	}
	malformed_program_text();
	printf("%s", sbuf_str(&table));
}

/* README.md holds the same table, after its marker, up to a blank line. */
static void readme_has_the_table(void)
{
	static char text[1 << 17];
	const char *start, *end;
	FILE *f = fopen(readme_path, "r");
	size_t n;

	ASSERT_NOT_NULL(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	start = strstr(text, README_MARKER TABLE_HEAD);
	if (start)
		start += strlen(README_MARKER);
	else
		test_fail(__FILE__, __LINE__, "README.md has no misuse table after %s; it should be:\n%s",
			  README_MARKER, sbuf_str(&table));
	end = strstr(start, "\n\n");
	end = end ? end + 1 : text + n;
	if ((size_t)(end - start) != strlen(sbuf_str(&table)) ||
	    strncmp(start, sbuf_str(&table), (size_t)(end - start)))
		test_fail(__FILE__, __LINE__, "README.md's misuse table differs; it should be:\n%s",
			  sbuf_str(&table));
}

int main(int argc, char **argv)
{
	static const struct test_case cases[] = {
		TEST(every_misuse),
		TEST(readme_has_the_table),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s README.md\n", argv[0]);
		return 2;
	}
	readme_path = argv[1];
	return run_tests("reliability", cases, ARRAY_SIZE(cases));
}
