/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark suite: every benchmark is one entry of bench_table[], a pair
 * of bodies (ours and its baseline) that the runner times side by side in
 * one process, interleaved round by round, so that both see the same CPU
 * frequency, caches and neighbours.
 *
 * Glossary:
 *   side	one of the two bodies of a benchmark: ours or the baseline.
 *   op		what a side does once (one alloc+free pair, one boot+teardown);
 *		figures are per op, or ops per second for throughput entries.
 *   iteration	one call's unit of work: ops_per_iter ops (a batch of 1,000
 *		allocations is one iteration of 1,000 ops).
 *   sample	one timed call of a side, long enough to dwarf clock overhead.
 *   round	one sample of each side, back to back.
 *
 * Adding a benchmark is writing its bodies in the file that owns its layer
 * (declared below under that file's name) and adding one bench_table[] line.
 * A body does real work and checks it: it returns -1 as soon as an
 * allocation fails, so a broken allocator cannot look fast.
 */
#ifndef _BENCH_BENCH_H
#define _BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct bench;

/**
 * bench_fn - the body of one side.
 * @arg:	the side's parameter (an order, a size in bytes, MiB of RAM).
 * @iters:	iterations to run, at least 1.
 *
 * Context: between the bench's setup() and teardown().
 * Return: 0, or -1 if anything failed (a NULL allocation, a refused boot).
 */
typedef int (*bench_fn)(unsigned long arg, unsigned long iters);

/**
 * struct bench_side - ours or the baseline.
 * @fn:		the body.
 * @arg:	passed to @fn.
 * @desc:	what one op is, for the table's legend.
 */
struct bench_side {
	bench_fn		fn;
	unsigned long		arg;
	const char		*desc;
};

/**
 * struct bench - one line of the suite.
 * @name:	stable name, the key of the JSON output; [a-z0-9_] only.
 * @ours:	the mmfuzz side.
 * @base:	what it is compared with.
 * @setup:	optional; run once before all rounds (boot a machine), so that
 *		its cost stays out of the figures.  Returns 0 or -1.
 * @teardown:	optional; undoes @setup, run even when a round failed.
 * @ops_per_iter: ops one iteration performs; 0 means 1.
 * @throughput:	report ops per second (higher is better) instead of ns per
 *		op; the ratio is then ours/base of the rates.
 * @reports_expected: mm/ reports are part of the work (fuzz programs
 *		misuse the API on purpose), not a sign of a broken benchmark.
 */
struct bench {
	const char		*name;
	struct bench_side	ours;
	struct bench_side	base;
	int			(*setup)(const struct bench *b);
	void			(*teardown)(const struct bench *b);
	unsigned int		ops_per_iter;
	bool			throughput;
	bool			reports_expected;
};

/* ---- registry.c: the suite ------------------------------------------- */

extern const struct bench bench_table[];
extern const size_t bench_table_size;

/* ---- threads.c: thread mode ------------------------------------------ */

/* @nr_threads (1 or 2) CPU threads share @iters mixed page+kmalloc ops. */
int bench_threads_mixed(unsigned long nr_threads, unsigned long iters);
/* setup(): a 2-CPU machine (teardown: bench_machine_down()). */
int bench_threads_up(const struct bench *b);

/* ---- boot.c: machine boot and teardown -------------------------------- */

/* Boot + teardown of a PC of @mib MiB, @iters times. */
int bench_boot_cycle(unsigned long mib, unsigned long iters);
/* The same, allocating and freeing one block of every order while up. */
int bench_boot_alloc_cycle(unsigned long mib, unsigned long iters);
/* setup()/teardown() for benchmarks that need a booted machine. */
int bench_machine_up(const struct bench *b);
void bench_machine_down(const struct bench *b);

/* ---- page.c: the buddy allocator --------------------------------------- */

/* alloc_pages(GFP_KERNEL, @order) + __free_pages pairs. */
int bench_page_pair(unsigned long order, unsigned long iters);
/* BENCH_BATCH alloc_pages of @order, then __free_pages in bench_free_order. */
int bench_page_batch(unsigned long order, unsigned long iters);

/* ---- vmalloc.c: vmalloc ----------------------------------------------- */

/* vmalloc(@size), a byte written in every page, vfree. */
int bench_vmalloc_touch(unsigned long size, unsigned long iters);
/* setup(): bench_machine_up(), then the page tables of ours' area, once. */
int bench_vmalloc_up(const struct bench *b);

/* ---- slab.c: kmalloc and slab caches ------------------------------------ */

/* kmalloc(@size, GFP_KERNEL) + kfree pairs. */
int bench_kmalloc_pair(unsigned long size, unsigned long iters);
/* BENCH_BIG_BATCH kmalloc(@size), then kfree in bench_free_order_big. */
int bench_kmalloc_big_batch(unsigned long size, unsigned long iters);
/* kmem_cache_alloc + kmem_cache_free pairs on a cache of @size bytes. */
int bench_kmem_cache_pair(unsigned long size, unsigned long iters);
/* setup()/teardown(): a machine and a cache of ours.arg bytes. */
int bench_kmem_cache_up(const struct bench *b);
void bench_kmem_cache_down(const struct bench *b);

/* ---- libc.c: the glibc baselines --------------------------------------- */

/* malloc(@size) + free pairs. */
int bench_malloc_pair(unsigned long size, unsigned long iters);
/* BENCH_BATCH malloc(@size), then free in bench_free_order. */
int bench_malloc_batch(unsigned long size, unsigned long iters);
/* mmap(@size) anonymous, a byte written in every page, munmap. */
int bench_mmap_touch(unsigned long size, unsigned long iters);
/* BENCH_BIG_BATCH malloc(@size), then free in bench_free_order_big. */
int bench_malloc_big_batch(unsigned long size, unsigned long iters);

/* ---- shuffle.c: the order batches are freed in ---------------------------- */

#define BENCH_BATCH	1000

/*
 * A fixed permutation of 0..BENCH_BATCH-1 (seeded Fisher-Yates), the same
 * for every side and every run, so both sides free in the same random order.
 */
const unsigned int *bench_free_order(void);

/* The same for the slab batches: 10,000 objects, as the issue asks. */
#define BENCH_BIG_BATCH	10000
const unsigned int *bench_free_order_big(void);

/* ---- run.c: timing ------------------------------------------------------- */

/**
 * struct bench_opts - how to measure.
 * @rounds:	samples per side; the figures are their medians.
 * @sample_ns:	target duration of one sample, for calibration.
 * @iters:	0 to calibrate; otherwise the iterations of every sample,
 *		for reproducible instruction counts (callgrind, perf stat).
 */
struct bench_opts {
	unsigned int		rounds;
	double			sample_ns;
	unsigned long		iters;
};

/**
 * struct bench_stat - one side's figures over the rounds.
 * @median:	median ns per op.
 * @mad:	median absolute deviation from @median, ns per op: the spread.
 * @iters:	iterations per sample, after calibration.
 */
struct bench_stat {
	double			median;
	double			mad;
	unsigned long		iters;
};

struct bench_result {
	struct bench_stat	ours;
	struct bench_stat	base;
};

/**
 * bench_measure() - time @b: setup, calibrate each side, then @o->rounds
 * rounds alternating which side goes first, then teardown.
 *
 * Context: no machine booted.  Also fails if mm/ printed any report during
 * the run, since a benchmark that provokes warnings is measuring them.
 * Return: 0 with @r filled in, or -1 after a message on stderr.
 */
int bench_measure(const struct bench *b, const struct bench_opts *o,
		  struct bench_result *r);

/* The figure the table shows: ns per op, or ops per second. */
double bench_figure(const struct bench *b, double ns_per_op);
/* ours/base of the figures (of the rates for throughput entries). */
double bench_ratio(const struct bench *b, const struct bench_result *r);

/*
 * Print @b's result as issue 7's JSON line:
 * {"bench": NAME, "ours_ns": ..., "base_ns": ..., "ratio": ...}
 * (for throughput entries the figures are ops per second).
 */
void bench_print_json(FILE *out, const struct bench *b,
		      const struct bench_result *r);

/**
 * bench_parse_json() - read back a line bench_print_json() printed.
 * @name: room for BENCH_NAME_MAX bytes.
 * Return: true if @line has exactly that shape and a [a-z0-9_] name.
 */
#define BENCH_NAME_MAX	64
bool bench_parse_json(const char *line, char *name, double *ours,
		      double *base, double *ratio);

/* The fuzz_execs binary's --json lines (bench/fuzz_execs.c) start so. */
#define BENCH_FUZZ_EXECS_PREFIX	"fuzz_execs_"

/* ---- keeping the compiler honest -------------------------------------- */

/*
 * Write one byte of @p through a volatile pointer and tell the compiler the
 * pointer escapes: a malloc whose memory is written and observed cannot be
 * elided, nor paired with its free and removed.
 */
static inline void bench_touch(void *p, unsigned long v)
{
	*(volatile char *)p = (char)v;
	__asm__ volatile("" : : "r"(p) : "memory");
}

#endif /* _BENCH_BENCH_H */
