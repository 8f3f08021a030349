// SPDX-License-Identifier: GPL-2.0
/*
 * Reports are built in a buffer and released whole, so that a report is one
 * atomic block of text in the output and can be handed to the harness.
 */
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
	bool		open;
	enum report_type type;
	char		last[REPORT_MAX];
	unsigned long	count[NR_REPORT_TYPES];
	FILE		*out;
	bool		out_set;
} rep;

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

	if (rep.open)
		report_end();
	rep.open = true;
	rep.type = type;
	rep.len = 0;
	va_start(ap, fmt);
	report_vappend(fmt, ap);
	va_end(ap);
}

void report_line(const char *fmt, ...)
{
	va_list ap;

	if (!rep.open)
		return;
	va_start(ap, fmt);
	report_vappend(fmt, ap);
	va_end(ap);
}

void report_end(void)
{
	FILE *out = rep.out_set ? rep.out : stderr;

	if (!rep.open)
		return;
	if (machine.booted)
		report_line("CPU: %u op: %ld arch: %s", machine.cpu,
			    machine.op_index, ARCH_NAME);
	rep.open = false;
	rep.count[rep.type]++;
	memcpy(rep.last, rep.buf, rep.len + 1);
	if (out) {
		fputs(rep.buf, out);
		fflush(out);
	}
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
