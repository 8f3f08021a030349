// SPDX-License-Identifier: GPL-2.0
/*
 * The differential mode: one program run on both architectures, the
 * outcomes that must agree compared (outcome_diff.h says which).
 *
 *   mmfuzz_outcome_diff A.out B.out
 *	Compare two outcome files (mmfuzz_replay --outcomes).
 *   mmfuzz_outcome_diff --run REPLAY_A REPLAY_B [--target NAME] FILE...
 *	Run both replay drivers (one per arch) on FILE..., then compare.
 *
 * The two arch libraries define the same symbols, so they cannot share a
 * process (objcopy --prefix-symbols would rename every libc call too, and
 * two machines would need two sets of host windows): each arch's replay
 * driver runs the program in its own process and writes one line per op,
 * and this program compares the lines.
 *
 * Exit status: 0 if the runs agree, 1 if they do not, 2 on an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "fuzz/outcome_diff.h"

#define MAX_PATH	4096

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

/* Run @bin on @files with --outcomes @out; a file it cannot read is an error. */
static int run_replay(const char *bin, const char *target, char **files, int nr,
		      const char *out)
{
	size_t len = strlen(bin) + strlen(out) + 64 + (target ? strlen(target) : 0);
	char *cmd;
	int status;

	for (int i = 0; i < nr; i++)
		len += strlen(files[i]) + 3;
	for (int i = -2; i < nr; i++) {
		const char *s = i == -2 ? bin : i == -1 ? out : files[i];

		if (strchr(s, '\'')) {
			fprintf(stderr, "mmfuzz_outcome_diff: a quote in '%s'\n", s);
			return -1;
		}
	}
	cmd = xmalloc(len);
	snprintf(cmd, len, "'%s' -q --outcomes '%s'%s%s", bin, out,
		 target ? " --target " : "", target ? target : "");
	for (int i = 0; i < nr; i++) {
		strcat(cmd, " '");
		strcat(cmd, files[i]);
		strcat(cmd, "'");
	}
	strcat(cmd, " >/dev/null 2>&1");
	status = system(cmd);
	free(cmd);
	/* 0 and 1 (a violation) both leave outcomes to compare. */
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		fprintf(stderr, "mmfuzz_outcome_diff: %s failed (status %d)\n", bin, status);
		return -1;
	}
	return 0;
}

/* mmfuzz_replay_x86_64: the arch is what follows "replay_". */
static const char *label_of(const char *bin)
{
	const char *r = strstr(bin, "replay_");

	return r ? r + strlen("replay_") : bin;
}

static void temp_path(char *buf, size_t size, const char *name)
{
	const char *dir = getenv("TEST_TMPDIR");

	if (!dir)
		dir = getenv("TMPDIR");
	snprintf(buf, size, "%s/mmfuzz-diff-%s.XXXXXX", dir ? dir : "/tmp", name);
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "--run")) {
		char ta[MAX_PATH], tb[MAX_PATH];
		const char *target = NULL;
		int first = 4, fa, fb, ret;

		temp_path(ta, sizeof(ta), "a");
		temp_path(tb, sizeof(tb), "b");
		if (!strcmp(argv[4], "--target") && argc >= 7) {
			target = argv[5];
			first = 6;
		}
		fa = mkstemp(ta);
		fb = mkstemp(tb);
		if (fa < 0 || fb < 0) {
			perror("mkstemp");
			return 2;
		}
		close(fa);
		close(fb);
		ret = run_replay(argv[2], target, argv + first, argc - first, ta) ||
		      run_replay(argv[3], target, argv + first, argc - first, tb) ? 2 :
		      outcome_diff_files(ta, label_of(argv[2]), tb, label_of(argv[3]), stdout);
		unlink(ta);
		unlink(tb);
		return ret;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: mmfuzz_outcome_diff A.out B.out\n"
				"       mmfuzz_outcome_diff --run REPLAY_A REPLAY_B [--target NAME] FILE...\n");
		return 2;
	}
	return outcome_diff_files(argv[1], argv[1], argv[2], argv[2], stdout);
}
