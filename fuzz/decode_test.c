// SPDX-License-Identifier: GPL-2.0
/*
 * The byte form: every byte string decodes, to the same program every
 * time, into ops whose slot references are valid; the canonical encoding
 * is a fixed point; and random programs run clean on a correct allocator.
 */
#include <stdlib.h>

#include "fuzz/harness.h"
#include "fuzz/op_table.h"
#include "fuzz/testing.h"

#define RANDOM_INPUTS	5000
#define RANDOM_RUNS	200

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

/* Every slot an op names is one the program has at that point. */
static void check_valid(const struct prog *prog)
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
		d = op_table[op->type];
		if (d->args[0].kind == ARG_LIVE || d->args[0].kind == ARG_TAIL)
			CHECK(op->val[0] < ctx.nr_slots && ctx.state[op->val[0]] == SLOT_LIVE);
		if (d->args[0].kind == ARG_FREED)
			CHECK(op->val[0] < ctx.nr_slots && ctx.state[op->val[0]] == SLOT_FREED);
		CHECK_EQ(op->slot, d->makes_slot ? (int)ctx.nr_slots : -1);
		prog_ctx_apply(&ctx, op);
	}
	CHECK_EQ(prog->nr_slots, ctx.nr_slots);
}

/* decode -> encode -> decode is the same program, and the text agrees. */
static void check_canonical(const u8 *data, size_t len)
{
	char err[256], *t1, *t2;
	size_t n1, n2;

	prog_decode(data, len, &prog_a);
	prog_decode(data, len, &prog_b);
	CHECK(!memcmp(&prog_a, &prog_b, sizeof(prog_a)));	/* deterministic */
	check_valid(&prog_a);
	n1 = prog_encode(&prog_a, bytes_a, sizeof(bytes_a));
	CHECK(n1 <= len + PROG_HEADER_BYTES || len < PROG_HEADER_BYTES);
	prog_decode(bytes_a, n1, &prog_b);
	n2 = prog_encode(&prog_b, bytes_b, sizeof(bytes_b));
	CHECK_EQ(n1, n2);
	CHECK(!memcmp(bytes_a, bytes_b, n1));
	t1 = print(&prog_a);
	t2 = print(&prog_b);
	CHECK_STREQ(t1, t2);
	CHECK_EQ(prog_parse(t1, strlen(t1), &prog_c, err, sizeof(err)), 0);
	n2 = prog_encode(&prog_c, bytes_b, sizeof(bytes_b));
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

		check_canonical(buf, len);
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
		prog_decode(buf, len, &prog_a);
		CHECK(prog_a.nr_ops >= prev);
		prev = prog_a.nr_ops;
		check_canonical(buf, len);
	}
}

/* Short inputs: the header defaults, every opcode alone and after an alloc. */
static void every_opcode(void)
{
	u8 buf[16];

	prog_decode(NULL, 0, &prog_a);
	CHECK_EQ(prog_a.nr_ops, 0);
	CHECK_EQ(prog_encode(&prog_a, bytes_a, sizeof(bytes_a)), PROG_HEADER_BYTES);
	for (unsigned int b = 0; b < 256; b++) {
		memset(buf, (int)b, sizeof(buf));
		check_canonical(buf, 1);
		check_canonical(buf, sizeof(buf));
		/* alloc_pages(GFP_KERNEL, order=0, node=0), then opcode b. */
		memset(buf, 0, sizeof(buf));
		buf[PROG_HEADER_BYTES + 5] = (u8)b;
		check_canonical(buf, sizeof(buf));
	}
}

/* Long inputs stop at PROG_MAX_OPS ops. */
static void op_limit(void)
{
	static u8 buf[8192];

	/* Opcode 0x10 with no live slot is dropped; 0 is an alloc of 6 bytes. */
	memset(buf, 0, sizeof(buf));
	prog_decode(buf, sizeof(buf), &prog_a);
	CHECK_EQ(prog_a.nr_ops, PROG_MAX_OPS);
	CHECK_EQ(prog_a.nr_slots, PROG_MAX_OPS);
	check_canonical(buf, sizeof(buf));
}

/* A correct allocator passes every check on random programs. */
static void random_programs_run_clean(void)
{
	static u8 buf[400];
	struct sbuf verdict = SBUF_INIT;
	u64 rng = 7;
	unsigned long ops = 0;

	for (int i = 0; i < RANDOM_RUNS; i++) {
		size_t len = random_input(&rng, buf, sizeof(buf));

		prog_decode(buf, len, &prog_a);
		sbuf_reset(&verdict);
		ops += prog_a.nr_ops;
		if (!harness_run(&prog_a, NULL, &verdict)) {
			char *text = print(&prog_a);

			test_fail(__FILE__, __LINE__, "random program %d:\n%s\n%s", i,
				  text, sbuf_str(&verdict));
		}
	}
	printf("  %d random programs (%lu ops) ran clean\n", RANDOM_RUNS, ops);
	sbuf_free(&verdict);
}

TEST_MAIN("decode",
	TEST(random_bytes_decode),
	TEST(prefixes_decode),
	TEST(every_opcode),
	TEST(op_limit),
	TEST(random_programs_run_clean))
