// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated machine's host side: the memfd that is RAM, the host windows
 * that stand for the kernel's virtual-address areas, the struct page array,
 * and the order in which boot puts them together.
 *
 * The memfd and mem_map outlive machines (mm/ram.c): teardown zeroes what
 * the machine dirtied and keeps them, so that the next boot does not pay a
 * first touch per page again.  The windows are PROT_NONE reservations, so
 * boot and teardown cost the same for 64 MiB and 64 GiB; only what the
 * kernel touches becomes real memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/fault-inject.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/report.h>
#include <linux/sched.h>

#include "internal.h"

struct machine machine = { .memfd = -1, .op_index = -1 };

static void *reserve_host(size_t size)
{
	void *p;

	if (!size)
		return NULL;
	p = mmap(NULL, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static size_t window_size(const struct host_window *w)
{
	return w->va_end - w->va_start;
}

static int reserve_window(int idx, const char *name, unsigned long start,
			  unsigned long end)
{
	struct host_window *w = &machine.window[idx];

	w->name = name;
	w->va_start = start;
	w->va_end = end;
	if (start == end)
		return 0;
	w->host = reserve_host(window_size(w));
	/*
	 * ThreadSanitizer's fixed shadow layout leaves no room for x86-64's
	 * 32 TiB vmalloc window: take the largest halving of it the host
	 * gives (at least 1 GiB); vmalloc then hands out that prefix only.
	 */
	while (!w->host && idx == WINDOW_VMALLOC && window_size(w) > (1UL << 30)) {
		w->va_end = w->va_start + window_size(w) / 2;
		w->host = reserve_host(window_size(w));
	}
	return w->host ? 0 : -ENOMEM;
}

/* The direct map shows lowmem RAM only: holes and highmem stay PROT_NONE. */
static int map_direct_window(void)
{
	struct host_window *w = &machine.window[WINDOW_DIRECT];

	for (unsigned int i = 0; i < machine.nr_ram; i++) {
		unsigned long start = machine.ram[i].start;
		unsigned long end = min(machine.ram[i].end, machine.max_low_pfn);

		if (start >= end)
			continue;
		if (mmap(w->host + PFN_PHYS(start), PFN_PHYS(end - start),
			 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			 machine.memfd, (off_t)PFN_PHYS(start)) == MAP_FAILED)
			return -ENOMEM;
	}
	return 0;
}

static int setup_host(void)
{
	int err = ram_setup(machine.max_pfn);

	if (err)
		return err;
	err = reserve_window(WINDOW_DIRECT, "direct map", PAGE_OFFSET,
			     PAGE_OFFSET + PFN_PHYS(machine.max_low_pfn));
	err = err ?: reserve_window(WINDOW_VMALLOC, "vmalloc", VMALLOC_START,
				    VMALLOC_END);
	err = err ?: reserve_window(WINDOW_PKMAP, "pkmap", PKMAP_BASE,
				    PKMAP_BASE + ((unsigned long)LAST_PKMAP << PAGE_SHIFT));
	err = err ?: reserve_window(WINDOW_FIXMAP, "fixmap", FIXADDR_START,
				    FIXADDR_TOP);
	return err ?: map_direct_window();
}

static int bad_desc(const char *why)
{
	report_begin(REPORT_BAD_BOOT, "BUG: bad boot map: %s", why);
	report_end();
	return -EINVAL;
}

static int check_desc(const struct machine_desc *desc)
{
	int err;

	if (!desc)
		return bad_desc("no machine description");
	if (desc->nr_cpus < 1 || desc->nr_cpus > NR_CPUS)
		return bad_desc("CPU count outside 1..NR_CPUS");
	if (desc->nr_nodes < 1 || desc->nr_nodes > MAX_NUMNODES)
		return bad_desc("node count outside 1..MAX_NUMNODES");
	if (!slab_debug_parse(desc->slab_debug, false))
		return -EINVAL;
	err = e820_to_ram_ranges(desc);
	if (err)
		return err;
	machine.max_low_pfn = min(machine.max_pfn, MAXMEM >> PAGE_SHIFT);
	if (ram_pages_in(0, machine.max_low_pfn) == 0)
		return bad_desc("no RAM below MAXMEM for the kernel's own use");
	return numa_split(desc->nr_nodes) ? 0 : -EINVAL;
}

/* Injected failures and refused configurations become reports of ours. */
static void fault_inject_to_report(bool error, const char *text)
{
	const char *nl = strchr(text, '\n');

	report_begin(error ? REPORT_BAD_ARG : REPORT_FAULT_INJECTED, "%.*s",
		     nl ? (int)(nl - text) : (int)strlen(text), text);
	if (nl)
		report_line("%s", nl + 1);
	if (!error)
		report_line("CPU: %u PID: %d Comm: %s", smp_processor_id(), current->pid,
			    current->comm);
	report_end();
}

static const struct fault_inject_env fault_inject_machine = {
	.current_task	= current_fault_task,
	.report		= fault_inject_to_report,
};

int machine_boot(const struct machine_desc *desc)
{
	int err;

	if (machine.booted)
		return bad_desc("a machine is already booted");
	err = check_desc(desc);
	if (err) {
		machine_teardown();
		return err;
	}
	machine.nr_cpus = desc->nr_cpus;
	machine.nr_nodes = desc->nr_nodes;
	machine.min_free_kbytes = desc->min_free_kbytes;
	machine.op_index = -1;
	/*
	 * Context, shrinkers and fault injection first: every layer booted
	 * below may register a shrinker (the slab allocator does) and runs
	 * in init_task's task context with no fault armed.
	 */
	sched_init();
	shrinkers_init();
	fault_inject_boot(&fault_inject_machine);

	err = setup_host();
	if (!err) {
		memblock_init();
		err = init_direct_map();
	}
	err = err ?: kmap_init();
	err = err ?: free_area_init();
	err = err ?: kmem_cache_init(desc->slab_debug);
	err = err ?: vmalloc_init();
	if (err) {
		machine_teardown();
		return err;
	}
	machine.booted = true;
	/* Last, so that boot itself never fails on purpose. */
	fault_inject_setup(getenv(FAULT_INJECT_ENV));
	return 0;
}

void machine_teardown(void)
{
	mm_exit();
	dmapool_exit();
	dma_exit();
	vmalloc_exit();
	kmap_exit();
	kmem_cache_teardown();
	fault_inject_boot(NULL);
	balloon_exit();
	free_area_exit();
	for (int i = 0; i < NR_WINDOWS; i++) {
		struct host_window *w = &machine.window[i];

		if (w->host)
			munmap(w->host, window_size(w));
	}
	ram_reset();
	memset(&machine, 0, sizeof(machine));
	machine.memfd = -1;
	machine.op_index = -1;
}

int machine_set_cpu(unsigned int cpu)
{
	if (cpu >= machine.nr_cpus)
		return -EINVAL;
	if (smp_threads_on()) {
		report_begin(REPORT_BAD_CONTEXT,
			     "BUG: machine_set_cpu(%u) in thread mode: a thread is its CPU", cpu);
		report_end();
		return -EINVAL;
	}
	if (cpu != smp_processor_id() && context_is_atomic()) {
		report_begin(REPORT_BAD_CONTEXT,
			     "BUG: CPU switch from CPU#%u to CPU#%u in atomic context",
			     smp_processor_id(), cpu);
		report_line("preempt_count: %#x, irqs_disabled(): %d: a task cannot migrate with preemption or interrupts off",
			    preempt_count(), irqs_disabled());
		report_end();
		return -EINVAL;
	}
	cpu_number = cpu;
	return 0;
}

static bool ram_range_ok(phys_addr_t phys, size_t len)
{
	return machine.booted && phys + len >= phys &&
	       phys + len <= PFN_PHYS(machine.max_pfn);
}

/*
 * Through RAM's private view (mm/ram.c): no syscall, and outside the
 * windows whose pages ASan may have poisoned.
 */
int ram_read(phys_addr_t phys, void *buf, size_t len)
{
	if (!ram_range_ok(phys, len))
		return -EINVAL;
	memcpy(buf, ram_view(phys), len);
	return 0;
}

int ram_write(phys_addr_t phys, const void *buf, size_t len)
{
	if (!ram_range_ok(phys, len))
		return -EINVAL;
	if (len)
		ram_mark_dirty(PHYS_PFN(phys), PHYS_PFN(phys + len - 1) - PHYS_PFN(phys) + 1);
	memcpy(ram_view(phys), buf, len);
	return 0;
}

/*
 * Lowmem is zeroed through the direct map.  Highmem has no mapping to write
 * through, so it is zeroed through RAM's private view: punching it out of
 * the memfd would make the next touch of a resident frame a first touch.
 */
void ram_zero(phys_addr_t phys, size_t len)
{
	if (PHYS_PFN(phys + len - 1) < machine.max_low_pfn)
		memset(__va(phys), 0, len);
	else
		memset(ram_view(phys), 0, len);
}

/*
 * The host side of a kernel mapping.  The page tables are the record of
 * what is mapped; these two keep the host window in step with them, so
 * that a host access through a window reaches the same memfd page the
 * simulated MMU would, and an access to an unmapped page faults.
 */
int host_map_pages(unsigned long va, unsigned long pfn, unsigned long nr)
{
	void *host = kva_to_host(va);

	if (!host || !nr || kva_to_host(va + (nr << PAGE_SHIFT) - 1) !=
			     (char *)host + (nr << PAGE_SHIFT) - 1)
		return -EINVAL;
	if (mmap(host, nr << PAGE_SHIFT, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, machine.memfd,
		 (off_t)PFN_PHYS(pfn)) == MAP_FAILED)
		return -ENOMEM;
	return 0;
}

void host_unmap_pages(unsigned long va, unsigned long nr)
{
	void *host = kva_to_host(va);

	if (!host || !nr)
		return;
	/* Replacing the mapping cannot fail short of a broken host. */
	if (mmap(host, nr << PAGE_SHIFT, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
		 -1, 0) == MAP_FAILED)
		abort();
}

unsigned long host_to_kva(const void *p)
{
	const char *c = p;

	for (int i = 0; i < NR_WINDOWS; i++) {
		const struct host_window *w = &machine.window[i];

		if (w->host && c >= w->host && c < w->host + window_size(w))
			return w->va_start + (unsigned long)(c - w->host);
	}
	return 0;
}

void *kva_to_host(unsigned long va)
{
	for (int i = 0; i < NR_WINDOWS; i++) {
		const struct host_window *w = &machine.window[i];

		if (w->host && va >= w->va_start && va < w->va_end)
			return w->host + (va - w->va_start);
	}
	return NULL;
}
