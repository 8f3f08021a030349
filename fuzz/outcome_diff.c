// SPDX-License-Identifier: GPL-2.0
/*
 * The differential mode's comparison of two runs' outcome lines (outcome.h),
 * one run per arch.  It needs no arch: it is built once.
 *
 * outcome_diff.h says what must agree and why the comparison stops where
 * it does.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/outcome_diff.h"

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
	return strcmp(o->result, "-") && strcmp(o->result, "skipped");
}

/* Compare one program's two runs; prints each disagreement. */
static int compare_file(const struct side *a, const struct file_run *fa,
			const struct side *b, const struct file_run *fb, FILE *out)
{
	unsigned int n = fa->nr_ops < fb->nr_ops ? fa->nr_ops : fb->nr_ops;
	int diffs = 0;

#define DIFF(...) do { fprintf(out, "%s: ", fa->path); fprintf(out, __VA_ARGS__); fputc('\n', out); diffs++; } while (0)
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
				fprintf(out, "%s: op %u %s: %s on %s, %s on %s: out of step from here\n",
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

static int compare(struct side *a, struct side *b, FILE *out)
{
	int diffs = 0;

	if (a->nr_files != b->nr_files) {
		fprintf(out, "%u programs on %s, %u on %s\n", a->nr_files, a->label, b->nr_files,
		       b->label);
		return 1;
	}
	for (unsigned int i = 0; i < a->nr_files; i++) {
		if (strcmp(a->files[i].path, b->files[i].path)) {
			fprintf(out, "program %u: %s on %s, %s on %s\n", i, a->files[i].path,
			       a->label, b->files[i].path, b->label);
			return 1;
		}
		diffs += compare_file(a, &a->files[i], b, &b->files[i], out);
	}
	fprintf(out, "%u program%s compared: %s\n", a->nr_files, a->nr_files == 1 ? "" : "s",
	       diffs ? "the arches disagree" : "the arches agree");
	return diffs ? 1 : 0;
}

static void side_free(struct side *sd)
{
	for (unsigned int i = 0; i < sd->nr_files; i++)
		free(sd->files[i].ops);
	free(sd->files);
}

int outcome_diff_files(const char *a_path, const char *a_label, const char *b_path,
		       const char *b_label, FILE *out)
{
	struct side a = { .label = a_label }, b = { .label = b_label };
	int ret = load_side(a_path, &a) || load_side(b_path, &b) ? 2 : compare(&a, &b, out);

	side_free(&a);
	side_free(&b);
	return ret;
}
