// SPDX-License-Identifier: GPL-2.0
/*
 * The byte form: every byte string decodes, to the same program every
 * time, into ops whose slot references are valid; the canonical encoding
 * is a fixed point; and random programs run clean on a correct allocator.
 * All of it for every fuzz target, whose bytes decode to its own ops only.
 */
#include <stdlib.h>

#include "fuzz/harness.h"
#include "fuzz/op_table.h"
#include "fuzz/testing.h"

#define RANDOM_INPUTS	5000
/* Per target. */
#define RANDOM_RUNS	20

static struct prog prog_a, prog_b, prog_c;
static u8 bytes_a[PROG_MAX_BYTES], bytes_b[PROG_MAX_BYTES];

static size_t random_input(u64 *rng, u8 *buf, size_t max)
{
	size_t len = test_rand(rng) % max;

	for (size_t i = 0; i < len; i++)
		buf[i] = (u8)test_rand(rng);
	return len;
}

static char *print(const struct prog *prog)
{
	struct sbuf sb = SBUF_INIT;

	prog_print(prog, &sb);
	return sb.buf ? sb.buf : calloc(1, 1);
}

/*
 * Every slot an op names is one the program has at that point; every op
 * that closes a context frame closes the innermost one (kunmap_atomic()
 * naming the page of its kmap_atomic()).
 */
static void check_valid(const struct prog *prog, enum fuzz_target target)
{
	struct prog_ctx ctx;

	CHECK(prog->nr_ops <= PROG_MAX_OPS);
	CHECK(prog->hdr.machine < NR_MACHINE_TMPLS);
	CHECK(prog->hdr.nr_nodes >= 1 &&
	      prog->hdr.nr_nodes <= machine_tmpls[prog->hdr.machine].max_nodes);
	CHECK(prog->hdr.nr_cpus >= 1 && prog->hdr.nr_cpus <= 8);
	prog_ctx_init(&ctx, &prog->hdr);
	for (unsigned int i = 0; i < prog->nr_ops; i++) {
		const struct op *op = &prog->ops[i];
		const struct op_desc *d;

		CHECK(op->type < nr_op_table);
		CHECK(op_in_target(op->type, target));
		d = op_table[op->type];
		if (d->args[0].kind == ARG_LIVE || d->args[0].kind == ARG_TAIL)
			CHECK(op->val[0] < ctx.nr_slots && ctx.state[op->val[0]] == SLOT_LIVE);
		if (d->args[0].kind == ARG_FREED)
			CHECK(op->val[0] < ctx.nr_slots && ctx.state[op->val[0]] == SLOT_FREED);
		if (d->ctx_pop)
			CHECK(ctx.ctx_depth && ctx.ctx[ctx.ctx_depth - 1] == d->ctx_pop);
		if (d->args[0].kind == ARG_KMAP_ATOMIC)
			CHECK_EQ(op->val[0], ctx.ctx_slot[ctx.ctx_depth - 1]);
		CHECK_EQ(op->slot, d->makes_slot ? (int)ctx.nr_slots : -1);
		prog_ctx_apply(&ctx, op);
	}
	CHECK_EQ(prog->nr_slots, ctx.nr_slots);
}

/* decode -> encode -> decode is the same program, and the text agrees. */
static void check_canonical(const u8 *data, size_t len, enum fuzz_target target)
{
	char err[256], *t1, *t2;
	size_t n1, n2;

	/* Ops past nr_ops keep what an earlier decode left: compare from scratch. */
	memset(&prog_a, 0, sizeof(prog_a));
	memset(&prog_b, 0, sizeof(prog_b));
	prog_decode(data, len, target, &prog_a);
	prog_decode(data, len, target, &prog_b);
	CHECK(!memcmp(&prog_a, &prog_b, sizeof(prog_a)));	/* deterministic */
	check_valid(&prog_a, target);
	CHECK_EQ(prog_target_misfit(&prog_a, target), -1);
	n1 = prog_encode(&prog_a, target, bytes_a, sizeof(bytes_a));
	CHECK(n1 <= len + PROG_HEADER_BYTES || len < PROG_HEADER_BYTES);
	prog_decode(bytes_a, n1, target, &prog_b);
	n2 = prog_encode(&prog_b, target, bytes_b, sizeof(bytes_b));
	CHECK_EQ(n1, n2);
	CHECK(!memcmp(bytes_a, bytes_b, n1));
	t1 = print(&prog_a);
	t2 = print(&prog_b);
	CHECK_STREQ(t1, t2);
	CHECK_EQ(prog_parse(t1, strlen(t1), &prog_c, err, sizeof(err)), 0);
	n2 = prog_encode(&prog_c, target, bytes_b, sizeof(bytes_b));
	CHECK_EQ(n1, n2);
	CHECK(!memcmp(bytes_a, bytes_b, n1));
	free(t1);
	free(t2);
}

static void random_bytes_decode(void)
{
	static u8 buf[2048];
	u64 rng = 0x5eed;
	unsigned long ops = 0;

	for (int i = 0; i < RANDOM_INPUTS; i++) {
		size_t len = random_input(&rng, buf, sizeof(buf));

		/* Each input for one target, in turn. */
		check_canonical(buf, len, (enum fuzz_target)(i % NR_FUZZ_TARGETS));
		ops += prog_a.nr_ops;
	}
	printf("  %d random byte strings: every one decoded (%lu ops), none rejected, "
	       "each canonical and round-tripped through text\n", RANDOM_INPUTS, ops);
}

/* Every prefix of an input is a program, and never has more ops. */
static void prefixes_decode(void)
{
	static u8 buf[512];
	u64 rng = 42;
	unsigned int prev = 0;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)test_rand(&rng);
	for (size_t len = 0; len <= sizeof(buf); len++) {
		prog_decode(buf, len, TARGET_ALL, &prog_a);
		CHECK(prog_a.nr_ops >= prev);
		prev = prog_a.nr_ops;
		check_canonical(buf, len, (enum fuzz_target)(len % NR_FUZZ_TARGETS));
	}
}

/* Short inputs: the header defaults, every opcode alone and after an alloc. */
static void every_opcode(void)
{
	u8 buf[16];

	prog_decode(NULL, 0, TARGET_ALL, &prog_a);
	CHECK_EQ(prog_a.nr_ops, 0);
	CHECK_EQ(prog_encode(&prog_a, TARGET_ALL, bytes_a, sizeof(bytes_a)), PROG_HEADER_BYTES);
	for (int t = 0; t < NR_FUZZ_TARGETS; t++) {
		for (unsigned int b = 0; b < 256; b++) {
			memset(buf, (int)b, sizeof(buf));
			check_canonical(buf, 1, (enum fuzz_target)t);
			check_canonical(buf, sizeof(buf), (enum fuzz_target)t);
			/* all: alloc_pages(GFP_KERNEL, order=0, node=0), then opcode b. */
			memset(buf, 0, sizeof(buf));
			buf[PROG_HEADER_BYTES + 5] = (u8)b;
			check_canonical(buf, sizeof(buf), (enum fuzz_target)t);
		}
	}
}

/* Long inputs stop at PROG_MAX_OPS ops. */
static void op_limit(void)
{
	static u8 buf[8192];

	/* Opcode 0x10 with no live slot is dropped; 0 is an alloc of 6 bytes. */
	memset(buf, 0, sizeof(buf));
	prog_decode(buf, sizeof(buf), TARGET_ALL, &prog_a);
	CHECK_EQ(prog_a.nr_ops, PROG_MAX_OPS);
	CHECK_EQ(prog_a.nr_slots, PROG_MAX_OPS);
	check_canonical(buf, sizeof(buf), TARGET_ALL);
}

static int op_named(const char *name)
{
	for (unsigned int t = 0; t < nr_op_table; t++)
		if (!strcmp(op_table[t]->name, name))
			return (int)t;
	test_fail(__FILE__, __LINE__, "no op %s", name);
	return -1;
}

/*
 * Targets hold their layers' ops and the common ones; `all` every op; and
 * a target's opcode bytes reach each of its ops and nothing else.
 */
static void targets_own_their_ops(void)
{
	CHECK_EQ(fuzz_target_by_name("all"), TARGET_ALL);
	CHECK_EQ(fuzz_target_by_name("slab"), TARGET_SLAB);
	CHECK_EQ(fuzz_target_by_name("kmalloc"), -1);
	for (unsigned int t = 0; t < nr_op_table; t++)
		CHECK(op_in_target(t, TARGET_ALL));
	for (int t = 0; t < NR_FUZZ_TARGETS; t++)
		CHECK(op_in_target((unsigned int)op_named("cpu"), (enum fuzz_target)t));
	CHECK(op_in_target((unsigned int)op_named("alloc_pages"), TARGET_BUDDY));
	CHECK(!op_in_target((unsigned int)op_named("kmalloc"), TARGET_BUDDY));
	CHECK(!op_in_target((unsigned int)op_named("vmalloc"), TARGET_BUDDY));
	CHECK(op_in_target((unsigned int)op_named("kmalloc"), TARGET_SLAB));
	CHECK(op_in_target((unsigned int)op_named("copy_to_user"), TARGET_PROCESS));
	CHECK(!op_in_target((unsigned int)op_named("copy_to_user"), TARGET_SLAB));
	CHECK(!op_in_target((unsigned int)op_named("kmap"), TARGET_PROCESS));
	CHECK(op_in_target((unsigned int)op_named("fail_nth"), TARGET_FAULT));
	CHECK(!op_in_target((unsigned int)op_named("fail_nth"), TARGET_BUDDY));
	CHECK(op_in_target((unsigned int)op_named("preempt_disable"), TARGET_HIGHMEM));
	CHECK(op_in_target((unsigned int)op_named("vmap"), TARGET_VMALLOC));
	CHECK(!op_in_target((unsigned int)op_named("vmap"), TARGET_HIGHMEM));
	CHECK(op_in_target((unsigned int)op_named("kmap_local_page"), TARGET_HIGHMEM));
	CHECK(!op_in_target((unsigned int)op_named("kmap_local_page"), TARGET_SLAB));
	for (int t = 0; t < NR_FUZZ_TARGETS; t++) {
		bool reached[OP_TABLE_MAX] = { false };

		for (unsigned int b = 0; b < 256; b++) {
			unsigned int type = op_from_byte((enum fuzz_target)t, (u8)b);

			CHECK(op_in_target(type, (enum fuzz_target)t));
			reached[type] = true;
		}
		for (unsigned int type = 0; type < nr_op_table; type++) {
			CHECK_EQ(reached[type], op_in_target(type, (enum fuzz_target)t));
			if (reached[type])
				CHECK_EQ(op_from_byte((enum fuzz_target)t,
						      op_to_byte((enum fuzz_target)t, type)), type);
		}
	}
}

/* A correct allocator passes every check on random programs. */
static void random_programs_run_clean(void)
{
	static u8 buf[400];
	struct sbuf verdict = SBUF_INIT;
	u64 rng = 7;
	unsigned long ops = 0;

	for (int i = 0; i < RANDOM_RUNS * NR_FUZZ_TARGETS; i++) {
		size_t len = random_input(&rng, buf, sizeof(buf));

		prog_decode(buf, len, (enum fuzz_target)(i % NR_FUZZ_TARGETS), &prog_a);
		sbuf_reset(&verdict);
		ops += prog_a.nr_ops;
		if (!harness_run(&prog_a, NULL, &verdict)) {
			char *text = print(&prog_a);

			test_fail(__FILE__, __LINE__, "random program %d (target %s):\n%s\n%s", i,
				  fuzz_targets[i % NR_FUZZ_TARGETS].name, text, sbuf_str(&verdict));
		}
	}
	printf("  %d random programs (%lu ops) ran clean\n", RANDOM_RUNS * NR_FUZZ_TARGETS, ops);
	sbuf_free(&verdict);
}

TEST_MAIN("decode",
	TEST(random_bytes_decode),
	TEST(prefixes_decode),
	TEST(every_opcode),
	TEST(op_limit),
	TEST(targets_own_their_ops),
	TEST(random_programs_run_clean))
