// SPDX-License-Identifier: GPL-2.0
/* Turning allocator state into text for reports: GFP masks and pages. */
#include <stdio.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mmdebug.h>
#include <linux/report.h>

struct gfp_name {
	gfp_t		mask;
	const char	*name;
};

/* Combinations first, largest first, then single bits, as %pGg prints. */
static const struct gfp_name gfp_names[] = {
	{ GFP_HIGHUSER_MOVABLE,	"GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER,		"GFP_HIGHUSER" },
	{ GFP_USER,		"GFP_USER" },
	{ GFP_KERNEL,		"GFP_KERNEL" },
	{ GFP_NOFS,		"GFP_NOFS" },
	{ GFP_ATOMIC,		"GFP_ATOMIC" },
	{ GFP_NOIO,		"GFP_NOIO" },
	{ GFP_NOWAIT,		"GFP_NOWAIT" },
	{ GFP_DMA,		"GFP_DMA" },
	{ GFP_DMA32,		"GFP_DMA32" },
	{ __GFP_HIGHMEM,	"__GFP_HIGHMEM" },
	{ __GFP_MOVABLE,	"__GFP_MOVABLE" },
	{ __GFP_RECLAIMABLE,	"__GFP_RECLAIMABLE" },
	{ __GFP_HIGH,		"__GFP_HIGH" },
	{ __GFP_IO,		"__GFP_IO" },
	{ __GFP_FS,		"__GFP_FS" },
	{ __GFP_ZERO,		"__GFP_ZERO" },
	{ __GFP_DIRECT_RECLAIM,	"__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM,	"__GFP_KSWAPD_RECLAIM" },
	{ __GFP_NOWARN,		"__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL,	"__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL,		"__GFP_NOFAIL" },
	{ __GFP_NORETRY,	"__GFP_NORETRY" },
	{ __GFP_MEMALLOC,	"__GFP_MEMALLOC" },
	{ __GFP_COMP,		"__GFP_COMP" },
	{ __GFP_NOMEMALLOC,	"__GFP_NOMEMALLOC" },
	{ __GFP_HARDWALL,	"__GFP_HARDWALL" },
	{ __GFP_THISNODE,	"__GFP_THISNODE" },
	{ __GFP_ACCOUNT,	"__GFP_ACCOUNT" },
};

static void append(char *buf, size_t size, size_t *len, const char *s)
{
	int n = snprintf(buf + *len, size - *len, "%s%s", *len ? "|" : "", s);

	if (n > 0)
		*len = min(*len + (size_t)n, size - 1);
}

char *format_gfp(gfp_t gfp, char *buf, size_t size)
{
	size_t len = 0;
	char rest[16];

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(gfp_names); i++) {
		if ((gfp & gfp_names[i].mask) == gfp_names[i].mask) {
			append(buf, size, &len, gfp_names[i].name);
			gfp &= ~gfp_names[i].mask;
		}
	}
	if (gfp || !len) {
		snprintf(rest, sizeof(rest), "%#x", gfp);
		append(buf, size, &len, rest);
	}
	return buf;
}

void report_page(const struct page *page)
{
	static const char * const flag_names[__NR_PAGEFLAGS] = {
		[PG_reserved] = "reserved", [PG_buddy] = "buddy",
		[PG_table] = "table", [PG_slab] = "slab",
		[PG_large_kmalloc] = "large_kmalloc",
	};
	char flags[64];
	size_t len = 0;
	unsigned long pfn = page_to_pfn(page);
	struct zone *zone = pfn_valid(pfn) ? page_zone(page) : NULL;

	flags[0] = '\0';
	for (int i = 0; i < __NR_PAGEFLAGS; i++)
		if (page->flags & BIT(i))
			append(flags, sizeof(flags), &len, flag_names[i]);
	report_line("page: pfn:%#lx refcount:%d order:%u flags:%#lx(%s) node:%d zone:%s",
		    pfn, page_ref_count(page), page->order, page->flags, flags,
		    zone ? zone->zone_pgdat->node_id : -1,
		    zone ? zone->name : "none");
}
