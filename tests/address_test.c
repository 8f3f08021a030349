// SPDX-License-Identifier: GPL-2.0
/* struct page <-> pfn <-> physical <-> host pointer <-> arch VA, and the dumps. */
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/vmstat.h>

#include "common.h"

#define MiB	(1ULL << 20)

static void round_trips(void)
{
	boot_pc(ARCH_HAS_HIGHMEM ? 1024 : 512, 1, 1);
	for (unsigned long pfn = 256; pfn < machine.max_low_pfn; pfn += 4099) {
		struct page *page = pfn_to_page(pfn);
		void *addr = page_address(page);

		ASSERT_EQ(page_to_pfn(page), pfn);
		ASSERT_NOT_NULL(addr);
		ASSERT_EQ(__pa(addr), PFN_PHYS(pfn));
		ASSERT_TRUE(__va(PFN_PHYS(pfn)) == addr);
		ASSERT_TRUE(virt_to_page((char *)addr + 100) == page);
		ASSERT_EQ(host_to_kva(addr), PAGE_OFFSET + PFN_PHYS(pfn));
		ASSERT_TRUE(kva_to_host(PAGE_OFFSET + PFN_PHYS(pfn) + 5) == (char *)addr + 5);
		ASSERT_EQ(kernel_va_to_pfn(host_to_kva(addr)), pfn);
	}
	/* The direct map is real memory: what one alias writes, RAM holds. */
	{
		char *p = __va(3 * MiB);
		char buf[6] = { 0 };

		memcpy(p, "hello", 6);
		ASSERT_EQ(ram_read(3 * MiB, buf, 6), 0);
		ASSERT_EQ(strcmp(buf, "hello"), 0);
	}
	if (ARCH_HAS_HIGHMEM) {
		struct page *high = pfn_to_page(machine.max_low_pfn + 10);

		ASSERT_TRUE(PageHighMem(high));
		ASSERT_NULL(page_address(high));
	}
}

static void windows(void)
{
	int local;

	boot_pc(64, 1, 1);
	ASSERT_EQ(machine.window[WINDOW_VMALLOC].va_start, VMALLOC_START);
	ASSERT_EQ(machine.window[WINDOW_VMALLOC].va_end, VMALLOC_END);
	ASSERT_NOT_NULL(kva_to_host(VMALLOC_START));
	ASSERT_EQ(host_to_kva(kva_to_host(VMALLOC_END - 1)), VMALLOC_END - 1);
	ASSERT_NULL(kva_to_host(VMALLOC_END));
	ASSERT_NULL(kva_to_host(0x1000));
	ASSERT_EQ(host_to_kva(&local), 0);
	ASSERT_TRUE(!virt_addr_valid(&local));
	ASSERT_NULL(virt_to_page(&local));
	if (ARCH_HAS_HIGHMEM) {
		/* i386: PKMAP 1024 slots, then the fixmap up to FIXADDR_TOP. */
		ASSERT_EQ(machine.window[WINDOW_PKMAP].va_start, 0xFF800000UL);
		ASSERT_EQ(machine.window[WINDOW_PKMAP].va_end, 0xFFC00000UL);
		ASSERT_EQ(machine.window[WINDOW_FIXMAP].va_end, 0xFFFFF000UL);
		ASSERT_EQ(VMALLOC_START, 0xF8800000UL);
		ASSERT_EQ(VMALLOC_END, 0xFF7FE000UL);
		ASSERT_NOT_NULL(kva_to_host(PKMAP_BASE + 5 * PAGE_SIZE));
	} else {
		ASSERT_EQ(machine.window[WINDOW_PKMAP].va_end,
			  machine.window[WINDOW_PKMAP].va_start);
		ASSERT_EQ(VMALLOC_START, 0xffffc90000000000UL);
	}
}

static char *capture(void (*show)(FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	show(f);
	fclose(f);
	return buf;
}

/* The /proc-style dumps say what the allocator holds. */
static void dumps(void)
{
	char *buddy, *zoneinfo, *map;
	struct page *page;

	boot_pc(64, 1, 2);
	page = alloc_pages(GFP_KERNEL, 4);
	buddy = capture(show_buddyinfo);
	zoneinfo = capture(show_zoneinfo);
	map = capture(show_memory_map);
	ASSERT_TRUE(strstr(buddy, "Node 0, zone      DMA ") != NULL);
	/* Splitting one order-10 block for an order-4 one leaves 4..9 free. */
	ASSERT_TRUE(strstr(buddy, "     0      0      0      0      1      1      1      1      1      1      0") != NULL);
	ASSERT_TRUE(strstr(zoneinfo, "  pages free     ") != NULL);
	ASSERT_TRUE(strstr(zoneinfo, "        protection: (0, ") != NULL);
	ASSERT_TRUE(strstr(zoneinfo, "    cpu: 1\n") != NULL);
	ASSERT_TRUE(strstr(map, "RAM: [mem 0x0000000000100000-0x0000000003ffffff]") != NULL);
	ASSERT_TRUE(strstr(map, "arch " ARCH_NAME ": 2 CPUs, 1 nodes") != NULL);
	free(buddy);
	free(zoneinfo);
	free(map);
	__free_pages(page, 4);
}

TEST_MAIN("address",
	TEST_CASE(round_trips),
	TEST_CASE(windows),
	TEST_CASE(dumps))
