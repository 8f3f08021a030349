/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cache-line size: x86's 64 bytes on both architectures.  Data that one
 * CPU thread writes on every allocation (its per-CPU page lists, its cpu
 * slabs) sits on lines of its own, or the other CPU threads would bounce
 * it with every write.
 */
#ifndef _LINUX_CACHE_H
#define _LINUX_CACHE_H

#define L1_CACHE_BYTES		64
#define SMP_CACHE_BYTES		L1_CACHE_BYTES

#define ____cacheline_aligned_in_smp	__attribute__((aligned(SMP_CACHE_BYTES)))

#endif /* _LINUX_CACHE_H */
