// SPDX-License-Identifier: GPL-2.0
/*
 * The order batches are freed in.  Random so that neither allocator is
 * flattered by LIFO reuse, fixed so that every run and both sides of a
 * benchmark do exactly the same work.
 */
#include <stdint.h>

#include "bench.h"

/* xorshift64*, as tests/common.c uses: tiny and deterministic. */
static uint64_t next_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* A seeded Fisher-Yates permutation of 0..@n-1. */
static void shuffle(unsigned int *perm, unsigned int n)
{
	uint64_t seed = 0x6d6d66757a7aULL;	/* "mmfuzz" */

	for (unsigned int i = 0; i < n; i++)
		perm[i] = i;
	for (unsigned int i = n - 1; i > 0; i--) {
		unsigned int j = (unsigned int)(next_rand(&seed) % (i + 1));
		unsigned int t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
}

const unsigned int *bench_free_order(void)
{
	static unsigned int perm[BENCH_BATCH];
	static bool ready;

	if (!ready)
		shuffle(perm, BENCH_BATCH);
	ready = true;
	return perm;
}

const unsigned int *bench_free_order_big(void)
{
	static unsigned int perm[BENCH_BIG_BATCH];
	static bool ready;

	if (!ready)
		shuffle(perm, BENCH_BIG_BATCH);
	ready = true;
	return perm;
}
