// SPDX-License-Identifier: GPL-2.0
/*
 * The deliberate bug in force (linux/mm_bugs.h).  Compiled into every
 * build so the header needs no twin; only CONFIG_MMFUZZ_BUGS=1 code reads it.
 */
#include <linux/mm_bugs.h>

enum mm_bug mm_bug = MM_BUG_NONE;
