// SPDX-License-Identifier: GPL-2.0
/*
 * Every seed round-trips exactly: text -> bytes -> text gives the seed's
 * own lines back (comments aside), and text -> bytes -> text -> bytes the
 * same bytes.  Seeds are therefore written in canonical form, which also
 * keeps them readable as what a reproducer prints.  The bytes are those of
 * the fuzz target whose corpus the seed is in, which must have every op.
 *
 *   roundtrip_test_<arch> [--expect-targets A,B,...] [--target NAME] SEED.prog...
 *                         [--target NAME SEED.prog...]...
 *
 * --expect-targets: FUZZ_TARGETS of fuzz/targets.bzl, which must name the
 * C side's targets in order.
 */
#include <stdlib.h>

#include "fuzz/load.h"
#include "fuzz/testing.h"

static int nr_args;
static char **args;

static struct prog prog_a, prog_b, prog_c;
static u8 bytes_a[PROG_MAX_BYTES], bytes_b[PROG_MAX_BYTES];

/* @text without comments, blank lines and trailing blanks. */
static void normalise(const char *text, size_t len, struct sbuf *out)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, n;
		const char *hash = memchr(text + pos, '#', end - pos);

		n = (hash ? (size_t)(hash - text) : end) - pos;
		while (n && (text[pos + n - 1] == ' ' || text[pos + n - 1] == '\t'))
			n--;
		if (n)
			sbuf_printf(out, "%.*s\n", (int)n, text + pos);
		pos = end + 1;
	}
}

static void roundtrip_file(const char *path, enum fuzz_target target)
{
	struct sbuf t1 = SBUF_INIT, t2 = SBUF_INIT, seed = SBUF_INIT, norm = SBUF_INIT;
	char err[512];
	size_t size, n1, n2;
	u8 *data;

	if (read_file(path, &data, &size))
		test_fail(__FILE__, __LINE__, "cannot read %s", path);
	CHECK(prog_looks_like_text(data, size));
	if (prog_parse((const char *)data, size, &prog_a, err, sizeof(err)))
		test_fail(__FILE__, __LINE__, "%s: %s", path, err);
	if (prog_target_misfit(&prog_a, target) >= 0)
		test_fail(__FILE__, __LINE__, "%s: op %d is not one of target %s's", path,
			  prog_target_misfit(&prog_a, target), fuzz_targets[target].name);
	/* text -> bytes -> text */
	n1 = prog_encode(&prog_a, target, bytes_a, sizeof(bytes_a));
	prog_decode(bytes_a, n1, target, &prog_b);
	prog_print(&prog_a, &t1);
	prog_print(&prog_b, &t2);
	CHECK_STREQ(sbuf_str(&t1), sbuf_str(&t2));
	/* The seed is what the printer writes. */
	normalise((const char *)data, size, &seed);
	normalise(t1.buf, t1.len, &norm);
	if (strcmp(sbuf_str(&seed), sbuf_str(&norm)))
		test_fail(__FILE__, __LINE__, "%s is not in canonical form; it prints as:\n%s",
			  path, sbuf_str(&t1));
	/* text -> bytes -> text -> bytes */
	if (prog_parse(t2.buf, t2.len, &prog_c, err, sizeof(err)))
		test_fail(__FILE__, __LINE__, "%s reprinted: %s", path, err);
	n2 = prog_encode(&prog_c, target, bytes_b, sizeof(bytes_b));
	CHECK_EQ(n1, n2);
	CHECK(!memcmp(bytes_a, bytes_b, n1));
	printf("  %s: %u ops, %zu bytes for %s\n", path, prog_a.nr_ops, n1,
	       fuzz_targets[target].name);
	free(data);
	sbuf_free(&t1);
	sbuf_free(&t2);
	sbuf_free(&seed);
	sbuf_free(&norm);
}

/* @list, "all,buddy,...", is fuzz_targets[] by name and order. */
static void expect_targets(const char *list)
{
	struct sbuf ours = SBUF_INIT;

	for (int t = 0; t < NR_FUZZ_TARGETS; t++)
		sbuf_printf(&ours, "%s%s", t ? "," : "", fuzz_targets[t].name);
	CHECK_STREQ(sbuf_str(&ours), list);
	sbuf_free(&ours);
}

static void every_seed(void)
{
	enum fuzz_target target = TARGET_ALL;
	int files = 0;

	for (int i = 0; i < nr_args; i++) {
		if (!strcmp(args[i], "--expect-targets") && i + 1 < nr_args) {
			expect_targets(args[++i]);
			continue;
		}
		if (!strcmp(args[i], "--target") && i + 1 < nr_args) {
			int t = fuzz_target_by_name(args[++i]);

			if (t < 0)
				test_fail(__FILE__, __LINE__, "no fuzz target %s", args[i]);
			target = (enum fuzz_target)t;
			continue;
		}
		roundtrip_file(args[i], target);
		files++;
	}
	CHECK(files > 0);
}

int main(int argc, char **argv)
{
	static const struct test_case cases[] = { TEST(every_seed) };

	nr_args = argc - 1;
	args = argv + 1;
	return run_tests("roundtrip", cases, ARRAY_SIZE(cases));
}
