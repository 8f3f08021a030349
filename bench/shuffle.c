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

const unsigned int *bench_free_order(void)
{
	static unsigned int perm[BENCH_BATCH];
	static bool ready;
	uint64_t seed = 0x6d6d66757a7aULL;	/* "mmfuzz" */

	if (ready)
		return perm;
	for (unsigned int i = 0; i < BENCH_BATCH; i++)
		perm[i] = i;
	for (unsigned int i = BENCH_BATCH - 1; i > 0; i--) {
		unsigned int j = (unsigned int)(next_rand(&seed) % (i + 1));
		unsigned int t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	ready = true;
	return perm;
}
