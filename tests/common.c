// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdarg.h>
#include <string.h>

#include <linux/mm.h>

#include <linux/fault-inject.h>

#include "common.h"

static jmp_buf case_env;
static bool case_failed;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stdout, "  FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	case_failed = true;
	longjmp(case_env, 1);
}

int run_tests(const char *suite, const struct test_case *cases, size_t n)
{
	/* Kept in memory across the longjmp out of a failed case. */
	static unsigned int passed, failed;

	/* Tests provoke reports on purpose; failures print the last one. */
	report_set_output(NULL);
	for (size_t i = 0; i < n; i++) {
		case_failed = false;
		report_reset();
		if (setjmp(case_env) == 0)
			cases[i].fn();
		machine_teardown();
		printf("%s %s/%s (%s)\n", case_failed ? "FAIL" : "ok  ", suite,
		       cases[i].name, ARCH_NAME);
		if (case_failed)
			failed++;
		else
			passed++;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

void boot_ram(const u64 *ranges, unsigned int nr_ranges, unsigned int nodes,
	      unsigned int cpus, unsigned long min_free_kbytes)
{
	struct e820_entry map[E820_MAX_ENTRIES];
	struct machine_desc desc = {
		.map = map, .nr_map = nr_ranges, .nr_nodes = nodes,
		.nr_cpus = cpus, .min_free_kbytes = min_free_kbytes,
	};
	int err;

	for (unsigned int i = 0; i < nr_ranges; i++)
		map[i] = (struct e820_entry){ ranges[2 * i],
			ranges[2 * i + 1] - ranges[2 * i], E820_TYPE_RAM };
	err = machine_boot(&desc);
	if (err)
		test_fail(__FILE__, __LINE__, "boot failed (%d): %s", err,
			  report_last());
}

void boot_pc(unsigned long mib, unsigned int nodes, unsigned int cpus)
{
	boot_pc_debug(mib, nodes, cpus, NULL);
}

void boot_pc_debug(unsigned long mib, unsigned int nodes, unsigned int cpus,
		   const char *slab_debug)
{
	struct e820_entry map[3];
	struct machine_desc desc = {
		.map = map, .nr_nodes = nodes, .nr_cpus = cpus,
		.slab_debug = slab_debug,
	};
	int err;

	desc.nr_map = e820_pc_layout(map, (u64)mib << 20);
	err = machine_boot(&desc);
	if (err)
		test_fail(__FILE__, __LINE__, "boot of %lu MiB failed (%d): %s",
			  mib, err, report_last());
}

void buddy_snapshot(struct buddy_snapshot *snap)
{
	struct zone *zone;

	memset(snap, 0, sizeof(*snap));
	drain_all_pages(NULL);
	for_each_zone(zone) {
		int nid = zone->zone_pgdat->node_id, z = zone_idx(zone);

		snap->free_pages[nid][z] = zone->free_pages;
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			snap->nr_free[nid][z][o] = zone->free_area[o].nr_free;
	}
}

void assert_free_pages_restored(const struct buddy_snapshot *snap)
{
	struct zone *zone;

	drain_all_pages(NULL);
	ASSERT_TRUE(page_alloc_is_valid());
	for_each_zone(zone) {
		int nid = zone->zone_pgdat->node_id, z = zone_idx(zone);

		if (zone->free_pages != snap->free_pages[nid][z])
			test_fail(__FILE__, __LINE__,
				  "node %d zone %s: %lu free pages, %lu before",
				  nid, zone->name, zone->free_pages,
				  snap->free_pages[nid][z]);
	}
}

u64 test_rand(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

u64 raw_leaf_entry(phys_addr_t pgd, unsigned long va)
{
	const bool i386 = sizeof(pteval_t) == 4;
	static const unsigned int shift64[] = { 39, 30, 21, 12 };
	static const unsigned int shift32[] = { 22, 12 };
	const unsigned int *shift = i386 ? shift32 : shift64;
	const unsigned int levels = i386 ? 2 : 4;
	const u64 addr_mask = i386 ? 0xFFFFF000ULL : 0x000FFFFFFFFFF000ULL;
	phys_addr_t table = pgd;
	u64 e = 0;

	for (unsigned int l = 0; l < levels; l++) {
		unsigned long idx = (va >> shift[l]) & (i386 ? 1023 : 511);

		e = 0;
		if (ram_read(table + idx * sizeof(pteval_t), &e, sizeof(pteval_t)))
			return 0;
		if (!(e & 1) || l == levels - 1 || (e & 0x80))
			return e;
		table = e & addr_mask;
	}
	return e;
}

bool host_access_faults(const volatile void *p)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* Sanitizers catch SIGSEGV; the child wants the plain death. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		(void)*(const volatile char *)p;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

int run_in_child(void (*fn)(void *arg), void *arg, char *out, size_t size)
{
	int pipefd[2], status = -1;
	size_t len = 0;
	pid_t pid;

	fflush(NULL);
	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		dup2(pipefd[1], STDERR_FILENO);
		fn(arg);
		_exit(0);
	}
	close(pipefd[1]);
	for (;;) {
		char buf[512];
		ssize_t n = read(pipefd[0], buf, sizeof(buf));

		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n && len + 1 < size; i++)
			out[len++] = buf[i];
	}
	if (size)
		out[len] = '\0';
	close(pipefd[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return status;
}

void fail_nth_pgtable(unsigned int n)
{
	fail_pgtable_alloc.probability = 100;
	fail_pgtable_alloc.verbose = 0;
	fail_pgtable_alloc.interval = n ? n : 1;
	fail_pgtable_alloc.count = 0;
	fail_pgtable_alloc.times = n ? 1 : 0;
}

/* A word at a time: enough to tell two machines apart. */
static u64 fold(u64 h, u64 v)
{
	return (h ^ v) * 0x100000001b3ULL + (h >> 29);
}

/*
 * A word as it reads in any process: pointers (a tail page's head pointer
 * carries bit 0) become pfns or arch VAs.  Other host pointers (struct
 * kmem_cache, list heads in zones) all read the same: x86-64 user space
 * puts heap and mappings from 0x5000_0000_0000 up, where no count or flag
 * word of ours reaches.
 */
static u64 canonical(unsigned long w)
{
	const struct page *p = (const struct page *)(w & ~1UL);
	unsigned long kva = host_to_kva((const void *)w);

	if (page_in_mem_map(p))
		return 0x5000000000000000ULL | page_to_pfn(p) << 1 | (w & 1);
	if (kva)
		return 0x6000000000000000ULL | kva;
	if ((w >> 44) >= 5 && (w >> 47) == 0)
		return 0x7000000000000000ULL;
	return w;
}

static u64 fold_words(u64 h, const void *p, size_t bytes)
{
	const unsigned long *w = p;

	for (size_t i = 0; i < bytes / sizeof(long); i++)
		h = fold(h, w[i] ? canonical(w[i]) : 0);
	return h;
}

/* Struct pages, RAM contents and zone counters of the booted machine. */
u64 machine_digest(void)
{
	enum { CHUNK = 64 };
	static unsigned long frames[CHUNK * PAGE_SIZE / sizeof(long)];
	struct zone *zone;
	u64 h = 0xcbf29ce484222325ULL;

	h = fold_words(h, machine.mem_map, machine.max_pfn * sizeof(struct page));
	for (unsigned long pfn = 0; pfn < machine.max_pfn; pfn += CHUNK) {
		unsigned long n = min(machine.max_pfn - pfn, (unsigned long)CHUNK);

		ASSERT_EQ(ram_read(PFN_PHYS(pfn), frames, PFN_PHYS(n)), 0);
		/* Most frames are zero: fold only the others, with their pfn. */
		for (unsigned long i = 0; i < n; i++) {
			const unsigned long *f = frames + i * (PAGE_SIZE / sizeof(long));

			if (f[0] == 0 && !memcmp(f, f + 1, PAGE_SIZE - sizeof(long)))
				continue;
			h = fold(h, pfn + i);
			h = fold_words(h, f, PAGE_SIZE);
		}
	}
	for_each_zone(zone) {
		h = fold(h, zone->free_pages);
		h = fold(h, zone->deferred_pages);
		h = fold(h, zone->managed_pages);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			h = fold(h, zone->free_area[o].nr_free);
		h = fold(h, (u64)zone->pcp[0].count);
	}
	return fold(h, nr_free_pages());
}
