/* SPDX-License-Identifier: GPL-2.0 */
/* Human-readable state of the page allocator, as /proc shows it. */
#ifndef _LINUX_VMSTAT_H
#define _LINUX_VMSTAT_H

#include <stdio.h>

/* /proc/buddyinfo: free blocks per order, one line per populated zone. */
void show_buddyinfo(FILE *out);

/* /proc/zoneinfo: counters, watermarks, protection and per-CPU lists. */
void show_zoneinfo(FILE *out);

/* The sanitized e820 RAM ranges and the zone and node spans, as at boot. */
void show_memory_map(FILE *out);

#endif /* _LINUX_VMSTAT_H */
