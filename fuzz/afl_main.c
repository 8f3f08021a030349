// SPDX-License-Identifier: GPL-2.0
/*
 * main() for a fuzz target under AFL++ (--config=afl and --config=cmplog):
 * persistent mode with test cases in shared memory.  afl-fuzz starts the
 * binary once, the fork server forks it once per 100000 inputs, and each
 * input is handed over in a shared buffer instead of a file, so an input
 * costs one LLVMFuzzerTestOneInput() call, as under libFuzzer.
 *
 * Persistent mode is only sound because nothing survives from one input to
 * the next (DESIGN.md, decision 3): each run boots its own machine and
 * tears it down, so afl-fuzz's stability stays at 100 %.
 *
 * Outside afl-fuzz the same binary runs one input from standard input:
 *   buddy_fuzz_x86_64 < crash
 */
#include <stddef.h>
#include <stdint.h>
/* read(): __AFL_FUZZ_TESTCASE_LEN reads standard input outside afl-fuzz. */
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Declares the shared test-case buffer and its length (afl-clang-fast). */
__AFL_FUZZ_INIT();

/*
 * Compiled with -O0 (fuzz/BUILD, :afl_driver): optimised, the loop is
 * rotated so the first input enters the body by another edge than the
 * later ones, and afl-fuzz counts that edge as unstable (it did: 99.95 %).
 * AFL++'s pass ignores no_sanitize("coverage"), so that cannot help.
 */
int main(void)
{
	const unsigned char *buf;

	/* Deferred fork server: start forking after the process is set up. */
	__AFL_INIT();
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000))
		LLVMFuzzerTestOneInput(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
	return 0;
}
