/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A program as a standalone C reproducer (./mmfuzz cprog): it boots the
 * program's machine and calls the kernel-style API directly, then checks
 * what the oracle would, without the oracle.
 */
#ifndef _FUZZ_CPROG_H
#define _FUZZ_CPROG_H

#include "fuzz/prog.h"
#include "fuzz/sbuf.h"

/**
 * prog_to_c() - the C reproducer of @prog into @out.
 * @origin: named in the header comment (a file name), or NULL.
 *
 * The reproducer includes only mm/'s public headers, links against
 * //mm:mm_<arch> (either arch: the machine is described, not the arch),
 * exits 0 when every check holds and 1, printing "REPRODUCED: ...", when
 * one fails: each misuse op must give exactly one report of its type and
 * change no free count; patterns written into blocks and objects must
 * read back, as must a constructor's and __GFP_ZERO's bytes; at the end
 * page_alloc_is_valid() must hold and, once everything is freed and
 * drained, nr_free_pages() must be back at its boot value (not checked
 * when the program used the slab, vmalloc, DMA pools or a process, whose
 * caches and page tables rightly stay).  An op the harness would skip is
 * a comment saying why.  Any context; @prog must be valid (decoded or
 * parsed).
 *
 * Return: how many ops had no C form, emitted as "no C form yet"
 * comments (0: the reproducer is complete; every op of op_table has one).
 */
unsigned int prog_to_c(const struct prog *prog, const char *origin,
		       struct sbuf *out);

#endif /* _FUZZ_CPROG_H */
