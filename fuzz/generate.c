// SPDX-License-Identifier: GPL-2.0
/*
 * Random programs of a given length, for benchmarks and tests that need
 * many realistic inputs without a fuzzer: random bytes through the decoder.
 * The decoder drops ops that have nothing to act on (a free with no live
 * slot), so bytes are added until enough ops survive.
 */
#include <string.h>

#include "fuzz/prog.h"

/* xorshift64*: the same programs on every host. */
static u64 next_rand(u64 *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dULL;
}

void prog_generate(u64 seed, enum fuzz_target target, unsigned int nr_ops,
		   const u8 *header, struct prog *prog)
{
	/* Room for every op to be dropped a few times over. */
	static u8 bytes[4 * PROG_MAX_BYTES];
	u64 state = seed * 0x9e3779b97f4a7c15ULL + 1;
	size_t n = 0;

	nr_ops = min(nr_ops, (unsigned int)PROG_MAX_OPS);
	do {
		for (size_t end = min(n + 64, sizeof(bytes)); n < end; n++)
			bytes[n] = (u8)(next_rand(&state) >> 56);
		if (header)
			memcpy(bytes, header, PROG_HEADER_BYTES);
		prog_decode(bytes, n, target, prog);
	} while (prog->nr_ops < nr_ops && n < sizeof(bytes));
	if (prog->nr_ops > nr_ops) {
		/* Cut, and decode the canonical bytes again for nr_slots. */
		static u8 canon[PROG_MAX_BYTES];

		prog->nr_ops = nr_ops;
		prog_decode(canon, prog_encode(prog, target, canon, sizeof(canon)), target, prog);
	}
}
