// SPDX-License-Identifier: GPL-2.0
/*
 * The minimizer: with predicates that stand for "still crashes the same
 * way", it drops every op the predicate does not need (and the ops that use
 * a dropped op's slot), keeps the ones it needs with the slots renumbered,
 * plains the header and the arguments, and never produces an invalid
 * program; the crash signature ignores the op index only.
 */
#include <string.h>

#include "fuzz/minimize.h"
#include "fuzz/op_table.h"
#include "fuzz/testing.h"

static struct prog prog;
static struct sbuf text = SBUF_INIT;

static void parse(const char *src)
{
	char err[256];

	ASSERT_EQ(prog_parse(src, strlen(src), &prog, err, sizeof(err)), 0);
}

static const char *printed(const struct prog *p)
{
	sbuf_reset(&text);
	prog_print(p, &text);
	return sbuf_str(&text);
}

/* Every candidate the minimizer asks about must be a valid program. */
static void check_valid(const struct prog *p)
{
	static struct prog again;
	static struct sbuf t = SBUF_INIT;
	char err[256];

	sbuf_reset(&t);
	prog_print(p, &t);
	ASSERT_EQ(prog_parse(sbuf_str(&t), strlen(sbuf_str(&t)), &again, err,
			     sizeof(err)), 0);
}

/* A misuse op on an order-3 block. */
static bool misuse_on_order3(const struct prog *p, void *arg)
{
	const char *t;
	bool misuse = false;

	check_valid(p);
	for (unsigned int i = 0; i < p->nr_ops; i++)
		misuse |= op_table[p->ops[i].type]->expect != NR_REPORT_TYPES;
	t = printed(p);
	return misuse && strstr(t, "order=3");
}

static const char *const DOUBLE_FREES =
	"machine pc 64M nodes=2 cpus=2 min_free_kbytes=1024\n"
	"p0 = alloc_pages(GFP_ATOMIC|__GFP_ZERO, order=0, node=0)\n"
	"p1 = alloc_pages(GFP_KERNEL, order=3, node=1)\n"
	"write(p1, off=0x10, len=64, seed=0x5a)\n"
	"cpu(1)\n"
	"__free_pages(p0)\n"
	"p2 = kmalloc(100, GFP_KERNEL)\n"
	"__free_pages(p1)\n"
	"drain_all_pages(NULL)\n"
	"__free_pages(p1)  # misuse: expect a double-free report\n"
	"kfree(p2)\n";

static void drops_ops_and_renumbers_slots(void)
{
	parse(DOUBLE_FREES);
	prog_minimize(&prog, misuse_on_order3, NULL);
	/* p1 became p0; its write, the other blocks and the context went. */
	CHECK_STREQ(printed(&prog),
		    "machine pc 64M nodes=1 cpus=1\n"
		    "p0 = alloc_pages(GFP_KERNEL, order=3, node=-1)\n"
		    "__free_pages(p0)\n"
		    "__free_pages(p0)  # misuse: expect a double-free report\n");
}

static bool has_cpu1(const struct prog *p, void *arg)
{
	check_valid(p);
	return strstr(printed(p), "cpu(1)") != NULL;
}

static void keeps_what_the_crash_needs(void)
{
	parse(DOUBLE_FREES);
	prog_minimize(&prog, has_cpu1, NULL);
	/* cpus=2 stays: with one CPU, cpu(1) is not a program. */
	CHECK_STREQ(printed(&prog), "machine pc 64M nodes=1 cpus=2\ncpu(1)\n");
}

static bool has_kmalloc(const struct prog *p, void *arg)
{
	unsigned int *calls = arg;

	(*calls)++;
	check_valid(p);
	return strstr(printed(p), "kmalloc(") != NULL;
}

static void plains_arguments(void)
{
	unsigned int calls = 0, asked;

	parse("machine pc 64M nodes=1 cpus=1\n"
	      "p0 = kmalloc(700, GFP_ATOMIC|__GFP_ZERO)\n"
	      "kfree(p0)\n");
	asked = prog_minimize(&prog, has_kmalloc, &calls);
	CHECK_EQ(asked, calls);
	CHECK_STREQ(printed(&prog),
		    "machine pc 64M nodes=1 cpus=1\n"
		    "p0 = kmalloc(8, GFP_KERNEL)\n");
}

/*
 * kmap_atomic frames are dropped with their kunmap_atomic, and the
 * implied slot of a kunmap_atomic is renumbered with the rest.
 */
static void drops_and_renumbers_kmap_atomic_frames(void)
{
	parse("machine pc 1G nodes=1 cpus=1\n"
	      "p0 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
	      "p1 = alloc_pages(GFP_KERNEL, order=3, node=0)\n"
	      "p2 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
	      "kmap_atomic(p0)\n"
	      "kmap_atomic(p2)\n"
	      "kunmap_atomic(p2)\n"
	      "kunmap_atomic(p0)\n"
	      "__free_pages(p1)\n"
	      "__free_pages(p1)\n");
	prog_minimize(&prog, misuse_on_order3, NULL);
	CHECK_STREQ(printed(&prog),
		    "machine pc 1G nodes=1 cpus=1\n"
		    "p0 = alloc_pages(GFP_KERNEL, order=3, node=-1)\n"
		    "__free_pages(p0)\n"
		    "__free_pages(p0)  # misuse: expect a double-free report\n");
}

static bool has_kunmap_atomic(const struct prog *p, void *arg)
{
	check_valid(p);
	return strstr(printed(p), "kunmap_atomic(") != NULL;
}

static void keeps_a_kmap_atomic_pair(void)
{
	parse("machine pc 1G nodes=1 cpus=1\n"
	      "p0 = alloc_pages(GFP_KERNEL, order=1, node=0)\n"
	      "p1 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
	      "kmap_atomic(p1)\n"
	      "kunmap_atomic(p1)\n");
	prog_minimize(&prog, has_kunmap_atomic, NULL);
	CHECK_STREQ(printed(&prog),
		    "machine pc 1G nodes=1 cpus=1\n"
		    "p0 = alloc_pages(GFP_KERNEL, order=0, node=-1)\n"
		    "kmap_atomic(p0)\n"
		    "kunmap_atomic(p0)\n");
}

static bool never(const struct prog *p, void *arg)
{
	return false;
}

static void nothing_to_drop_leaves_the_program(void)
{
	static struct prog before;

	parse(DOUBLE_FREES);
	before = prog;
	prog_minimize(&prog, never, NULL);
	CHECK_STREQ(printed(&prog), DOUBLE_FREES);
	CHECK_EQ(prog.nr_ops, before.nr_ops);
}

static void signature_ignores_the_op_index_only(void)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT, c = SBUF_INIT;

	verdict_signature("mmfuzz: oracle violation [overlap] at op 12 (arch i386)\n"
			  "  op 12: p3 = kmalloc(64, GFP_KERNEL)\n  detail\n", &a);
	verdict_signature("mmfuzz: oracle violation [overlap] at op 3 (arch i386)\n"
			  "  op 3: p1 = kmalloc(8, GFP_KERNEL)\n", &b);
	verdict_signature("mmfuzz: oracle violation [overlap] at op 3 (arch i386)\n"
			  "  op 3: p1 = alloc_pages(GFP_KERNEL, order=0, node=-1)\n", &c);
	CHECK_STREQ(sbuf_str(&a),
		    "mmfuzz: oracle violation [overlap] at op (arch i386) in kmalloc");
	CHECK_STREQ(sbuf_str(&a), sbuf_str(&b));
	CHECK(strcmp(sbuf_str(&a), sbuf_str(&c)) != 0);
	verdict_signature("mmfuzz: oracle violation [leak] at the end of the program (arch x86_64)\n"
			  "  3 pages\n", &c);
	CHECK_STREQ(sbuf_str(&c),
		    "mmfuzz: oracle violation [leak] at the end of the program (arch x86_64)");
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&c);
}

TEST_MAIN("minimize",
	TEST(drops_ops_and_renumbers_slots),
	TEST(keeps_what_the_crash_needs),
	TEST(plains_arguments),
	TEST(drops_and_renumbers_kmap_atomic_frames),
	TEST(keeps_a_kmap_atomic_pair),
	TEST(nothing_to_drop_leaves_the_program),
	TEST(signature_ignores_the_op_index_only))
