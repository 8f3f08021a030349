// SPDX-License-Identifier: GPL-2.0
/*
 * Reports are built in a buffer and released whole, so that a report is one
 * atomic block of text in the output and can be handed to the harness.
 *
 * In thread mode the buffer and the counters are under report_mutex, held
 * from report_begin() to report_end(): one report at a time, whole.  It is
 * the innermost lock (reports are made under zone and slab locks); which
 * thread has a report open is thread-local, so report_line() outside one's
 * own report stays a no-op.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <linux/machine.h>
#include <linux/report.h>

#define REPORT_MAX	8192

static struct {
	char		buf[REPORT_MAX];
	size_t		len;
	enum report_type type;
	char		last[REPORT_MAX];
	unsigned long	count[NR_REPORT_TYPES];
	FILE		*out;
	bool		out_set;
} rep;

static pthread_mutex_t report_mutex = PTHREAD_MUTEX_INITIALIZER;
/* This thread has a report open (and, in thread mode, report_mutex). */
static __thread bool report_open;
/* Whether report_begin() took report_mutex: the mode may not change mid-report. */
static __thread bool report_locked;

static const char * const report_names[NR_REPORT_TYPES] = {
	[REPORT_BAD_BOOT]	= "bad-boot",
	[REPORT_BAD_ARG]	= "bad-arg",
	[REPORT_DOUBLE_FREE]	= "double-free",
	[REPORT_BAD_ORDER]	= "bad-order",
	[REPORT_TAIL_FREE]	= "tail-free",
	[REPORT_BAD_PFN]	= "bad-pfn",
	[REPORT_RESERVED_FREE]	= "reserved-free",
	[REPORT_OWNED_FREE]	= "owned-free",
	[REPORT_ALLOC_FAIL]	= "alloc-fail",
	[REPORT_INCONSISTENT]	= "inconsistent",
	[REPORT_SLEEP_IN_ATOMIC] = "sleep-in-atomic",
	[REPORT_BAD_CONTEXT]	= "bad-context",
	[REPORT_OOM]		= "oom",
	[REPORT_FAULT_INJECTED]	= "fault-injected",
	[REPORT_BAD_VFREE]	= "bad-vfree",
	[REPORT_BAD_KMAP]	= "bad-kmap",
	[REPORT_SEGV]		= "segv",
	[REPORT_SLAB_BAD_FREE]	= "slab-bad-free",
	[REPORT_SLAB_CORRUPT]	= "slab-corrupt",
	[REPORT_SLAB_LEAK]	= "slab-leak",
	[REPORT_BAD_SCOPE]	= "bad-scope",
	[REPORT_USERCOPY_SLAB]	= "usercopy-slab",
	[REPORT_USERCOPY_FREE]	= "usercopy-free",
	[REPORT_USERCOPY_PAGE_TABLE] = "usercopy-page-table",
	[REPORT_USERCOPY_VMALLOC_GUARD] = "usercopy-vmalloc-guard",
	[REPORT_USERCOPY_VMALLOC_NO_AREA] = "usercopy-vmalloc-no-area",
	[REPORT_USERCOPY_SPAN]	= "usercopy-span",
	[REPORT_USERCOPY_BOGUS]	= "usercopy-bogus",
	[REPORT_DMA_BAD_FREE]	= "dma-bad-free",
	[REPORT_DMA_POOL_BUSY]	= "dma-pool-busy",
};

const char *report_type_name(enum report_type type)
{
	return type < NR_REPORT_TYPES ? report_names[type] : "?";
}

static void __printf(1, 0) report_vappend(const char *fmt, va_list ap)
{
	int n;

	if (rep.len >= REPORT_MAX - 1)
		return;
	n = vsnprintf(rep.buf + rep.len, REPORT_MAX - rep.len, fmt, ap);
	if (n > 0)
		rep.len = min(rep.len + (size_t)n, (size_t)REPORT_MAX - 1);
	if (rep.len < REPORT_MAX - 1)
		rep.buf[rep.len++] = '\n';
	rep.buf[rep.len] = '\0';
}

void report_begin(enum report_type type, const char *fmt, ...)
{
	va_list ap;

	if (report_open)
		report_end();
	report_locked = smp_threads_on();
	if (report_locked)
		pthread_mutex_lock(&report_mutex);
	report_open = true;
	rep.type = type;
	rep.len = 0;
	va_start(ap, fmt);
	report_vappend(fmt, ap);
	va_end(ap);
}

void report_line(const char *fmt, ...)
{
	va_list ap;

	if (!report_open)
		return;
	va_start(ap, fmt);
	report_vappend(fmt, ap);
	va_end(ap);
}

void report_end(void)
{
	FILE *out = rep.out_set ? rep.out : stderr;

	if (!report_open)
		return;
	if (machine.booted)
		report_line("CPU: %u op: %ld arch: %s", smp_processor_id(),
			    machine.op_index, ARCH_NAME);
	rep.count[rep.type]++;
	memcpy(rep.last, rep.buf, rep.len + 1);
	if (out) {
		fputs(rep.buf, out);
		fflush(out);
	}
	report_open = false;
	if (report_locked)
		pthread_mutex_unlock(&report_mutex);
}

unsigned long report_count(enum report_type type)
{
	return type < NR_REPORT_TYPES ? rep.count[type] : 0;
}

unsigned long report_total(void)
{
	unsigned long sum = 0;

	for (int i = 0; i < NR_REPORT_TYPES; i++)
		sum += rep.count[i];
	return sum;
}

void report_reset(void)
{
	memset(rep.count, 0, sizeof(rep.count));
	rep.last[0] = '\0';
}

const char *report_last(void)
{
	return rep.last;
}

void report_set_output(FILE *out)
{
	rep.out = out;
	rep.out_set = true;
}

void panic(const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	report_begin(REPORT_BAD_ARG, "Kernel panic - not syncing: %s", why);
	report_end();
	abort();
}
