// SPDX-License-Identifier: GPL-2.0
/*
 * A fuzz target: every input is a program in the byte form of target
 * FUZZ_TARGET (a name from fuzz/targets.bzl, which builds this file once
 * per target and arch), run on its own freshly booted machine under the
 * oracle.  A violation aborts, which the engine records as a crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/harness.h"

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET names the target: built by fuzz_target_binaries() in fuzz/targets.bzl"
#endif
/* -DFUZZ_TARGET=slab: a bare word, which Bazel passes without quoting games. */
#define STR(x)		#x
#define XSTR(x)		STR(x)
#define TARGET_NAME	XSTR(FUZZ_TARGET)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum fuzz_target target;

/* Before the first input: a name the C side does not know is a build bug. */
static void __attribute__((constructor)) target_init(void)
{
	int t = fuzz_target_by_name(TARGET_NAME);

	if (t < 0) {
		fprintf(stderr, "fuzz target %s is not in fuzz/op_table.c\n", TARGET_NAME);
		abort();
	}
	target = (enum fuzz_target)t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 20 KiB: too big for the stack of every engine's thread. */
	static struct prog prog;

	prog_decode(data, size, target, &prog);
	harness_run_or_abort(&prog);
	return 0;
}
