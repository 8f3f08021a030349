// SPDX-License-Identifier: GPL-2.0
/* Booting machines from e820 maps: zones, nodes, holes, refusals. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>
#include <errno.h>

#include <linux/mm.h>

#include "common.h"

#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)

static unsigned long zone_present(int nid, int z)
{
	return NODE_DATA(nid)->node_zones[z].present_pages;
}

/* The zone right above ZONE_DMA: DMA32 on x86-64, NORMAL on i386. */
#define ZONE_ABOVE_DMA	(ARCH_HAS_ZONE_DMA32 ? ZONE_DMA32 : ZONE_NORMAL)

static unsigned long total_present(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone->present_pages;
	return sum;
}

/* Every RAM page is in exactly one zone; managed = present - reserved. */
static void pc_64m_counts(void)
{
	struct zone *zone;
	unsigned long reserved = 0;

	boot_pc(64, 1, 1);
	ASSERT_EQ(total_present(), (640 * 1024 + 63 * MiB) / PAGE_SIZE);
	ASSERT_EQ(zone_present(0, ZONE_DMA), (640 * 1024 + 15 * MiB) / PAGE_SIZE);
	ASSERT_EQ(zone_present(0, ZONE_ABOVE_DMA), 48 * MiB / PAGE_SIZE);
	ASSERT_EQ(zone_present(0, ARCH_HAS_ZONE_DMA32 ? ZONE_NORMAL : ZONE_DMA32), 0);
	ASSERT_EQ(zone_present(0, ZONE_HIGHMEM), 0);
	for_each_zone(zone) {
		reserved += zone->present_pages - zone->managed_pages;
		ASSERT_EQ(zone->free_pages, zone->managed_pages);
	}
	/* The boot page tables, and nothing else, are reserved. */
	ASSERT_TRUE(reserved >= 2 && reserved < 16);
	ASSERT_TRUE(page_alloc_is_valid());
}

/* i386 puts RAM above 896 MiB in HIGHMEM; x86-64 splits at 4 GiB. */
static void zones_of_a_large_machine(void)
{
	if (ARCH_HAS_HIGHMEM) {
		boot_pc(2048, 1, 1);
		ASSERT_EQ(zone_present(0, ZONE_NORMAL), (896 - 16) * MiB / PAGE_SIZE);
		ASSERT_EQ(zone_present(0, ZONE_HIGHMEM), (2048 - 896) * MiB / PAGE_SIZE);
		ASSERT_EQ(machine.max_low_pfn, 896 * MiB / PAGE_SIZE);
		/* No direct mapping above MAXMEM. */
		ASSERT_EQ(machine.window[WINDOW_DIRECT].va_end - PAGE_OFFSET, 896 * MiB);
	} else {
		boot_pc(6144, 1, 1);
		ASSERT_EQ(zone_present(0, ZONE_DMA32), (4096 - 16) * MiB / PAGE_SIZE);
		ASSERT_EQ(zone_present(0, ZONE_NORMAL), 2 * GiB / PAGE_SIZE);
		ASSERT_EQ(machine.max_low_pfn, machine.max_pfn);
	}
	ASSERT_TRUE(page_alloc_is_valid());
}

/* Holes: not pfn_valid, not in any zone's present count, unmapped on the host. */
static void holes(void)
{
	const u64 ram[] = { 0, 8 * MiB, 12 * MiB, 20 * MiB, 40 * MiB, 64 * MiB };
	pid_t pid;
	int status;

	boot_ram(ram, 3, 1, 1, 0);
	ASSERT_TRUE(pfn_valid(8 * MiB / PAGE_SIZE - 1));
	ASSERT_TRUE(!pfn_valid(8 * MiB / PAGE_SIZE));
	ASSERT_TRUE(!pfn_valid(30 * MiB / PAGE_SIZE));
	ASSERT_TRUE(pfn_valid(40 * MiB / PAGE_SIZE));
	ASSERT_TRUE(!pfn_valid(64 * MiB / PAGE_SIZE));
	ASSERT_EQ(total_present(), 40 * MiB / PAGE_SIZE);
	/* Zone spans cover the hole, present pages do not. */
	ASSERT_EQ(zone_present(0, ZONE_ABOVE_DMA), 28 * MiB / PAGE_SIZE);
	ASSERT_EQ(NODE_DATA(0)->node_zones[ZONE_ABOVE_DMA].spanned_pages,
		  48 * MiB / PAGE_SIZE);

	/* A host access to a hole in the direct map faults. */
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		volatile char *p = __va(30 * MiB);

		signal(SIGSEGV, SIG_DFL);
		*p = 1;
		_exit(0);
	}
	ASSERT_TRUE(pid > 0);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
}

/* A zone of one page works; a zone of no pages is simply not used. */
static void single_page_and_empty_zones(void)
{
	const u64 ram[] = { 4096, 8192, 16 * MiB, 48 * MiB };
	struct page *page;

	boot_ram(ram, 2, 1, 1, 0);
	ASSERT_EQ(zone_present(0, ZONE_DMA), 1);
	page = alloc_pages(GFP_KERNEL | GFP_DMA, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_to_pfn(page), 1);
	ASSERT_NULL(alloc_pages(GFP_KERNEL | GFP_DMA | __GFP_NOWARN, 0));
	__free_pages(page, 0);
	machine_teardown();

	{
		const u64 no_dma[] = { 16 * MiB, 48 * MiB };
		unsigned long fails;

		boot_ram(no_dma, 1, 1, 1, 0);
		ASSERT_EQ(zone_present(0, ZONE_DMA), 0);
		fails = report_count(REPORT_ALLOC_FAIL);
		ASSERT_NULL(alloc_pages(GFP_KERNEL | GFP_DMA, 0));
		ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), fails + 1);
		ASSERT_REPORT_HAS("page allocation failure: order:0");
		ASSERT_NOT_NULL(alloc_pages(GFP_KERNEL, 0));
	}
}

/* i386 needs lowmem for itself; x86-64 has no such limit. */
static void ram_only_above_896m(void)
{
	const u64 ram[] = { 1024 * MiB, 1100 * MiB };
	struct e820_entry map[1] = { { ram[0], ram[1] - ram[0], E820_TYPE_RAM } };
	struct machine_desc desc = { map, 1, 1, 1, 0, NULL };
	int err = machine_boot(&desc);

	if (ARCH_HAS_HIGHMEM) {
		ASSERT_EQ(err, -EINVAL);
		ASSERT_EQ(report_count(REPORT_BAD_BOOT), 1);
		ASSERT_REPORT_HAS("no RAM below MAXMEM");
		ASSERT_TRUE(!machine.booted);
	} else {
		ASSERT_EQ(err, 0);
		ASSERT_EQ(zone_present(0, ZONE_ABOVE_DMA), 76 * MiB / PAGE_SIZE);
	}
}

struct bad_map {
	const char		*why;
	struct e820_entry	map[3];
	unsigned int		nr_map, nodes, cpus;
};

/* Each bad description is refused with its own report and nothing left. */
static void bad_maps_refused(void)
{
	static const struct bad_map bad[] = {
		{ "entries overlap", { { 0, 64 * MiB, 1 }, { 32 * MiB, 64 * MiB, 1 } }, 2, 1, 1 },
		{ "empty entry", { { 0, 64 * MiB, 1 }, { 64 * MiB, 0, 1 } }, 2, 1, 1 },
		{ "unknown entry type", { { 0, 64 * MiB, 7 } }, 1, 1, 1 },
		{ "no RAM", { { 0, 64 * MiB, 2 } }, 1, 1, 1 },
		{ "no RAM", { { 0, 100, 1 } }, 1, 1, 1 },
		{ "no e820 map", { { 0 } }, 0, 1, 1 },
		{ "CPU count", { { 0, 64 * MiB, 1 } }, 1, 1, 0 },
		{ "CPU count", { { 0, 64 * MiB, 1 } }, 1, 1, NR_CPUS + 1 },
		{ "node count", { { 0, 64 * MiB, 1 } }, 1, 0, 1 },
		{ "node count", { { 0, 64 * MiB, 1 } }, 1, MAX_NUMNODES + 1, 1 },
		{ "would have no RAM", { { 0, 4 * MiB, 1 } }, 1, 2, 1 },
		{ "beyond", { { 0, 65 * GiB, 1 } }, 1, 1, 1 },
		{ "lowmem too small", { { 0, 2 * PAGE_SIZE, 1 } }, 1, 1, 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct machine_desc desc = {
			bad[i].map, bad[i].nr_map, bad[i].nodes, bad[i].cpus, 0, NULL,
		};
		unsigned long before = report_count(REPORT_BAD_BOOT);

		ASSERT_EQ(machine_boot(&desc), -EINVAL);
		ASSERT_EQ(report_count(REPORT_BAD_BOOT), before + 1);
		ASSERT_REPORT_HAS(bad[i].why);
		ASSERT_TRUE(!machine.booted);
		ASSERT_EQ(machine.memfd, -1);
	}
	/* i386 without PAE cannot address RAM above 4 GiB at all. */
	if (MAX_PHYSMEM_BITS == 32) {
		struct e820_entry map[1] = { { 0, 5 * GiB, 1 } };
		struct machine_desc desc = { map, 1, 1, 1, 0, NULL };

		ASSERT_EQ(machine_boot(&desc), -EINVAL);
		ASSERT_REPORT_HAS("beyond 4 GiB");
	}
	ASSERT_EQ(machine_boot(NULL), -EINVAL);
	/* After all that, a good boot works, and a second boot is refused. */
	boot_pc(64, 1, 1);
	{
		struct e820_entry map[3];
		struct machine_desc desc = { map, e820_pc_layout(map, 64 * MiB), 1, 1, 0, NULL };

		ASSERT_EQ(machine_boot(&desc), -EINVAL);
		ASSERT_REPORT_HAS("already booted");
		ASSERT_TRUE(machine.booted);
	}
}

/* Nodes split RAM in equal shares on max-order boundaries. */
static void numa_nodes(void)
{
	struct page *page;

	boot_pc(256, 4, 2);
	ASSERT_EQ(num_online_nodes(), 4);
	for (int nid = 1; nid < 4; nid++) {
		ASSERT_TRUE(IS_ALIGNED(NODE_DATA(nid)->node_start_pfn, MAX_ORDER_NR_PAGES));
		ASSERT_EQ(NODE_DATA(nid)->node_start_pfn,
			  NODE_DATA(nid - 1)->node_start_pfn +
			  NODE_DATA(nid - 1)->node_spanned_pages);
	}
	for (int nid = 0; nid < 4; nid++) {
		page = alloc_pages_node(nid, GFP_KERNEL, 0);
		ASSERT_NOT_NULL(page);
		ASSERT_EQ(page_to_nid(page), nid);
		__free_pages(page, 0);
	}
	/* Node 0's DMA zone is only reached from other nodes by fallback. */
	page = alloc_pages_node(3, GFP_DMA, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_to_nid(page), 0);
	__free_pages(page, 0);
	ASSERT_NULL(alloc_pages_node(3, GFP_DMA | __GFP_THISNODE | __GFP_NOWARN, 0));
	ASSERT_NULL(alloc_pages_node(4, GFP_KERNEL, 0));
	ASSERT_REPORT_HAS("node 4 is not online");
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* Boot and teardown leave nothing behind, however often. */
static void repeated_boot_leaks_nothing(void)
{
	int fds = open_fds();

	for (int i = 0; i < 50; i++) {
		boot_pc(i % 2 ? 4096 : 64, 1 + i % 3, 1 + i % 4);
		ASSERT_NOT_NULL(alloc_pages(GFP_KERNEL, (unsigned int)(i % 11)));
		machine_teardown();
	}
	ASSERT_EQ(open_fds(), fds);
}

/* Deferred init: nothing on the free lists until an allocation needs it. */
static void boot_touches_nothing(void)
{
	struct zone *zone;
	unsigned long before;
	struct page *page;

	boot_pc(4096, 1, 1);
	for_each_zone(zone) {
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			ASSERT_EQ(zone->free_area[o].nr_free, 0);
		ASSERT_EQ(zone->deferred_pages, zone->managed_pages);
	}
	/* 4 GiB: the top zone is HIGHMEM on i386, DMA32 on x86-64. */
	zone = &NODE_DATA(0)->node_zones[ARCH_HAS_HIGHMEM ? ZONE_HIGHMEM : ZONE_DMA32];
	before = zone->deferred_pages;
	/* Order 8: no per-CPU list caches it, so exactly one block is fed. */
	page = alloc_pages(GFP_HIGHUSER, 8);
	ASSERT_NOT_NULL(page);
	ASSERT_TRUE(page_zone(page) == zone);
	ASSERT_EQ(zone->deferred_pages, before - MAX_ORDER_NR_PAGES);
	ASSERT_TRUE(page_alloc_is_valid());
}

TEST_MAIN("boot",
	TEST_CASE(pc_64m_counts),
	TEST_CASE(zones_of_a_large_machine),
	TEST_CASE(holes),
	TEST_CASE(single_page_and_empty_zones),
	TEST_CASE(ram_only_above_896m),
	TEST_CASE(bad_maps_refused),
	TEST_CASE(numa_nodes),
	TEST_CASE(repeated_boot_leaks_nothing),
	TEST_CASE(boot_touches_nothing))
