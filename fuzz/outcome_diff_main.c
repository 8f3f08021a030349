// SPDX-License-Identifier: GPL-2.0
/*
 * The differential mode: one program run on both architectures, the
 * outcomes that must agree compared.
 *
 *   mmfuzz_outcome_diff A.out B.out
 *	Compare two outcome files (mmfuzz_replay --outcomes).
 *   mmfuzz_outcome_diff --run REPLAY_A REPLAY_B [--target NAME] FILE...
 *	Run both replay drivers (one per arch) on FILE..., then compare.
 *
 * The two arch libraries define the same symbols, so they cannot share a
 * process: each arch's replay driver runs the program on its own and
 * writes one line per op (outcome.h), and this program compares the lines.
 * It needs no arch: it is built once.
 *
 * What must agree, per program (fuzz/README.md says why):
 *   - the verdict: both pass the oracle, or both violate it;
 *   - while the runs are in step (every allocation so far made, made in
 *     highmem, or failed alike), every op's reports, by type and count,
 *     except allocations whose success may depend on the arch (not
 *     "neutral") and ops marked "archdep" (kmap: the identity on x86-64);
 *   - a neutral allocation's result: it cannot fail on one arch only;
 *   - ksize() of a slab object made on both.
 * The first allocation that comes out differently and is not neutral ends
 * the comparison of ops: from there on the programs act on different
 * memory.
 *
 * Exit status: 0 if the runs agree, 1 if they do not, 2 on an error.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define MAX_LINE	512

struct outcome {
	unsigned int	idx;
	char		name[64];
	char		result[32];
	char		reports[256];
	long		ksize;
	int		neutral;
	int		archdep;
};

struct file_run {
	char		path[MAX_LINE];
	struct outcome	*ops;
	unsigned int	nr_ops, cap;
	char		end[MAX_LINE];
};

struct side {
	const char	*label;
	struct file_run	*files;
	unsigned int	nr_files, cap;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("realloc");
		exit(2);
	}
	return p;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static int parse_op(const char *line, struct outcome *o)
{
	char rest[MAX_LINE], *tok, *save = NULL;

	memset(o, 0, sizeof(*o));
	o->ksize = -1;
	if (sscanf(line, "op %u %63s %31s", &o->idx, o->name, o->result) != 3)
		return -1;
	snprintf(rest, sizeof(rest), "%s", line);
	for (tok = strtok_r(rest, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (!strcmp(tok, "neutral"))
			o->neutral = 1;
		else if (!strcmp(tok, "archdep"))
			o->archdep = 1;
		else if (!strncmp(tok, "ksize=", 6))
			o->ksize = strtol(tok + 6, NULL, 10);
		else if (!strncmp(tok, "reports=", 8))
			snprintf(o->reports, sizeof(o->reports), "%s", tok + 8);
	}
	return o->reports[0] ? 0 : -1;
}

static int load_side(const char *path, struct side *sd)
{
	FILE *f = fopen(path, "r");
	char line[MAX_LINE];
	struct file_run *cur = NULL;
	int lineno = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		chomp(line);
		if (!strncmp(line, "file ", 5)) {
			if (sd->nr_files == sd->cap) {
				sd->cap = sd->cap ? 2 * sd->cap : 16;
				sd->files = xrealloc(sd->files, sd->cap * sizeof(*sd->files));
			}
			cur = &sd->files[sd->nr_files++];
			memset(cur, 0, sizeof(*cur));
			snprintf(cur->path, sizeof(cur->path), "%s", line + 5);
		} else if (cur && !strncmp(line, "op ", 3)) {
			if (cur->nr_ops == cur->cap) {
				cur->cap = cur->cap ? 2 * cur->cap : 64;
				cur->ops = xrealloc(cur->ops, cur->cap * sizeof(*cur->ops));
			}
			if (parse_op(line, &cur->ops[cur->nr_ops++]))
				goto bad;
		} else if (cur && !strncmp(line, "end ", 4)) {
			snprintf(cur->end, sizeof(cur->end), "%s", line + 4);
		} else {
			goto bad;
		}
	}
	fclose(f);
	return 0;
bad:
	fprintf(stderr, "%s:%d: not an outcome line: %s\n", path, lineno, line);
	fclose(f);
	return -1;
}

static bool is_alloc(const struct outcome *o)
{
	return strcmp(o->result, "-") != 0;
}

/* Compare one program's two runs; prints each disagreement. */
static int compare_file(const struct side *a, const struct file_run *fa,
			const struct side *b, const struct file_run *fb)
{
	unsigned int n = fa->nr_ops < fb->nr_ops ? fa->nr_ops : fb->nr_ops;
	int diffs = 0;

#define DIFF(...) do { printf("%s: ", fa->path); printf(__VA_ARGS__); printf("\n"); diffs++; } while (0)
	if (strncmp(fa->end, "ok", 2) != strncmp(fb->end, "ok", 2) ||
	    (!fa->end[0]) != (!fb->end[0]))
		DIFF("verdict: %s on %s, %s on %s", fa->end[0] ? fa->end : "(none)", a->label,
		     fb->end[0] ? fb->end : "(none)", b->label);
	for (unsigned int i = 0; i < n; i++) {
		const struct outcome *x = &fa->ops[i], *y = &fb->ops[i];

		if (x->idx != y->idx || strcmp(x->name, y->name)) {
			DIFF("op %u: different programs (%s, %s)", x->idx, x->name, y->name);
			break;
		}
		if (strcmp(x->result, y->result)) {
			if (x->neutral || y->neutral) {
				DIFF("op %u %s: a neutral allocation: %s on %s, %s on %s", x->idx,
				     x->name, x->result, a->label, y->result, b->label);
			} else {
				printf("%s: op %u %s: %s on %s, %s on %s: out of step from here\n",
				       fa->path, x->idx, x->name, x->result, a->label, y->result,
				       b->label);
			}
			break;
		}
		if (x->ksize >= 0 && y->ksize >= 0 && x->ksize != y->ksize)
			DIFF("op %u %s: ksize %ld on %s, %ld on %s", x->idx, x->name,
			     x->ksize, a->label, y->ksize, b->label);
		if ((is_alloc(x) && !x->neutral) || x->archdep || y->archdep)
			continue;
		if (strcmp(x->reports, y->reports))
			DIFF("op %u %s: reports %s on %s, %s on %s", x->idx, x->name,
			     x->reports, a->label, y->reports, b->label);
	}
#undef DIFF
	return diffs;
}

static int compare(struct side *a, struct side *b)
{
	int diffs = 0;

	if (a->nr_files != b->nr_files) {
		printf("%u programs on %s, %u on %s\n", a->nr_files, a->label, b->nr_files,
		       b->label);
		return 1;
	}
	for (unsigned int i = 0; i < a->nr_files; i++) {
		if (strcmp(a->files[i].path, b->files[i].path)) {
			printf("program %u: %s on %s, %s on %s\n", i, a->files[i].path,
			       a->label, b->files[i].path, b->label);
			return 1;
		}
		diffs += compare_file(a, &a->files[i], b, &b->files[i]);
	}
	printf("%u program%s compared: %s\n", a->nr_files, a->nr_files == 1 ? "" : "s",
	       diffs ? "the arches disagree" : "the arches agree");
	return diffs ? 1 : 0;
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
	cmd = xrealloc(NULL, len);
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
	struct side a = { 0 }, b = { 0 };

	if (argc >= 5 && !strcmp(argv[1], "--run")) {
		char ta[MAX_LINE], tb[MAX_LINE];
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
		a.label = label_of(argv[2]);
		b.label = label_of(argv[3]);
		ret = run_replay(argv[2], target, argv + first, argc - first, ta) ||
		      run_replay(argv[3], target, argv + first, argc - first, tb) ||
		      load_side(ta, &a) || load_side(tb, &b) ? 2 : compare(&a, &b);
		unlink(ta);
		unlink(tb);
		return ret;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: mmfuzz_outcome_diff A.out B.out\n"
				"       mmfuzz_outcome_diff --run REPLAY_A REPLAY_B [--target NAME] FILE...\n");
		return 2;
	}
	a.label = argv[1];
	b.label = argv[2];
	if (load_side(argv[1], &a) || load_side(argv[2], &b))
		return 2;
	return compare(&a, &b);
}
