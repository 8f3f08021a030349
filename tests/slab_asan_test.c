// SPDX-License-Identifier: GPL-2.0
/*
 * Under --config=asan (MMFUZZ_EXPECT_ASAN), a host access to a freed slab
 * object, to the unused tail of a kmalloc object or to a red zone is a
 * real AddressSanitizer report.  Each access runs in a forked child whose
 * stderr is captured: the child must die with ASan's report, and the same
 * child's accesses to live memory before it must pass.
 *
 * Without ASan the poisoning is compiled out; the cases then check only
 * that the accesses are harmless and the allocator consistent.
 */
#include <sys/wait.h>
#include <unistd.h>

#include <linux/mm.h>
#include <linux/slab.h>

#include "common.h"

#ifndef MMFUZZ_EXPECT_ASAN
#define MMFUZZ_EXPECT_ASAN 0
#endif

/* Run @fn in a child; return its exit status, its stderr in @out. */
static int run_child(void (*fn)(void), char *out, size_t size)
{
	int fds[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	ASSERT_EQ(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		fn();
		_exit(0);
	}
	ASSERT_TRUE(pid > 0);
	close(fds[1]);
	while (len + 1 < size && (n = read(fds[0], out + len, size - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	return status;
}

static void touch(const volatile char *p)
{
	(void)*p;
}

static void use_after_free_child(void)
{
	char *p;

	boot_pc(64, 1, 1);
	p = kmalloc(64, GFP_KERNEL);
	p[0] = 1;
	p[63] = 2;
	kfree(p);
	fprintf(stderr, "live accesses passed\n");
	touch(p + 8);
	fprintf(stderr, "freed object read without a report\n");
	_exit(0);
}

static void tail_of_kmalloc_child(void)
{
	char *p;

	boot_pc(64, 1, 1);
	p = kmalloc(10, GFP_KERNEL);
	touch(p + 9);
	/* ksize() hands the whole object to the caller. */
	p = kmalloc(20, GFP_KERNEL);
	if (ksize(p) != 32)
		_exit(3);
	touch(p + 31);
	fprintf(stderr, "live accesses passed\n");
	p = kmalloc(10, GFP_KERNEL);
	touch(p + 12);
	fprintf(stderr, "tail read without a report\n");
	_exit(0);
}

static void red_zone_child(void)
{
	struct kmem_cache *s;
	char *p;

	boot_pc_debug(64, 1, 1, "Z");
	s = kmem_cache_create("zoned", 64, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	touch(p);
	touch(p + 63);
	fprintf(stderr, "live accesses passed\n");
	touch(p - 1);
	fprintf(stderr, "red zone read without a report\n");
	_exit(0);
}

static void expect_asan(void (*fn)(void))
{
	static char out[1 << 16];
	int status = run_child(fn, out, sizeof(out));

	if (!strstr(out, "live accesses passed"))
		test_fail(__FILE__, __LINE__, "child failed early:\n%s", out);
	if (MMFUZZ_EXPECT_ASAN) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) == 0 ||
		    !strstr(out, "ERROR: AddressSanitizer: use-after-poison"))
			test_fail(__FILE__, __LINE__, "no ASan report:\n%s", out);
	} else {
		ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
}

static void use_after_free(void)
{
	expect_asan(use_after_free_child);
}

static void tail_of_kmalloc(void)
{
	expect_asan(tail_of_kmalloc_child);
}

static void red_zone(void)
{
	expect_asan(red_zone_child);
}

/* The allocator's own accesses to poisoned memory never trip ASan. */
static void allocator_is_clean(void)
{
	struct kmem_cache *s;
	void *p[500];

	boot_pc_debug(64, 1, 2, "FZPU");
	s = kmem_cache_create("clean", 100, 0, 0, NULL);
	for (int round = 0; round < 3; round++) {
		ASSERT_EQ(machine_set_cpu(round & 1), 0);
		for (int i = 0; i < 500; i++)
			p[i] = i & 1 ? kmalloc(i + 1, GFP_KERNEL) :
				       kmem_cache_alloc(s, GFP_KERNEL);
		ASSERT_TRUE(slab_is_valid());
		for (int i = 0; i < 500; i++)
			i & 1 ? kfree(p[i]) : kmem_cache_free(s, p[i]);
	}
	kfree(p[1]);
	ASSERT_EQ(report_count(REPORT_DOUBLE_FREE), 1);
	kmem_cache_destroy(s);
	kmem_cache_shrink_all();
	ASSERT_TRUE(slab_is_valid());
}

TEST_MAIN("slab_asan",
	TEST_CASE(use_after_free),
	TEST_CASE(tail_of_kmalloc),
	TEST_CASE(red_zone),
	TEST_CASE(allocator_is_clean))
