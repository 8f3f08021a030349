// SPDX-License-Identifier: GPL-2.0
/*
 * The text form: malformed input gives an error that names its line, the
 * parser survives random and mutated text, and whatever it accepts prints
 * back to text that parses to the same program.
 */
#include <stdlib.h>

#include "fuzz/op_table.h"
#include "fuzz/testing.h"

static struct prog prog_a, prog_b;
static u8 bytes_a[PROG_MAX_BYTES], bytes_b[PROG_MAX_BYTES];

static const char good[] =
	"# a comment line\n"
	"machine pc 256M nodes=2 cpus=4 min_free_kbytes=1024\n"
	"\n"
	"p0 = alloc_pages(GFP_ATOMIC|__GFP_ZERO, order=2, node=0)   # trailing\n"
	"p1 = __get_free_pages(GFP_KERNEL, order=0)\n"
	"write(p0, off=0x1010, len=64, seed=0x5a)\n"
	"check(p0, off=0x1000, len=256)\n"
	"cpu(3)\n"
	"__free_pages(p1)\n"
	"__free_pages(p1)\n"
	"__free_pages(p0, order=3)\n"
	"__free_pages(p0 + 3, order=0)\n"
	"__free_pages(reserved_page(7), order=1)\n"
	"__free_pages(pfn_to_page(0xa0), order=0)\n"
	"__free_pages(pfn_to_page(0x10000), order=0)\n"
	"p2 = get_zeroed_page(GFP_DMA|__GFP_NOWARN)\n"
	"p3 = alloc_pages(__GFP_DMA|__GFP_HIGHMEM|0x400000, order=10, node=-1)\n"
	"drain_local_pages(NULL)\n"
	"drain_all_pages(NULL)\n"
	"free_pages(p2)\n";

static char *print(const struct prog *prog)
{
	struct sbuf sb = SBUF_INIT;

	prog_print(prog, &sb);
	return sb.buf ? sb.buf : calloc(1, 1);
}

/* Parsed text prints to text that parses to the same bytes and text. */
static void check_reprint(const struct prog *prog)
{
	char err[512], *t1 = print(prog), *t2;
	size_t n1 = prog_encode(prog, TARGET_ALL, bytes_a, sizeof(bytes_a)), n2;

	if (prog_parse(t1, strlen(t1), &prog_b, err, sizeof(err)))
		test_fail(__FILE__, __LINE__, "reparse failed: %s\n%s", err, t1);
	n2 = prog_encode(&prog_b, TARGET_ALL, bytes_b, sizeof(bytes_b));
	CHECK_EQ(n1, n2);
	CHECK(!memcmp(bytes_a, bytes_b, n1));
	t2 = print(&prog_b);
	CHECK_STREQ(t1, t2);
	free(t1);
	free(t2);
}

static void good_program_parses(void)
{
	char err[512];

	if (prog_parse(good, strlen(good), &prog_a, err, sizeof(err)))
		test_fail(__FILE__, __LINE__, "%s", err);
	CHECK_EQ(prog_a.nr_ops, 17);
	CHECK_EQ(prog_a.nr_slots, 4);
	CHECK_EQ(prog_a.hdr.nr_nodes, 2);
	CHECK_EQ(prog_a.hdr.nr_cpus, 4);
	CHECK_EQ(min_free_choices[prog_a.hdr.min_free], 1024);
	check_reprint(&prog_a);
}

struct bad_case {
	const char	*text;
	const char	*error;		/* must appear in the message */
};

static const struct bad_case bad[] = {
	{ "foo(1)", "line 1: unknown call 'foo'" },
	{ "\n\nalloc_pages(GFP_KERNEL, order=0, node=0)", "line 3: alloc_pages() allocates: write 'p0 = " },
	{ "p1 = alloc_pages(GFP_KERNEL, order=0, node=0)", "line 1: this is allocation number 0, so its result is p0" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=11, node=0)", "line 1: alloc_pages(): order 11 is outside 0..10" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0)", "line 1: alloc_pages(): missing node=" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0, node=0)", "line 1: alloc_pages(): node= given twice" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, nodes=0)", "line 1: alloc_pages(): unknown argument 'nodes='" },
	{ "p0 = alloc_pages(order=0, node=0)", "line 1: alloc_pages(): takes 1 argument before the key=value ones" },
	{ "p0 = alloc_pages(GFP_BOGUS, order=0, node=0)", "'GFP_BOGUS' is not a GFP flag" },
	{ "p0 = alloc_pages(GFP_KERNEL|, order=0, node=0)", "line 1: " },
	{ "p0 = alloc_pages(0x1000000, order=0, node=0)", "is not a GFP flag" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=1)", "node 1 is outside -1..0" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0\n", "line 1: 'alloc_pages(GFP_KERNEL, order=0, node=0': a call must end with ')'" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\n__free_pages(p1)", "line 2: __free_pages(): p1 does not exist yet" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\n__free_pages(p0, order=0)", "line 2: __free_pages(): p0 has order 0: that is a plain free" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=1, node=0)\n__free_pages(p0 + 2, order=0)", "line 2: __free_pages(): p0 has 2 pages; tail pages are 1..1" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\n__free_pages(p0 + 1, order=0)", "line 2: __free_pages(): p0 has 1 page; tail pages are 1..0" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\nwrite(p0, off=0x1000, len=1, seed=0)", "line 2: write(): off=0x1000: must be a multiple of 16 below 0x1000" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\nwrite(p0, off=0xff0, len=17, seed=0)", "runs past the end of p0" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\nwrite(p0, off=0, len=257, seed=0)", "len 257 is outside 1..256" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\nwrite(p0, off=0, len=1, seed=256)", "seed 256 is outside 0..255" },
	{ "__free_pages(pfn_to_page(0x100), order=0)", "line 1: __free_pages(): pfn 0x100 is RAM of machine pc 4M" },
	{ "__free_pages(pfn_to_page(0x100000), order=0)", "too far beyond the RAM" },
	{ "__free_pages(reserved_page(256), order=0)", "reserved_page index 256 is outside 0..255" },
	{ "cpu(1)", "line 1: cpu(): cpu 1 is outside 0..0" },
	{ "drain_all_pages()", "line 1: drain_all_pages(): takes 1 argument; expected drain_all_pages(NULL)" },
	{ "drain_all_pages(0)", "'0' is not NULL" },
	{ "machine pc 3M", "line 1: unknown machine 'pc 3M'" },
	{ "machine pc 4M nodes=2", "nodes=2: machine pc 4M takes 1..1 nodes" },
	{ "machine pc 64M cpus=9", "cpus=9: 1..8 CPUs" },
	{ "machine pc 64M min_free_kbytes=5", "min_free_kbytes=5: one of" },
	{ "machine pc 64M colour=blue", "'colour=blue' is not key=number" },
	{ "machine pc 64M\nmachine pc 64M", "line 2: a second machine line" },
	{ "cpu(0)\nmachine pc 64M", "line 2: the machine line must come before the first op" },
	{ "p0 = cpu(0)", "cpu() returns nothing to assign" },
	{ "cpu(0))", "unbalanced ')'" },
	{ "cpu((0)", "unbalanced '('" },
	{ "cpu(0,)", "empty argument 2" },
	{ "cpu(\x01)", "line 1: unexpected byte 0x01 in column 5" },
	{ "(", "line 1: '(': a call must end with ')'" },
	{ "()", "line 1: a call needs a name before '('" },
	{ "a b(0)", "'a b' is not a function name" },
	{ "p0 = alloc_pages(order=0, GFP_KERNEL, node=0)", "positional argument after key=value" },
	{ "local_irq_restore(flags)", "line 1: local_irq_restore(): not here: its context is not the innermost one open here" },
	{ "preempt_disable()\nlocal_irq_save(flags)\npreempt_enable()", "line 3: preempt_enable(): not here" },
	{ "spin_lock(&lock)\nspin_lock(&lock)", "line 2: spin_lock(): not here: a context that makes it legal" },
	{ "irq_enter()\np0 = vmalloc(order=0)\nvfree(p0)", "line 3: vfree(): not here" },
	{ "local_irq_save(flag)", "'flag' is not flags" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\nkunmap_atomic(p0)",
	  "line 2: kunmap_atomic(): p0: the innermost context open here is not a kmap_atomic()" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\np1 = alloc_pages(GFP_KERNEL, order=0, node=0)\n"
	  "kmap_atomic(p0)\nkmap_atomic(p1)\nkunmap_atomic(p0)",
	  "line 5: kunmap_atomic(): p0: kunmap_atomic() must undo the innermost kmap_atomic(), of p1" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\nkmap_atomic(p0)\npreempt_disable()\nkunmap_atomic(p0)",
	  "line 4: kunmap_atomic(): p0: the innermost context open here is not a kmap_atomic()" },
	{ "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\nkmap_atomic(p0)\nsys_brk(brk + 4096)",
	  "line 3: sys_brk(): not here: a context that makes it legal (or impossible)" },
	{ "fault_attr(failslab, probability=101)", "percentage 101 is outside 0..100" },
	{ "fault_attr(fail_everything, probability=1)", "'fail_everything' is not failslab" },
	{ "fault_attr(failslab, colour=1)", "unknown argument 'colour='" },
	{ "fail_nth(33)", "fail_nth 33 is outside 0..32" },
	{ "balloon_leave(node=0, zone=Movable, left=1)", "'Movable' is not a zone" },
	{ "balloon_deflate(1)", "'1' is not ULONG_MAX" },
};

static void bad_lines_report_their_line(void)
{
	char err[512];

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int ret = prog_parse(bad[i].text, strlen(bad[i].text), &prog_a, err, sizeof(err));

		if (ret != -1)
			test_fail(__FILE__, __LINE__, "case %zu parsed: %s", i, bad[i].text);
		CHECK(!strncmp(err, "line ", 5));
		CHECK_HAS(err, bad[i].error);
	}
}

static void too_many_ops(void)
{
	struct sbuf sb = SBUF_INIT;
	char err[256];

	for (int i = 0; i <= PROG_MAX_OPS; i++)
		sbuf_puts(&sb, "drain_all_pages(NULL)\n");
	CHECK_EQ(prog_parse(sb.buf, sb.len, &prog_a, err, sizeof(err)), -1);
	CHECK_HAS(err, "line 257: more than 256 ops");
	sbuf_free(&sb);
}

/* Random text from the grammar's own pieces, plus noise. */
static const char *const pieces[] = {
	"p0", "p1", "p2", "p3", " = ", "alloc_pages", "__free_pages", "free_pages",
	"__get_free_pages", "get_zeroed_page", "write", "check", "cpu", "NULL",
	"drain_all_pages", "(", ")", ",", " ", "\n", "order=", "node=", "off=",
	"len=", "seed=", "GFP_KERNEL", "|", "__GFP_ZERO", "0x10", "1", "0", "-1",
	"256", "+", "reserved_page(", "pfn_to_page(", "machine pc 64M", " nodes=2",
	"#", "=", "99999999999999999999", "\t", "GFP_DMA", "__GFP_HIGHMEM",
};

/* Outcomes of the random inputs, printed by the tests that make them. */
static unsigned long parsed, rejected;

static size_t nr_lines(const char *text, size_t len)
{
	size_t n = 1;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	return n;
}

/* A program that prints back the same, or "line N: ..." with N in the text. */
static void check_parse_outcome(const char *text, size_t len)
{
	char err[512];
	unsigned long line = 0;

	err[0] = 'x';
	if (prog_parse(text, len, &prog_a, err, sizeof(err)) == 0) {
		check_reprint(&prog_a);
		parsed++;
		return;
	}
	rejected++;
	if (sscanf(err, "line %lu:", &line) != 1 || line < 1 || line > nr_lines(text, len))
		test_fail(__FILE__, __LINE__, "error without a line of the text: %s", err);
}

static void print_outcomes(const char *what, unsigned long n)
{
	printf("  %lu %s: %lu parsed (and printed back the same), %lu errors with their line\n",
	       n, what, parsed, rejected);
	parsed = rejected = 0;
}

/* A piece of text: a fixed one, or the name of any op of any layer. */
static const char *random_piece(u64 *rng)
{
	u64 k = test_rand(rng) % (ARRAY_SIZE(pieces) + nr_op_table);

	return k < ARRAY_SIZE(pieces) ? pieces[k] : op_table[k - ARRAY_SIZE(pieces)]->name;
}

static void random_text(void)
{
	static char buf[4096];
	u64 rng = 99;

	for (int i = 0; i < 20000; i++) {
		size_t len = 0, n = test_rand(&rng) % 60;

		for (size_t k = 0; k < n; k++) {
			const char *p = random_piece(&rng);
			size_t pl = strlen(p);

			if (len + pl >= sizeof(buf))
				break;
			memcpy(buf + len, p, pl);
			len += pl;
		}
		check_parse_outcome(buf, len);
	}
	print_outcomes("random texts of program words", 20000);
	/* Plain random bytes, NULs included. */
	for (int i = 0; i < 5000; i++) {
		size_t len = test_rand(&rng) % 300;

		for (size_t k = 0; k < len; k++)
			buf[k] = (char)test_rand(&rng);
		check_parse_outcome(buf, len);
	}
	print_outcomes("random byte strings as text", 5000);
}

/* @text (@len bytes, room for one more) with one byte changed, inserted or removed. */
static size_t mutate(char *text, size_t len, u64 *rng)
{
	size_t at = test_rand(rng) % len;

	switch (test_rand(rng) % 3) {
	case 0:
		text[at] = (char)test_rand(rng);
		return len;
	case 1:
		memmove(text + at + 1, text + at, len - at);
		text[at] = (char)(32 + test_rand(rng) % 95);
		return len + 1;
	default:
		memmove(text + at, text + at + 1, len - at - 1);
		return len - 1;
	}
}

/* A valid program with one byte changed, inserted or removed. */
static void mutated_text(void)
{
	static char buf[sizeof(good) + 8];
	u64 rng = 1234;

	for (int i = 0; i < 20000; i++) {
		size_t len = strlen(good);

		memcpy(buf, good, len);
		check_parse_outcome(buf, mutate(buf, len, &rng));
	}
	print_outcomes("mutations of a valid program", 20000);
}

/* The same for random programs of every layer's ops, as printed. */
static void mutated_random_programs(void)
{
	static u8 bytes[400];
	u64 rng = 4321;

	for (int i = 0; i < 5000; i++) {
		size_t n = test_rand(&rng) % sizeof(bytes), len;
		char *text;

		for (size_t k = 0; k < n; k++)
			bytes[k] = (u8)test_rand(&rng);
		prog_decode(bytes, n, TARGET_ALL, &prog_b);
		text = print(&prog_b);
		len = strlen(text);
		text = realloc(text, len + 2);
		CHECK(text != NULL);
		check_parse_outcome(text, len ? mutate(text, len, &rng) : 0);
		free(text);
	}
	print_outcomes("mutations of random programs", 5000);
}

/* Very long lines and no trailing newline are errors or fine, never crashes. */
static void long_lines(void)
{
	static char buf[100000];
	char err[256];

	memset(buf, 'a', sizeof(buf));
	CHECK_EQ(prog_parse(buf, sizeof(buf), &prog_a, err, sizeof(err)), -1);
	CHECK_HAS(err, "line 1: line longer than");
	memset(buf, ' ', sizeof(buf));
	memcpy(buf + 50000, "cpu(0)", 6);
	CHECK_EQ(prog_parse(buf, sizeof(buf), &prog_a, err, sizeof(err)), 0);
	CHECK_EQ(prog_a.nr_ops, 1);
	memset(buf, '\n', sizeof(buf));
	CHECK_EQ(prog_parse(buf, sizeof(buf), &prog_a, err, sizeof(err)), 0);
	CHECK_EQ(prog_a.nr_ops, 0);
	/* A tiny error buffer is still terminated. */
	CHECK_EQ(prog_parse("foo(", 4, &prog_a, err, 8), -1);
	CHECK_EQ(strlen(err), 7);
}

static void looks_like_text(void)
{
	char err[256];

	CHECK(prog_looks_like_text((const u8 *)good, strlen(good)));
	CHECK(prog_looks_like_text((const u8 *)"  machine pc 4M\n", 16));
	CHECK(!prog_looks_like_text((const u8 *)"machines", 8));
	CHECK(!prog_looks_like_text((const u8 *)"\x00\x01\x02", 3));
	CHECK(!prog_looks_like_text((const u8 *)"cpu(0)\n", 7));
	CHECK(!prog_looks_like_text((const u8 *)"# x\x01\n", 5));
	/* UTF-8 in a comment is text, and parses. */
	CHECK(prog_looks_like_text((const u8 *)"# \xc3\xa9t\xc3\xa9\ncpu(0)\n", 14));
	CHECK_EQ(prog_parse("# \xc3\xa9t\xc3\xa9\ncpu(0)\n", 14, &prog_a, err, sizeof(err)), 0);
}

TEST_MAIN("text",
	TEST(good_program_parses),
	TEST(bad_lines_report_their_line),
	TEST(too_many_ops),
	TEST(random_text),
	TEST(mutated_text),
	TEST(mutated_random_programs),
	TEST(long_lines),
	TEST(looks_like_text))
