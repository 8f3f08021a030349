// SPDX-License-Identifier: GPL-2.0
/*
 * Converts programs between the byte form and the text form.
 *
 *   mmfuzz_convert [--target NAME] [--to-text|--to-bytes] IN [OUT]
 *	Without a direction, text becomes bytes and bytes become text.
 *	OUT defaults to standard output.  The bytes are those of fuzz
 *	target NAME (default all); a program with an op the target lacks
 *	has no bytes for it, which is an error naming the op.
 *   mmfuzz_convert [--target NAME] --dict FILE...
 *	A libFuzzer dictionary for the target: the canonical bytes of
 *	every distinct op of the given programs.
 *   mmfuzz_convert --list-targets
 *	The fuzz targets, one a line (targets_test holds them against
 *	FUZZ_TARGETS in fuzz/targets.bzl).
 *   mmfuzz_convert --max-len
 *	The longest canonical byte form (PROG_MAX_BYTES): engines need not
 *	try longer inputs, whose extra bytes are ops past the last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/load.h"
#include "fuzz/op_table.h"

static enum fuzz_target target = TARGET_ALL;

static void usage(void)
{
	fprintf(stderr, "usage: mmfuzz_convert [--target NAME] [--to-text|--to-bytes] IN [OUT]\n"
			"       mmfuzz_convert [--target NAME] --dict FILE...\n"
			"       mmfuzz_convert --list-targets\n"
			"       mmfuzz_convert --max-len\n");
	exit(2);
}

/* @prog's ops must all be @target's for it to have bytes. */
static int check_fits(const char *path, const struct prog *prog)
{
	int bad = prog_target_misfit(prog, target);
	struct sbuf op = SBUF_INIT;

	if (bad < 0)
		return 0;
	prog_print_op(&prog->ops[bad], &op);
	fprintf(stderr, "%s: op %d, %s, is not one of fuzz target %s's ops\n", path, bad,
		sbuf_str(&op), fuzz_targets[target].name);
	sbuf_free(&op);
	return -1;
}

static int load(const char *path, struct prog *prog, enum prog_form *form)
{
	char err[512];
	size_t size;
	u8 *data;

	if (read_file(path, &data, &size)) {
		perror(path);
		return -1;
	}
	*form = FORM_AUTO;
	if (prog_load(data, size, form, target, prog, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", path, err);
		free(data);
		return -1;
	}
	free(data);
	return 0;
}

/* Each op's bytes: the difference between encodings with and without it. */
static int dict(int argc, char **argv)
{
	static struct prog prog;
	static u8 seen[4096][OP_MAX_BYTES + 1];
	static u8 buf[PROG_MAX_BYTES];
	unsigned int nr_seen = 0;

	for (int f = 0; f < argc; f++) {
		enum prog_form form;
		unsigned int ops;

		if (load(argv[f], &prog, &form) || check_fits(argv[f], &prog))
			return 2;
		ops = prog.nr_ops;
		for (unsigned int i = 0; i < ops; i++) {
			size_t before, after;
			u8 entry[OP_MAX_BYTES + 1];
			unsigned int j;

			prog.nr_ops = i;
			before = prog_encode(&prog, target, buf, sizeof(buf));
			prog.nr_ops = i + 1;
			after = prog_encode(&prog, target, buf, sizeof(buf));
			entry[0] = (u8)(after - before);
			memcpy(entry + 1, buf + before, after - before);
			for (j = 0; j < nr_seen; j++)
				if (!memcmp(seen[j], entry, entry[0] + 1u))
					break;
			if (j < nr_seen || nr_seen == ARRAY_SIZE(seen))
				continue;
			memcpy(seen[nr_seen++], entry, sizeof(entry));
			printf("op_%u=\"", nr_seen);
			for (unsigned int k = 1; k <= entry[0]; k++)
				printf("\\x%02x", entry[k]);
			printf("\"\n");
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct prog prog;
	static u8 bytes[PROG_MAX_BYTES];
	enum prog_form want = FORM_AUTO, form;
	struct sbuf text = SBUF_INIT;
	FILE *out = stdout;
	int i = 1;

	if (argc == 2 && !strcmp(argv[1], "--max-len")) {
		printf("%d\n", PROG_MAX_BYTES);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--list-targets")) {
		for (int t = 0; t < NR_FUZZ_TARGETS; t++)
			printf("%s\n", fuzz_targets[t].name);
		return 0;
	}
	if (i + 1 < argc && !strcmp(argv[i], "--target")) {
		int t = fuzz_target_by_name(argv[i + 1]);

		if (t < 0) {
			fprintf(stderr, "mmfuzz_convert: no fuzz target '%s'\n", argv[i + 1]);
			return 2;
		}
		target = (enum fuzz_target)t;
		i += 2;
	}
	if (i < argc && !strcmp(argv[i], "--dict"))
		return dict(argc - i - 1, argv + i + 1);
	if (i < argc && !strcmp(argv[i], "--to-text")) {
		want = FORM_TEXT;
		i++;
	} else if (i < argc && !strcmp(argv[i], "--to-bytes")) {
		want = FORM_BYTES;
		i++;
	}
	if (argc - i < 1 || argc - i > 2 || argv[i][0] == '-')
		usage();
	if (load(argv[i], &prog, &form))
		return 2;
	if (want == FORM_AUTO)
		want = form == FORM_TEXT ? FORM_BYTES : FORM_TEXT;
	if (want == FORM_BYTES && check_fits(argv[i], &prog))
		return 2;
	if (argc - i == 2) {
		out = fopen(argv[i + 1], "wb");
		if (!out) {
			perror(argv[i + 1]);
			return 2;
		}
	}
	if (want == FORM_BYTES) {
		size_t n = prog_encode(&prog, target, bytes, sizeof(bytes));

		fwrite(bytes, 1, n, out);
	} else {
		prog_print(&prog, &text);
		fputs(sbuf_str(&text), out);
		sbuf_free(&text);
	}
	if (out != stdout && fclose(out)) {
		perror(argv[i + 1]);
		return 2;
	}
	return 0;
}
