/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz targets: which ops a fuzzer's bytes decode to.
 *
 * A target is a set of layers (op_table.h); its decoder maps opcode bytes
 * onto its own ops only, so a focused target spends every byte on its
 * layer.  `all` has every op.  The names are the ones FUZZ_TARGETS lists
 * in fuzz/targets.bzl, in the same order (targets_test checks it): the
 * fuzz binaries, the corpus folders and ./mmfuzz all follow that list.
 */
#ifndef _FUZZ_TARGET_H
#define _FUZZ_TARGET_H

enum fuzz_target {
	TARGET_ALL,
	TARGET_BUDDY,
	TARGET_SLAB,
	TARGET_VMALLOC,
	TARGET_HIGHMEM,
	TARGET_PROCESS,
	TARGET_FAULT,
	NR_FUZZ_TARGETS
};

struct fuzz_target_desc {
	const char	*name;
	unsigned int	layers;		/* LAYER_* (op_table.h) */
};

extern const struct fuzz_target_desc fuzz_targets[NR_FUZZ_TARGETS];

/* The target called @name, or -1. */
int fuzz_target_by_name(const char *name);

#endif /* _FUZZ_TARGET_H */
