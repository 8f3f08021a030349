// SPDX-License-Identifier: GPL-2.0
/*
 * The replay driver: runs programs from files, in text or byte form, with
 * no fuzzing engine, and builds with gcc.  For each file it prints the
 * program as text, runs it under the oracle (with -v, tracing every op's
 * outcome), and prints the violation report if there is one.
 *
 *   mmfuzz_replay_<arch> [-v] [-q] [--target NAME] [--outcomes OUT]
 *                        [--text|--bytes] FILE...
 *
 * --target: whose byte form a byte file is in (default all); text files
 * run the same under any target.  --outcomes: every op's outcome line
 * (outcome.h) to OUT, for the differential mode.  The same file, built
 * into a test per target (fuzz/targets.bzl), replays the corpus.
 *
 * Exit status: 0 if every program passed, 1 if any violated the oracle, 2
 * for a file that cannot be read or parsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "fuzz/harness.h"
#include "fuzz/load.h"

static void usage(void)
{
	fprintf(stderr, "usage: mmfuzz_replay [-v] [-q] [--target NAME] [--outcomes OUT] [--text|--bytes] FILE...\n");
	exit(2);
}

static int replay(const char *path, enum prog_form form, enum fuzz_target target,
		  FILE *outcomes, bool verbose, bool quiet)
{
	static struct prog prog;
	struct sbuf text = SBUF_INIT, verdict = SBUF_INIT;
	char err[512];
	size_t size;
	u8 *data;
	bool ok;

	if (read_file(path, &data, &size)) {
		perror(path);
		return 2;
	}
	if (prog_load(data, size, &form, target, &prog, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", path, err);
		free(data);
		return 2;
	}
	free(data);
	printf("# %s (%s form, %zu bytes, %u ops, arch %s)\n", path,
	       form == FORM_TEXT ? "text" : "byte", size, prog.nr_ops, ARCH_NAME);
	if (!quiet && !verbose) {
		prog_print(&prog, &text);
		fputs(sbuf_str(&text), stdout);
	}
	fflush(stdout);
	if (outcomes)
		fprintf(outcomes, "file %s\n", path);
	ok = harness_run(&prog, verbose ? stdout : NULL, &verdict);
	if (ok) {
		printf("# %s: OK\n", path);
	} else {
		fflush(stdout);
		fputs(sbuf_str(&verdict), stderr);
		fflush(stderr);
		printf("# %s: VIOLATION\n", path);
	}
	fflush(stdout);
	sbuf_free(&text);
	sbuf_free(&verdict);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	enum prog_form form = FORM_AUTO;
	enum fuzz_target target = TARGET_ALL;
	bool verbose = false, quiet = false;
	int status = 0, files = 0;
	FILE *outcomes = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--target") && i + 1 < argc) {
			int t = fuzz_target_by_name(argv[++i]);

			if (t < 0) {
				fprintf(stderr, "mmfuzz_replay: no fuzz target '%s'\n", argv[i]);
				return 2;
			}
			target = (enum fuzz_target)t;
		} else if (!strcmp(argv[i], "--outcomes") && i + 1 < argc) {
			outcomes = fopen(argv[++i], "w");
			if (!outcomes) {
				perror(argv[i]);
				return 2;
			}
			harness_set_outcomes(outcomes);
		} else if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else if (!strcmp(argv[i], "-q")) {
			quiet = true;
		} else if (!strcmp(argv[i], "--text")) {
			form = FORM_TEXT;
		} else if (!strcmp(argv[i], "--bytes")) {
			form = FORM_BYTES;
		} else if (argv[i][0] == '-') {
			usage();
		} else {
			int s = replay(argv[i], form, target, outcomes, verbose, quiet);

			status = max(status, s);
			files++;
		}
	}
	if (!files)
		usage();
	if (outcomes && fclose(outcomes)) {
		perror("--outcomes");
		return 2;
	}
	return status;
}
