// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/machine.h>
#include <linux/report.h>

#include "fuzz/testing.h"

static jmp_buf case_env;
static bool case_failed;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("  FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	case_failed = true;
	longjmp(case_env, 1);
}

int run_test_cases(const char *suite, const struct test_case *cases, size_t n)
{
	unsigned int passed = 0, failed = 0;

	report_set_output(NULL);
	for (size_t i = 0; i < n; i++) {
		case_failed = false;
		if (setjmp(case_env) == 0)
			cases[i].fn();
		/* A case that failed half way may leave its machine up. */
		machine_teardown();
		printf("%s %s/%s (%s)\n", case_failed ? "FAIL" : "ok  ", suite,
		       cases[i].name, ARCH_NAME);
		fflush(stdout);
		if (case_failed)
			failed++;
		else
			passed++;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
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
