/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated machine: RAM, its e820 map, nodes, CPUs and the host windows.
 *
 * One machine exists at a time, as one kernel runs on one computer.
 * machine_boot() builds it from a description and machine_teardown() gives
 * every host resource back; nothing survives from one boot to the next.
 *
 * RAM is a memfd of max_pfn pages; the direct map is one shared host mapping
 * of its lowmem RAM ranges (holes stay PROT_NONE, so touching one faults).
 * Highmem (i386, above MAXMEM) is in the memfd but in no host window until
 * something maps it.  Booting costs what the boot touches, not what the
 * machine holds: struct pages and RAM are demand-zero host memory.
 */
#ifndef _LINUX_MACHINE_H
#define _LINUX_MACHINE_H

#include <linux/mmzone.h>
#include <linux/smp.h>

#define E820_MAX_ENTRIES	32
/* The largest machine: plenty for a fuzzer, small enough to reserve. */
#define MACHINE_MAX_PHYS	(64UL << 30)

enum e820_type {
	E820_TYPE_RAM		= 1,
	E820_TYPE_RESERVED	= 2,
};

struct e820_entry {
	u64			addr;
	u64			size;
	enum e820_type		type;
};

/**
 * struct machine_desc - what to boot.
 * @map:		e820 entries, any order; non-RAM entries only document
 *			holes.  RAM entries are trimmed to whole pages.
 * @nr_map:		number of entries, at most E820_MAX_ENTRIES.
 * @nr_nodes:		NUMA nodes, 1..MAX_NUMNODES: RAM is split into that
 *			many contiguous nodes of about equal size, on
 *			MAX_PAGE_ORDER boundaries (like numa=fake=N).
 * @nr_cpus:		simulated CPUs, 1..NR_CPUS.
 * @min_free_kbytes:	0 for Linux's default (sqrt(16 * lowmem KiB)),
 *			otherwise the vm.min_free_kbytes sysctl value.
 * @slab_debug:		NULL for no slab debugging, otherwise Linux's
 *			slab_debug= boot option: "FZPU" (any of the letters;
 *			"" means all four, "-" none), optionally restricted
 *			to caches: "FZ,kmalloc-64,dentry;U,kmalloc-*".
 *			Refused at boot if it does not parse.
 */
struct machine_desc {
	const struct e820_entry	*map;
	unsigned int		nr_map;
	unsigned int		nr_nodes;
	unsigned int		nr_cpus;
	unsigned long		min_free_kbytes;
	const char		*slab_debug;
};

/* A kernel virtual-address window and the host mapping that backs it. */
struct host_window {
	const char		*name;
	unsigned long		va_start;	/* arch VA, inclusive */
	unsigned long		va_end;		/* arch VA, exclusive */
	char			*host;		/* host address of va_start */
};

enum {
	WINDOW_DIRECT,
	WINDOW_VMALLOC,
	WINDOW_PKMAP,
	WINDOW_FIXMAP,
	NR_WINDOWS
};

struct machine {
	bool			booted;
	int			memfd;
	struct page		*mem_map;	/* max_pfn struct pages */
	unsigned long		max_pfn;	/* end of the highest RAM range */
	unsigned long		max_low_pfn;	/* end of direct-mapped RAM */
	struct pfn_range	ram[E820_MAX_ENTRIES];	/* sorted, disjoint */
	unsigned int		nr_ram;
	struct host_window	window[NR_WINDOWS];
	phys_addr_t		swapper_pg_dir;	/* the kernel pgd */
	pg_data_t		node_data[MAX_NUMNODES];
	unsigned int		nr_nodes;
	unsigned int		nr_cpus;
	unsigned long		min_free_kbytes;
	long			op_index;	/* set by the harness, -1 if none */
};

extern struct machine machine;

/**
 * machine_boot() - boot a machine from @desc.
 *
 * Validates the description first: overlapping or empty RAM ranges, RAM
 * beyond MACHINE_MAX_PHYS or MAX_PHYSMEM_BITS, no lowmem for the boot page
 * tables, a node with no RAM, or CPU and node counts out of range are
 * refused with a "BUG: bad boot map" report and -EINVAL, before anything is
 * allocated.  Booting while a machine is up is refused the same way.
 * Host resources that cannot be had give -ENOMEM, with nothing left behind.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
int machine_boot(const struct machine_desc *desc);

/**
 * machine_teardown() - give back every host resource of the machine.
 *
 * Safe to call when no machine is booted.  Does not check for leaks: the
 * harness compares counters before calling it.
 */
void machine_teardown(void);

/**
 * e820_pc_layout() - the map of a PC with @ram_bytes of memory.
 * @map: room for at least 3 entries.
 *
 * RAM below 640 KiB, the legacy hole up to 1 MiB, RAM from 1 MiB on.
 * Return: the number of entries written.
 */
unsigned int e820_pc_layout(struct e820_entry *map, u64 ram_bytes);

/**
 * machine_set_cpu() - make @cpu the current CPU; the current task moves there.
 * Context: not atomic: a task cannot migrate with preemption or interrupts
 * off, so a switch while preempt_count() or irqs_disabled() is reported
 * (REPORT_BAD_CONTEXT) and refused.
 * In thread mode a thread is its CPU: switching is reported and refused.
 * Return: 0, or -EINVAL (and nothing changes) if @cpu is not online, the
 * current CPU is atomic, or thread mode is on.
 */
int machine_set_cpu(unsigned int cpu);

/*
 * Raw RAM access by physical address, through the memfd rather than any
 * kernel mapping: works for highmem and for pages no window maps.  The
 * harness uses these to check the allocator from outside.  A range beyond
 * max_pfn is refused with -EINVAL.
 */
int ram_read(phys_addr_t phys, void *buf, size_t len);
int ram_write(phys_addr_t phys, const void *buf, size_t len);

/**
 * struct ram_stats - what the resident host memory has done (mm/ram.c).
 * @resets:		teardowns that reset it.
 * @grows:		times it was replaced by a bigger one.
 * @frames_zeroed:	frames zeroed in place by the resets.
 * @frames_punched:	frames given back to the host by the resets.
 * @pages_reset:	struct pages zeroed by the resets.
 * @frames_known_zero:	frames __GFP_ZERO left alone: clean, so zero.
 * @dirty_frames:	frames the current machine has dirtied so far.
 * @resident_pfns:	frames the memfd and mem_map cover now.
 */
struct ram_stats {
	unsigned long	resets;
	unsigned long	grows;
	unsigned long	frames_zeroed;
	unsigned long	frames_punched;
	unsigned long	pages_reset;
	unsigned long	frames_known_zero;
	unsigned long	dirty_frames;
	unsigned long	resident_pfns;
};

/* Fill @st.  Context: any. */
void ram_get_stats(struct ram_stats *st);

/**
 * ram_next_written_page() - skip struct pages nobody may have written.
 * @pfn: where to start.
 * @end: where to stop.
 *
 * Struct pages are written only where mm/ram.c was told they may be (the
 * blocks deferred init has grown, memblock's pages), and those are reset
 * to zero at teardown; every other struct page is zero.  A walk over
 * mem_map may jump over them rather than read a million zero pages.
 * Context: any; no machine booted or @pfn >= @end returns @end.
 * Return: the first pfn in [@pfn, @end) whose struct page may have been
 * written since the last reset, or @end.
 */
unsigned long ram_next_written_page(unsigned long pfn, unsigned long end);

/**
 * ram_next_held() - skip RAM the host holds no page for.
 * @phys: where to start.
 * @end: where to stop.
 * @held_end: set to the end of the run of held pages returned, or @end.
 *
 * A frame the memfd holds no page for reads as zero, by the host's word
 * rather than mm's bookkeeping: a checker that must see zeros may skip it
 * instead of faulting it in.
 * Context: any.  Without RAM, or if the host cannot tell, all of
 * [@phys, @end) counts as held.
 * Return: the first byte in [@phys, @end) of a page the memfd holds, or
 * @end.
 */
phys_addr_t ram_next_held(phys_addr_t phys, phys_addr_t end, phys_addr_t *held_end);

/**
 * machine_release_host() - give the host back the memory machines keep.
 *
 * RAM (the memfd) and the struct page array outlive machine_teardown(),
 * reset to zero, so that the next boot does not pay a first touch per page
 * again.  This releases them.  Context: no machine booted; a call while one
 * is booted does nothing.
 */
void machine_release_host(void);

#endif /* _LINUX_MACHINE_H */
