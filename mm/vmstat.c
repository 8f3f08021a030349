// SPDX-License-Identifier: GPL-2.0
/* /proc/buddyinfo, /proc/zoneinfo and the boot memory map, as text. */
#include <stdio.h>

#include <linux/gfp.h>
#include <linux/vmstat.h>

#include "internal.h"

void show_buddyinfo(FILE *out)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		fprintf(out, "Node %d, zone %8s ", zone->zone_pgdat->node_id,
			zone->name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			fprintf(out, "%6lu ", zone->free_area[o].nr_free);
		if (zone->deferred_pages)
			fprintf(out, " (+%lu deferred pages)", zone->deferred_pages);
		fputc('\n', out);
	}
}

static void show_zone(FILE *out, struct zone *zone)
{
	fprintf(out, "Node %d, zone %8s\n", zone->zone_pgdat->node_id, zone->name);
	fprintf(out, "  pages free     %lu\n", zone_free_pages(zone));
	fprintf(out, "        min      %lu\n", min_wmark_pages(zone));
	fprintf(out, "        low      %lu\n", low_wmark_pages(zone));
	fprintf(out, "        high     %lu\n", high_wmark_pages(zone));
	fprintf(out, "        spanned  %lu\n", zone->spanned_pages);
	fprintf(out, "        present  %lu\n", zone->present_pages);
	fprintf(out, "        managed  %lu\n", zone->managed_pages);
	fprintf(out, "        deferred %lu\n", zone->deferred_pages);
	fprintf(out, "        protection: (");
	for (int z = 0; z < MAX_NR_ZONES; z++)
		fprintf(out, "%s%ld", z ? ", " : "", zone->lowmem_reserve[z]);
	fprintf(out, ")\n  pagesets\n");
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++)
		fprintf(out, "    cpu: %u\n              count: %d\n"
			"              high:  %d\n              batch: %d\n",
			cpu, zone->pcp[cpu].count, zone->pcp[cpu].high,
			zone->pcp[cpu].batch);
	fprintf(out, "  start_pfn:           %lu\n", zone->zone_start_pfn);
}

void show_zoneinfo(FILE *out)
{
	struct zone *zone;

	for_each_zone(zone)
		if (zone_type_exists(zone_idx(zone)))
			show_zone(out, zone);
}

void show_memory_map(FILE *out)
{
	struct zone *zone;
	int nid;

	fprintf(out, "arch %s: %u CPUs, %u nodes, max_pfn %#lx, max_low_pfn %#lx\n",
		ARCH_NAME, machine.nr_cpus, machine.nr_nodes, machine.max_pfn,
		machine.max_low_pfn);
	for (unsigned int i = 0; i < machine.nr_ram; i++)
		fprintf(out, "RAM: [mem %#018llx-%#018llx]\n",
			(unsigned long long)PFN_PHYS(machine.ram[i].start),
			(unsigned long long)PFN_PHYS(machine.ram[i].end) - 1);
	for_each_online_node(nid)
		fprintf(out, "Node %d: [pfn %#lx-%#lx)\n", nid,
			NODE_DATA(nid)->node_start_pfn,
			NODE_DATA(nid)->node_start_pfn +
				NODE_DATA(nid)->node_spanned_pages);
	for_each_populated_zone(zone)
		fprintf(out, "  node %d %-8s [pfn %#lx-%#lx) present %lu managed %lu\n",
			zone->zone_pgdat->node_id, zone->name, zone->zone_start_pfn,
			zone_end_pfn(zone), zone->present_pages,
			zone->managed_pages);
	for (int i = 0; i < NR_WINDOWS; i++)
		if (machine.window[i].va_end > machine.window[i].va_start)
			fprintf(out, "window %-10s [%#lx-%#lx)\n",
				machine.window[i].name, machine.window[i].va_start,
				machine.window[i].va_end);
}
