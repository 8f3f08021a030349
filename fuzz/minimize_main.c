// SPDX-License-Identifier: GPL-2.0
/*
 * The minimizer's command line (./mmfuzz minimize): shrinks a program that
 * violates the oracle on this binary's arch to the smallest one that still
 * violates it the same way (verdict_signature()), and writes it as text.
 *
 *   mmfuzz_minimize_<arch> [--target NAME] FILE [OUT]
 *
 * Exit status: 0 minimized (OUT, or standard output); 1 FILE passes on
 * this arch, nothing to minimize; 2 FILE cannot be read or parsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "fuzz/harness.h"
#include "fuzz/load.h"
#include "fuzz/minimize.h"

struct same_crash {
	struct sbuf	want;	/* the original's signature */
	struct sbuf	verdict, sig;
};

static bool still_fails(const struct prog *prog, void *arg)
{
	struct same_crash *s = arg;

	sbuf_reset(&s->verdict);
	if (harness_run(prog, NULL, &s->verdict))
		return false;
	verdict_signature(sbuf_str(&s->verdict), &s->sig);
	return !strcmp(sbuf_str(&s->sig), sbuf_str(&s->want));
}

int main(int argc, char **argv)
{
	static struct prog prog;
	struct same_crash s = { SBUF_INIT, SBUF_INIT, SBUF_INIT };
	struct sbuf text = SBUF_INIT;
	unsigned int before, asked;
	enum fuzz_target target;
	FILE *out = stdout;

	if (target_option("mmfuzz_minimize", &argc, &argv, &target))
		return 2;
	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: mmfuzz_minimize [--target NAME] FILE [OUT]\n");
		return 2;
	}
	if (prog_load_file(argv[1], target, &prog))
		return 2;
	if (harness_run(&prog, NULL, &s.verdict)) {
		fprintf(stderr, "%s: no violation on %s: nothing to minimize\n",
			argv[1], ARCH_NAME);
		return 1;
	}
	verdict_signature(sbuf_str(&s.verdict), &s.want);
	before = prog.nr_ops;
	asked = prog_minimize(&prog, still_fails, &s);
	fprintf(stderr, "minimized on %s: %u ops -> %u ops (%u runs), still: %s\n",
		ARCH_NAME, before, prog.nr_ops, asked, sbuf_str(&s.want));
	/* The report of the minimized program, for the record. */
	harness_run(&prog, NULL, &s.verdict);
	if (argc == 3 && !(out = fopen(argv[2], "w"))) {
		perror(argv[2]);
		return 2;
	}
	sbuf_printf(&text, "# minimized by mmfuzz from %s on %s; it violates:\n",
		    argv[1], ARCH_NAME);
	for (const char *l = sbuf_str(&s.verdict); *l; ) {
		const char *nl = strchr(l, '\n');
		int n = nl ? (int)(nl - l) : (int)strlen(l);

		sbuf_printf(&text, "#   %.*s\n", n, l);
		l += n + (nl != NULL);
	}
	prog_print(&prog, &text);
	fputs(sbuf_str(&text), out);
	if (out != stdout && fclose(out)) {
		perror(argv[2]);
		return 2;
	}
	sbuf_free(&text);
	sbuf_free(&s.want);
	sbuf_free(&s.verdict);
	sbuf_free(&s.sig);
	return 0;
}
