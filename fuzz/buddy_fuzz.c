// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy allocator fuzz target: every input is a program in byte form,
 * run on its own freshly booted machine under the oracle.  A violation
 * aborts, which the engine records as a crash.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz/harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 20 KiB: too big for the stack of every engine's thread. */
	static struct prog prog;

	prog_decode(data, size, &prog);
	harness_run_or_abort(&prog);
	return 0;
}
