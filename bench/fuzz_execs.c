// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_execs: execs per second of each fuzz target under ASan, against a
 * trivial libFuzzer-style target under the same ASan (issue 7).
 *
 * Built by asan_binary() (bazel/asan.bzl) with mm/ and the harness under
 * -fsanitize=address and the debug checks on, as a fuzzing build has them;
 * //bench runs it as a subprocess and relays its lines, so that ASan never
 * touches the suite's glibc baselines.
 *
 * Both sides replay the same fixed corpus: FUZZ_CORPUS_PROGS programs of
 * FUZZ_PROG_OPS ops from prog_generate(), in byte form.  One iteration is
 * the whole corpus, so every sample does the same work.
 *   ours	what the target's LLVMFuzzerTestOneInput() does with each input:
 *		decode it, boot, run it under the oracle, check, tear down.
 *   base	100 malloc+free per input, sizes from the input's bytes.
 *
 *   fuzz_execs [--json] [--rounds N] [--iters N] [--target NAME] [--smoke]
 * prints one line per target (or NAME's only); --smoke runs two tiny programs once each
 * (for bench_smoke_test: names and shape, no timing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/report.h>

#include "bench/bench.h"
#include "fuzz/harness.h"
#include "fuzz/prog.h"

#define FUZZ_CORPUS_PROGS	16
#define FUZZ_PROG_OPS		100
#define TRIVIAL_ALLOCS		100

struct input {
	u8	bytes[PROG_MAX_BYTES];
	size_t	size;
};

static struct input corpus[FUZZ_CORPUS_PROGS];
static unsigned int corpus_size;

/*
 * @target's programs from consecutive seeds, each checked once: one that
 * trips the oracle (a known bug) would abort the benchmark, so it is left
 * out.
 */
static int build_corpus(enum fuzz_target target, unsigned int nr_progs, unsigned int nr_ops)
{
	static struct prog prog;

	corpus_size = 0;
	for (u64 seed = 1; corpus_size < nr_progs && seed < 16 * nr_progs; seed++) {
		struct input *in = &corpus[corpus_size];

		prog_generate(seed, target, nr_ops, NULL, &prog);
		in->size = prog_encode(&prog, target, in->bytes, sizeof(in->bytes));
		prog_decode(in->bytes, in->size, target, &prog);
		if (prog.nr_ops == nr_ops && harness_run(&prog, NULL, NULL))
			corpus_size++;
	}
	return corpus_size == nr_progs ? 0 : -1;
}

static int fuzz_corpus(unsigned long target, unsigned long iters)
{
	static struct prog prog;

	for (unsigned long it = 0; it < iters; it++) {
		for (unsigned int i = 0; i < corpus_size; i++) {
			prog_decode(corpus[i].bytes, corpus[i].size, (enum fuzz_target)target, &prog);
			harness_run_or_abort(&prog);
		}
	}
	return 0;
}

static int trivial_corpus(unsigned long arg, unsigned long iters)
{
	for (unsigned long it = 0; it < iters; it++) {
		for (unsigned int i = 0; i < corpus_size; i++) {
			const u8 *d = corpus[i].bytes;
			size_t n = corpus[i].size;

			for (unsigned int k = 0; k < TRIVIAL_ALLOCS; k++) {
				size_t size = 1 + ((size_t)d[k % n] << 4 | d[(k + 1) % n] >> 4);
				void *p = malloc(size);

				if (!p)
					return -1;
				bench_touch(p, k);
				free(p);
			}
		}
	}
	return 0;
}

/*
 * ASan keeps every free()d chunk in quarantine (256 MiB by default) and
 * serves malloc() from memory never touched until it is full, so the
 * first target measured would race a trivial target that page-faults.
 * Fill it once, as any fuzzing session soon has: about 300 MiB in chunks
 * of the trivial target's sizes.
 */
static void fill_asan_quarantine(void)
{
	for (unsigned int i = 0; i < 150000; i++) {
		void *p = malloc(1 + i * 2654435761u % 4096);

		if (!p)
			return;
		bench_touch(p, i);
		free(p);
	}
}

int main(int argc, char **argv)
{
	struct bench_opts o = { .rounds = 5, .sample_ns = 2e8 };
	bool json = false, smoke = false;
	int only = -1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--smoke"))
			smoke = true;
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			o.rounds = (unsigned int)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--iters") && i + 1 < argc)
			o.iters = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--target") && i + 1 < argc &&
			 (only = fuzz_target_by_name(argv[++i])) >= 0)
			continue;
		else {
			fprintf(stderr, "usage: fuzz_execs [--json] [--rounds N] [--iters N] [--target NAME] [--smoke]\n");
			return 2;
		}
	}
	if (smoke)
		o = (struct bench_opts){ .rounds = 1, .iters = 1 };
	else
		fill_asan_quarantine();
	for (unsigned long t = 0; t < NR_FUZZ_TARGETS; t++) {
		char name[64];
		struct bench b;
		struct bench_result r;

		if (only >= 0 && t != (unsigned long)only)
			continue;
		if (build_corpus((enum fuzz_target)t, smoke ? 2 : FUZZ_CORPUS_PROGS,
				 smoke ? 10 : FUZZ_PROG_OPS)) {
			fprintf(stderr, "fuzz_execs: could not generate a %s corpus that runs clean\n",
				fuzz_targets[t].name);
			return 1;
		}
		/* After build_corpus(): an exec is one input of this corpus. */
		b = (struct bench){
			.name = name,
			.ours = { fuzz_corpus, t, "replay the corpus through the target" },
			.base = { trivial_corpus, 0, "100 malloc+free per input" },
			.ops_per_iter = corpus_size,
			.throughput = true,
			.reports_expected = true,
		};
		snprintf(name, sizeof(name), "fuzz_execs_%s", fuzz_targets[t].name);
		if (bench_measure(&b, &o, &r))
			return 1;
		if (json)
			bench_print_json(stdout, &b, &r);
		else
			printf("%s: %.0f execs/s, trivial target %.0f execs/s, ratio %.3f\n",
			       name, bench_figure(&b, r.ours.median),
			       bench_figure(&b, r.base.median), bench_ratio(&b, &r));
		fflush(stdout);
	}
	return 0;
}
