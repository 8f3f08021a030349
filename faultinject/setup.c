// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration from text in Linux's boot syntax:
 *
 *   failslab=<interval>,<probability>,<space>,<times>
 *   fail_page_alloc.min-order=0  failslab.ignore-gfp-wait=N
 *   fault_inject.seed=42
 *
 * The whole string is parsed into a copy of every attribute first and
 * committed only if every word parsed: a bad word leaves everything as it
 * was.  Statistics and the interval counter are not configuration; they are
 * carried over untouched.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fault-inject.h>

#include "internal.h"

/* Every configurable thing, copied as one. */
struct fault_config {
	struct failslab_attr		failslab;
	struct fail_page_alloc_attr	fail_page_alloc;
	struct fault_attr		fail_vmalloc;
	struct fault_attr		fail_pgtable_alloc;
	u64				seed;
	bool				seed_set;
};

enum param_type { P_ULONG, P_LONG, P_BOOL, P_UINT, P_NAME, P_PERCENT };

struct param {
	const char	*name;
	enum param_type	type;
	size_t		offset;		/* within struct fault_attr or the extra struct */
};

#define ATTR(n, t, f)	{ n, t, offsetof(struct fault_attr, f) }

/* The generic attributes, Linux's debugfs names. */
static const struct param attr_params[] = {
	ATTR("probability",	P_PERCENT,	probability),
	ATTR("interval",	P_ULONG,	interval),
	ATTR("times",		P_LONG,		times),
	ATTR("space",		P_LONG,		space),
	ATTR("verbose",		P_ULONG,	verbose),
	ATTR("task-filter",	P_BOOL,		task_filter),
	ATTR("require-start",	P_ULONG,	require_start),
	ATTR("require-end",	P_ULONG,	require_end),
	ATTR("reject-start",	P_ULONG,	reject_start),
	ATTR("reject-end",	P_ULONG,	reject_end),
	ATTR("require-caller",	P_NAME,		require_caller),
	ATTR("reject-caller",	P_NAME,		reject_caller),
};

static const struct param failslab_params[] = {
	{ "ignore-gfp-wait", P_BOOL, offsetof(struct failslab_attr, ignore_gfp_reclaim) },
	{ "cache-filter", P_BOOL, offsetof(struct failslab_attr, cache_filter) },
};

static const struct param fail_page_alloc_params[] = {
	{ "ignore-gfp-wait", P_BOOL,
	  offsetof(struct fail_page_alloc_attr, ignore_gfp_reclaim) },
	{ "ignore-gfp-highmem", P_BOOL,
	  offsetof(struct fail_page_alloc_attr, ignore_gfp_highmem) },
	{ "min-order", P_UINT, offsetof(struct fail_page_alloc_attr, min_order) },
};

struct point {
	const char		*name;
	size_t			attr;	/* offset of the fault_attr in the config */
	size_t			extra;	/* offset of the point's struct */
	const struct param	*params;
	size_t			nr_params;
};

static const struct point points[] = {
	{ "failslab", offsetof(struct fault_config, failslab.attr),
	  offsetof(struct fault_config, failslab),
	  failslab_params, ARRAY_SIZE(failslab_params) },
	{ "fail_page_alloc", offsetof(struct fault_config, fail_page_alloc.attr),
	  offsetof(struct fault_config, fail_page_alloc),
	  fail_page_alloc_params, ARRAY_SIZE(fail_page_alloc_params) },
	{ "fail_vmalloc", offsetof(struct fault_config, fail_vmalloc), 0, NULL, 0 },
	{ "fail_pgtable_alloc", offsetof(struct fault_config, fail_pgtable_alloc),
	  0, NULL, 0 },
};

static char last_error[512];

void fault_inject_setup_reset(void)
{
	last_error[0] = '\0';
}

const char *fault_inject_last_error(void)
{
	return last_error;
}

static int parse_long(const char *s, long *out)
{
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	*out = strtol(s, &end, 0);
	return (errno || *end) ? -EINVAL : 0;
}

static int parse_ulong(const char *s, unsigned long *out)
{
	char *end;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 0);
	return (errno || *end) ? -EINVAL : 0;
}

/* debugfs booleans: Y/y/1 and N/n/0, nothing else. */
static int parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "Y") || !strcmp(s, "y") || !strcmp(s, "1"))
		*out = true;
	else if (!strcmp(s, "N") || !strcmp(s, "n") || !strcmp(s, "0"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

static const char *set_param(void *base, const struct param *p, const char *val)
{
	char *field = (char *)base + p->offset;
	unsigned long ul;
	long l;
	bool b;

	switch (p->type) {
	case P_PERCENT:
		if (parse_ulong(val, &ul) || ul > 100)
			return "expected a percentage 0..100";
		*(unsigned long *)field = ul;
		return NULL;
	case P_ULONG:
		if (parse_ulong(val, &ul))
			return "expected an unsigned number";
		if (!strcmp(p->name, "interval") && ul == 0)
			return "interval must be at least 1";
		*(unsigned long *)field = ul;
		return NULL;
	case P_UINT:
		if (parse_ulong(val, &ul) || ul > UINT_MAX)
			return "expected an unsigned number";
		*(unsigned int *)field = (unsigned int)ul;
		return NULL;
	case P_LONG:
		if (parse_long(val, &l))
			return "expected a number";
		if (!strcmp(p->name, "times") && l < -1)
			return "times must be -1 (unlimited) or more";
		*(long *)field = l;
		return NULL;
	case P_BOOL:
		if (parse_bool(val, &b))
			return "expected Y, N, 1 or 0";
		*(bool *)field = b;
		return NULL;
	case P_NAME:
		if (strlen(val) >= FAULT_SITE_NAME_LEN)
			return "call-site name too long";
		strcpy(field, val);
		return NULL;
	}
	return "unknown parameter type";
}

/* <interval>,<probability>,<space>,<times>: Linux's setup_fault_attr(). */
static const char *set_quad(struct fault_attr *attr, char *val)
{
	static const char *const names[] = { "interval", "probability", "space", "times" };
	char *field[4];
	int n = 0;

	for (char *s = val; n < 4; n++) {
		field[n] = s;
		s = strchr(s, ',');
		if (!s)
			break;
		*s++ = '\0';
		if (n == 3)
			return "more than four fields";
	}
	if (n != 3)
		return "expected <interval>,<probability>,<space>,<times>";
	for (int i = 0; i < 4; i++) {
		for (size_t k = 0; k < ARRAY_SIZE(attr_params); k++) {
			const char *why;

			if (strcmp(attr_params[k].name, names[i]))
				continue;
			why = set_param(attr, &attr_params[k], field[i]);
			if (why)
				return why;
		}
	}
	return NULL;
}

static const char *set_word(struct fault_config *cfg, char *word)
{
	char *eq = strchr(word, '=');
	char *dot, *val;

	if (!eq)
		return "expected name=value";
	*eq = '\0';
	val = eq + 1;
	if (!strcmp(word, "fault_inject.seed")) {
		unsigned long seed;

		if (parse_ulong(val, &seed))
			return "expected an unsigned number";
		cfg->seed = seed;
		cfg->seed_set = true;
		return NULL;
	}
	dot = strchr(word, '.');
	if (dot)
		*dot = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(points); i++) {
		const struct point *pt = &points[i];
		struct fault_attr *attr = (void *)((char *)cfg + pt->attr);

		if (strcmp(word, pt->name))
			continue;
		if (!dot)
			return set_quad(attr, val);
		for (size_t k = 0; k < ARRAY_SIZE(attr_params); k++)
			if (!strcmp(dot + 1, attr_params[k].name))
				return set_param(attr, &attr_params[k], val);
		for (size_t k = 0; k < pt->nr_params; k++)
			if (!strcmp(dot + 1, pt->params[k].name))
				return set_param((char *)cfg + pt->extra,
						 &pt->params[k], val);
		return "unknown attribute";
	}
	return "unknown fault-injection point";
}

int fault_inject_setup(const char *cmdline)
{
	struct fault_config cfg = {
		.failslab = failslab, .fail_page_alloc = fail_page_alloc,
		.fail_vmalloc = fail_vmalloc, .fail_pgtable_alloc = fail_pgtable_alloc,
	};
	const char *p = cmdline;

	if (!cmdline)
		return 0;
	while (*p) {
		char word[256], shown[256];
		const char *why;
		size_t len;

		p += strspn(p, " \t\n");
		len = strcspn(p, " \t\n");
		if (!len)
			break;
		if (len >= sizeof(word)) {
			snprintf(last_error, sizeof(last_error),
				 "fault_inject: bad parameter '%.40s...': too long", p);
			goto refuse;
		}
		memcpy(word, p, len);
		word[len] = '\0';
		memcpy(shown, word, len + 1);
		p += len;
		why = set_word(&cfg, word);
		if (why) {
			snprintf(last_error, sizeof(last_error),
				 "fault_inject: bad parameter '%s': %s; nothing applied",
				 shown, why);
			goto refuse;
		}
	}
	failslab = cfg.failslab;
	fail_page_alloc = cfg.fail_page_alloc;
	fail_vmalloc = cfg.fail_vmalloc;
	fail_pgtable_alloc = cfg.fail_pgtable_alloc;
	if (cfg.seed_set)
		fault_inject_seed(cfg.seed);
	last_error[0] = '\0';
	return 0;
refuse:
	fault_inject_report(true, "%s", last_error);
	return -EINVAL;
}
