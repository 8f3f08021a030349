// SPDX-License-Identifier: GPL-2.0
/*
 * Argument kinds: how each decodes from bytes, encodes canonically, prints
 * and parses.
 *
 * Decoding takes every byte value (modulo the range); encoding writes the
 * smallest byte value that decodes to the same argument, so that
 * prog_encode() is canonical.  Kinds that depend on a slot read it from
 * value 0 of the op, and a length its offset from value 1.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp_types.h>
#include <linux/mm.h>

#include "fuzz/op_table.h"

/* Pattern writes and checks are short: the oracle re-reads them after every op. */
#define MAX_ACCESS_LEN	256
#define OFFSET_ALIGN	16

/* ARG_SIZE: two bytes; below 0x8000 a size 0..SMALL_SIZE_MAX, else the low 15 bits. */
#define SMALL_SIZE_MAX	1024
#define SIZE_MAX_ARG	0x7fff

/* ARG_ALIGN: one byte, modulo the table. */
static const unsigned int slab_aligns[8] = { 0, 8, 16, 32, 64, 128, 256, 512 };

/* ARG_SLAB_FLAGS: one byte, bit i for slab_flag_names[i]. */
static const struct { const char *name; } slab_flag_names[4] = {
	{ "SLAB_HWCACHE_ALIGN" }, { "SLAB_POISON" }, { "SLAB_RED_ZONE" }, { "SLAB_STORE_USER" },
};

const char *const fault_points[NR_FAULT_POINTS] = {
	"failslab", "fail_page_alloc", "fail_vmalloc", "fail_pgtable_alloc",
};

#define NTH_MAX		32

/* ARG_DEVICE: one byte, modulo the devices; ops_dma.c gives them their masks. */
static const char *const device_names[3] = { "isa", "dev32", "dev64" };

/* ARG_BOUNDARY: one byte, modulo the table; the last three break the rules. */
static const unsigned int pool_boundaries[16] = {
	0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 65536,
	24, 100, 3000,
};

/*
 * ARG_NMEMB: one byte, modulo the table; the value is the index, so counts
 * up to SIZE_MAX print and parse by name.  The last four overflow a
 * product with any size of at least 2, 4, 4096 or 2 bytes.
 */
static const struct { size_t n; const char *name; } nmembs[16] = {
	{ 0, "0" }, { 1, "1" }, { 2, "2" }, { 3, "3" }, { 4, "4" }, { 8, "8" },
	{ 16, "16" }, { 100, "100" }, { 1000, "1000" }, { 4096, "4096" },
	{ 1UL << 20, "1<<20" }, { 1UL << 32, "1<<32" },
	{ SIZE_MAX / 4 + 1, "SIZE_MAX/4+1" }, { 1UL << 52, "1<<52" },
	{ SIZE_MAX / 2 + 1, "SIZE_MAX/2+1" }, { SIZE_MAX, "SIZE_MAX" },
};

size_t arg_nmemb_value(s64 val)
{
	return nmembs[(size_t)val % ARRAY_SIZE(nmembs)].n;
}

/* ---- GFP masks ---------------------------------------------------------- */

struct gfp_name {
	u32		mask;
	const char	*name;
};

/*
 * The realistic bases: what callers in Linux pass.  Index 15 of the
 * opcode's low nibble is a raw mask instead.  Order matters for the text
 * form: the first base a mask contains (with only modifiers left over) is
 * how it prints.
 */
static const struct gfp_name gfp_bases[] = {
	{ GFP_KERNEL,			"GFP_KERNEL" },
	{ GFP_ATOMIC,			"GFP_ATOMIC" },
	{ GFP_NOWAIT,			"GFP_NOWAIT" },
	{ GFP_NOIO,			"GFP_NOIO" },
	{ GFP_NOFS,			"GFP_NOFS" },
	{ GFP_USER,			"GFP_USER" },
	{ GFP_HIGHUSER,			"GFP_HIGHUSER" },
	{ GFP_HIGHUSER_MOVABLE,		"GFP_HIGHUSER_MOVABLE" },
	{ GFP_DMA,			"GFP_DMA" },
	{ GFP_DMA32,			"GFP_DMA32" },
	{ GFP_KERNEL | GFP_DMA,		"GFP_KERNEL|GFP_DMA" },
	{ GFP_KERNEL | GFP_DMA32,	"GFP_KERNEL|GFP_DMA32" },
	{ GFP_ATOMIC | GFP_DMA,		"GFP_ATOMIC|GFP_DMA" },
	{ GFP_ATOMIC | __GFP_HIGHMEM,	"GFP_ATOMIC|__GFP_HIGHMEM" },
	{ GFP_KERNEL | __GFP_HIGHMEM,	"GFP_KERNEL|__GFP_HIGHMEM" },
};
#define GFP_RAW_INDEX	15
_Static_assert(ARRAY_SIZE(gfp_bases) == GFP_RAW_INDEX, "16 base choices");
_Static_assert(MAX_PAGE_ORDER == 10, "order_of_byte[] covers every order");

/* One bit each in the modifier byte. */
static const struct gfp_name gfp_mods[8] = {
	{ __GFP_ZERO,		"__GFP_ZERO" },
	{ __GFP_NOWARN,		"__GFP_NOWARN" },
	{ __GFP_HIGH,		"__GFP_HIGH" },
	{ __GFP_NORETRY,	"__GFP_NORETRY" },
	{ __GFP_RETRY_MAYFAIL,	"__GFP_RETRY_MAYFAIL" },
	{ __GFP_THISNODE,	"__GFP_THISNODE" },
	{ __GFP_MEMALLOC,	"__GFP_MEMALLOC" },
	{ __GFP_NOMEMALLOC,	"__GFP_NOMEMALLOC" },
};

#define GFP_ALL_BITS	((1u << ___GFP_LAST_BIT) - 1)

/* Every name the parser accepts in a mask. */
static const struct gfp_name gfp_names[] = {
	{ GFP_KERNEL, "GFP_KERNEL" }, { GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOWAIT, "GFP_NOWAIT" }, { GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOFS, "GFP_NOFS" }, { GFP_USER, "GFP_USER" },
	{ GFP_DMA, "GFP_DMA" }, { GFP_DMA32, "GFP_DMA32" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ __GFP_DMA, "__GFP_DMA" }, { __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ __GFP_DMA32, "__GFP_DMA32" }, { __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" }, { __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_IO, "__GFP_IO" }, { __GFP_FS, "__GFP_FS" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" }, { __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" }, { __GFP_COMP, "__GFP_COMP" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" }, { __GFP_ACCOUNT, "__GFP_ACCOUNT" },
};

/* Named combinations a raw mask is printed with, largest first. */
static const struct gfp_name gfp_raw_combos[] = {
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" }, { GFP_USER, "GFP_USER" },
	{ GFP_KERNEL, "GFP_KERNEL" }, { GFP_NOFS, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" }, { GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
};

/* The single bits, for printing a raw mask. */
static const struct gfp_name gfp_bits[] = {
	{ __GFP_DMA, "__GFP_DMA" }, { __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ __GFP_DMA32, "__GFP_DMA32" }, { __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" }, { __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_IO, "__GFP_IO" }, { __GFP_FS, "__GFP_FS" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" }, { __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" }, { __GFP_COMP, "__GFP_COMP" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" }, { __GFP_ACCOUNT, "__GFP_ACCOUNT" },
};

static u32 gfp_mods_all(void)
{
	u32 m = 0;

	for (size_t i = 0; i < ARRAY_SIZE(gfp_mods); i++)
		m |= gfp_mods[i].mask;
	return m;
}

/* The base index that writes @gfp as base|modifiers, or -1 for a raw mask. */
static int gfp_base_of(u32 gfp)
{
	for (int i = 0; i < (int)ARRAY_SIZE(gfp_bases); i++) {
		u32 base = gfp_bases[i].mask;

		if ((gfp & base) == base && !(gfp & ~base & ~gfp_mods_all()))
			return i;
	}
	return -1;
}

void gfp_print(u32 gfp, struct sbuf *sb)
{
	int base = gfp_base_of(gfp);
	bool first = true;

	if (base >= 0) {
		sbuf_puts(sb, gfp_bases[base].name);
		for (size_t i = 0; i < ARRAY_SIZE(gfp_mods); i++)
			if (gfp & ~gfp_bases[base].mask & gfp_mods[i].mask)
				sbuf_printf(sb, "|%s", gfp_mods[i].name);
		return;
	}
	/* A raw mask: the largest named combinations it holds, then single bits. */
	for (size_t i = 0; i < ARRAY_SIZE(gfp_raw_combos); i++) {
		if ((gfp & gfp_raw_combos[i].mask) != gfp_raw_combos[i].mask)
			continue;
		sbuf_printf(sb, "%s%s", first ? "" : "|", gfp_raw_combos[i].name);
		gfp &= ~gfp_raw_combos[i].mask;
		first = false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_bits); i++) {
		if (!(gfp & gfp_bits[i].mask))
			continue;
		sbuf_printf(sb, "%s%s", first ? "" : "|", gfp_bits[i].name);
		gfp &= ~gfp_bits[i].mask;
		first = false;
	}
	if (gfp || first)
		sbuf_printf(sb, "%s%#x", first ? "" : "|", gfp);
}

/* ---- orders ------------------------------------------------------------- */

/*
 * Orders by byte value, weighted towards the small ones, as kernel callers
 * are: most allocations are single pages, and a 4 MiB block costs 1024
 * times a page to zero or to check, which a uniform choice would make the
 * bulk of every execution.  Every order stays reachable.
 */
static const u8 order_of_byte[32] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2,
	2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10,
};

static u8 byte_of_order(s64 order)
{
	for (u8 b = 0; b < ARRAY_SIZE(order_of_byte); b++)
		if (order_of_byte[b] == order)
			return b;
	return 0;
}

/* ---- small parsing helpers ------------------------------------------------ */

static void __printf(3, 4) set_err(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
}

/* A whole decimal or 0x-hex integer, optionally negative. */
static bool parse_int(const char *s, size_t len, s64 *out)
{
	char buf[32], *end;
	long long v;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!isdigit((unsigned char)buf[buf[0] == '-']))
		return false;
	errno = 0;
	v = strtoll(buf, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static bool word_is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && !memcmp(s, w, len);
}

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* "fn(inner)": the inner text, trimmed, if @s has that shape. */
static bool call_shape(const char *s, size_t len, const char *fn,
		       const char **inner, size_t *inner_len)
{
	size_t n = strlen(fn);

	if (len < n + 2 || memcmp(s, fn, n))
		return false;
	*inner = s + n;
	*inner_len = len - n;
	trim(inner, inner_len);
	if (*inner_len < 2 || (*inner)[0] != '(' || (*inner)[*inner_len - 1] != ')')
		return false;
	(*inner)++;
	*inner_len -= 2;
	trim(inner, inner_len);
	return true;
}

/* "pN": the slot number. */
static bool slot_shape(const char *s, size_t len, s64 *slot)
{
	if (len < 2 || s[0] != 'p' || !isdigit((unsigned char)s[1]))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return parse_int(s + 1, len - 1, slot);
}

static int slot_err(const struct prog_ctx *ctx, s64 slot, const char *want,
		    char *err, size_t errsize)
{
	if (slot >= ctx->nr_slots)
		set_err(err, errsize, "p%lld does not exist yet (%u allocation%s so far)",
			(long long)slot, ctx->nr_slots, ctx->nr_slots == 1 ? "" : "s");
	else if (ctx->state[slot] == SLOT_FREED)
		set_err(err, errsize, "p%lld was freed; %s", (long long)slot, want);
	else
		set_err(err, errsize, "p%lld is live; %s", (long long)slot, want);
	return -2;
}

static u64 block_bytes(const struct prog_ctx *ctx, s64 slot)
{
	return (u64)PAGE_SIZE << ctx->order[slot];
}

static unsigned int read_le(struct byte_reader *rd, unsigned int n, bool *ok)
{
	unsigned int v = 0;

	if (rd->left < n) {
		*ok = false;
		return 0;
	}
	for (unsigned int i = 0; i < n; i++)
		v |= (unsigned int)rd->p[i] << (8 * i);
	rd->p += n;
	rd->left -= n;
	return v;
}

static size_t write_le(u8 *out, unsigned int v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		out[i] = (u8)(v >> (8 * i));
	return n;
}

static unsigned int index_of(const u16 *list, unsigned int nr, s64 slot)
{
	for (unsigned int i = 0; i < nr; i++)
		if (list[i] == slot)
			return i;
	return 0;
}

/* ---- the kinds ------------------------------------------------------------ */

const char *arg_kind_name(enum arg_kind kind)
{
	static const char *const names[NR_ARG_KINDS] = {
		[ARG_GFP]		= "a GFP mask",
		[ARG_ORDER]		= "an order 0..10",
		[ARG_WRONG_ORDER]	= "an order 0..10",
		[ARG_NODE]		= "a node",
		[ARG_CPU]		= "a CPU",
		[ARG_LIVE]		= "a live slot pN",
		[ARG_FREED]		= "a freed slot pN",
		[ARG_TAIL]		= "a tail page pN + K",
		[ARG_OFFSET]		= "a byte offset",
		[ARG_LEN]		= "a length 1..256",
		[ARG_SEED]		= "a seed 0..255",
		[ARG_RESERVED]		= "reserved_page(I)",
		[ARG_BAD_PFN]		= "pfn_to_page(PFN)",
		[ARG_NULL]		= "NULL",
		[ARG_SIZE]		= "a size 0..32767",
		[ARG_ALIGN]		= "an alignment 0, 8, 16 .. 512",
		[ARG_SLAB_FLAGS]	= "SLAB_* flags or 0",
		[ARG_CTOR]		= "NULL or ctor",
		[ARG_FLAGS]		= "flags",
		[ARG_LOCK]		= "&lock",
		[ARG_ALL]		= "ULONG_MAX",
		[ARG_FAULT_POINT]	= "failslab, fail_page_alloc, fail_vmalloc or fail_pgtable_alloc",
		[ARG_NTH]		= "a count 0..32",
		[ARG_PERCENT]		= "a percentage 0..100",
		[ARG_COUNT]		= "a count 1..256",
		[ARG_TIMES]		= "-1 or a count 0..254",
		[ARG_BOOL]		= "0 or 1",
		[ARG_ZONE]		= "a zone: DMA, DMA32, Normal or HighMem",
		[ARG_UADDR]		= "a user address 0x80ff000..0x810efff",
		[ARG_UPAGE]		= "a page-aligned user address 0x80ff000..0x810e000",
		[ARG_BRK_DELTA]		= "brk, brk + N or brk - N (N up to 32768)",
		[ARG_DEVICE]		= "a device isa, dev32 or dev64",
		[ARG_BOUNDARY]		= "a pool boundary 0, 16 .. 65536, 24, 100 or 3000",
		[ARG_NMEMB]		= "a count 0..4096, 1<<20, 1<<32, 1<<52, SIZE_MAX/4+1, SIZE_MAX/2+1 or SIZE_MAX",
		[ARG_KMAP_ATOMIC]	= "the slot pN of the innermost kmap_atomic()",
	};

	return kind < NR_ARG_KINDS ? names[kind] : "?";
}

unsigned int arg_nr_vals(enum arg_kind kind)
{
	switch (kind) {
	case ARG_TAIL:	return 2;
	case ARG_NULL:
	case ARG_FLAGS:
	case ARG_LOCK:
	case ARG_ALL:	return 0;
	default:	return 1;
	}
}

bool arg_available(enum arg_kind kind, const struct prog_ctx *ctx)
{
	u16 tailed[PROG_MAX_SLOTS];

	switch (kind) {
	case ARG_LIVE:	return ctx->nr_live > 0;
	case ARG_FREED:	return ctx->nr_freed > 0;
	case ARG_TAIL:	return prog_ctx_tailed(ctx, tailed) > 0;
	case ARG_KMAP_ATOMIC:
		return ctx->ctx_depth && ctx->ctx[ctx->ctx_depth - 1] == CTX_KMAP_ATOMIC &&
		       ctx->ctx_slot[ctx->ctx_depth - 1] >= 0;
	default:	return true;
	}
}

bool arg_decode(enum arg_kind kind, const struct prog_ctx *ctx,
		struct byte_reader *rd, const s64 *prev, s64 *vals)
{
	u16 tailed[PROG_MAX_SLOTS];
	unsigned int b, n;
	bool ok = true;
	u64 size;

	switch (kind) {
	case ARG_GFP:
		b = read_le(rd, 1, &ok) % 16;
		if (b == GFP_RAW_INDEX)
			vals[0] = read_le(rd, 3, &ok) & GFP_ALL_BITS;
		else {
			unsigned int mods = read_le(rd, 1, &ok);

			vals[0] = gfp_bases[b].mask;
			for (unsigned int i = 0; i < ARRAY_SIZE(gfp_mods); i++)
				if (mods & (1u << i))
					vals[0] |= gfp_mods[i].mask;
		}
		break;
	case ARG_ORDER:
		vals[0] = order_of_byte[read_le(rd, 1, &ok) % ARRAY_SIZE(order_of_byte)];
		break;
	case ARG_WRONG_ORDER:
		vals[0] = (ctx->order[prev[0]] + 1 + read_le(rd, 1, &ok) % MAX_PAGE_ORDER) %
			  (MAX_PAGE_ORDER + 1);
		break;
	case ARG_NODE:
		b = read_le(rd, 1, &ok) % (ctx->hdr.nr_nodes + 1u);
		vals[0] = b == ctx->hdr.nr_nodes ? -1 : (s64)b;
		break;
	case ARG_CPU:
		vals[0] = read_le(rd, 1, &ok) % ctx->hdr.nr_cpus;
		break;
	case ARG_LIVE:
		vals[0] = ctx->live[read_le(rd, 1, &ok) % ctx->nr_live];
		break;
	case ARG_FREED:
		vals[0] = ctx->freed[read_le(rd, 1, &ok) % ctx->nr_freed];
		break;
	case ARG_TAIL:
		n = prog_ctx_tailed(ctx, tailed);
		vals[0] = tailed[read_le(rd, 1, &ok) % n];
		vals[1] = 1 + read_le(rd, 2, &ok) % ((1u << ctx->order[vals[0]]) - 1);
		break;
	case ARG_OFFSET:
		b = read_le(rd, 2, &ok) % (1u << ctx->order[prev[0]]);
		vals[0] = (s64)b * (s64)PAGE_SIZE + read_le(rd, 1, &ok) * OFFSET_ALIGN;
		break;
	case ARG_LEN:
		size = block_bytes(ctx, prev[0]) - (u64)prev[1];
		b = read_le(rd, 1, &ok) + 1;	/* not inside min(): it reads */
		vals[0] = (s64)min((u64)b, size);
		break;
	case ARG_SEED:
	case ARG_RESERVED:
		vals[0] = read_le(rd, 1, &ok);
		break;
	case ARG_BAD_PFN:
		vals[0] = (s64)mt_bad_pfn(ctx->tmpl, read_le(rd, 3, &ok) %
					  mt_nr_bad_pfns(ctx->tmpl));
		break;
	case ARG_SIZE:
		b = read_le(rd, 2, &ok);
		vals[0] = b & 0x8000 ? b & SIZE_MAX_ARG : b % (SMALL_SIZE_MAX + 1);
		break;
	case ARG_ALIGN:
		vals[0] = slab_aligns[read_le(rd, 1, &ok) % ARRAY_SIZE(slab_aligns)];
		break;
	case ARG_SLAB_FLAGS:
		vals[0] = read_le(rd, 1, &ok) & ((1u << ARRAY_SIZE(slab_flag_names)) - 1);
		break;
	case ARG_CTOR:
	case ARG_BOOL:
		vals[0] = read_le(rd, 1, &ok) & 1;
		break;
	case ARG_FAULT_POINT:
		vals[0] = read_le(rd, 1, &ok) % ARRAY_SIZE(fault_points);
		break;
	case ARG_NTH:
		vals[0] = read_le(rd, 1, &ok) % (NTH_MAX + 1);
		break;
	case ARG_PERCENT:
		vals[0] = read_le(rd, 1, &ok) % 101;
		break;
	case ARG_COUNT:
		vals[0] = read_le(rd, 1, &ok) + 1;
		break;
	case ARG_TIMES:
		b = read_le(rd, 1, &ok);
		vals[0] = b == 255 ? -1 : (s64)b;
		break;
	case ARG_ZONE:
		vals[0] = read_le(rd, 1, &ok) % MAX_NR_ZONES;
		break;
	case ARG_UADDR:
		vals[0] = (s64)(UADDR_BASE + read_le(rd, 2, &ok) % UADDR_SPAN);
		break;
	case ARG_UPAGE:
		vals[0] = (s64)(UADDR_BASE + (read_le(rd, 1, &ok) % (UADDR_SPAN / PAGE_SIZE)) *
				PAGE_SIZE);
		break;
	case ARG_BRK_DELTA:
		vals[0] = (int16_t)read_le(rd, 2, &ok);
		break;
	case ARG_DEVICE:
		vals[0] = read_le(rd, 1, &ok) % ARRAY_SIZE(device_names);
		break;
	case ARG_BOUNDARY:
		vals[0] = pool_boundaries[read_le(rd, 1, &ok) % ARRAY_SIZE(pool_boundaries)];
		break;
	case ARG_NMEMB:
		vals[0] = read_le(rd, 1, &ok) % ARRAY_SIZE(nmembs);
		break;
	case ARG_KMAP_ATOMIC:
		/* Implied by the program so far: kunmap_atomic() has one choice. */
		vals[0] = ctx->ctx_slot[ctx->ctx_depth - 1];
		break;
	case ARG_NULL:
	case ARG_FLAGS:
	case ARG_LOCK:
	case ARG_ALL:
	case NR_ARG_KINDS:
		break;
	}
	return ok;
}

size_t arg_encode(enum arg_kind kind, const struct prog_ctx *ctx,
		  const s64 *prev, const s64 *vals, u8 *out)
{
	u16 tailed[PROG_MAX_SLOTS];
	unsigned int n, mods = 0;
	int base;

	switch (kind) {
	case ARG_GFP:
		base = gfp_base_of((u32)vals[0]);
		if (base < 0) {
			out[0] = GFP_RAW_INDEX;
			return 1 + write_le(out + 1, (u32)vals[0], 3);
		}
		for (unsigned int i = 0; i < ARRAY_SIZE(gfp_mods); i++)
			if ((u32)vals[0] & ~gfp_bases[base].mask & gfp_mods[i].mask)
				mods |= 1u << i;
		out[0] = (u8)base;
		out[1] = (u8)mods;
		return 2;
	case ARG_ORDER:
		out[0] = byte_of_order(vals[0]);
		return 1;
	case ARG_CPU:
	case ARG_SEED:
	case ARG_RESERVED:
		out[0] = (u8)vals[0];
		return 1;
	case ARG_WRONG_ORDER:
		out[0] = (u8)((vals[0] - ctx->order[prev[0]] - 1 + 2 * (MAX_PAGE_ORDER + 1)) %
			      (MAX_PAGE_ORDER + 1));
		return 1;
	case ARG_NODE:
		out[0] = (u8)(vals[0] < 0 ? ctx->hdr.nr_nodes : vals[0]);
		return 1;
	case ARG_LIVE:
		out[0] = (u8)index_of(ctx->live, ctx->nr_live, vals[0]);
		return 1;
	case ARG_FREED:
		out[0] = (u8)index_of(ctx->freed, ctx->nr_freed, vals[0]);
		return 1;
	case ARG_TAIL:
		n = prog_ctx_tailed(ctx, tailed);
		out[0] = (u8)index_of(tailed, n, vals[0]);
		return 1 + write_le(out + 1, (unsigned int)vals[1] - 1, 2);
	case ARG_OFFSET:
		write_le(out, (unsigned int)(vals[0] / (s64)PAGE_SIZE), 2);
		out[2] = (u8)((vals[0] % (s64)PAGE_SIZE) / OFFSET_ALIGN);
		return 3;
	case ARG_LEN:
		out[0] = (u8)(vals[0] - 1);
		return 1;
	case ARG_BAD_PFN:
		return write_le(out, (unsigned int)mt_bad_pfn_index(ctx->tmpl,
						(unsigned long)vals[0]), 3);
	case ARG_SIZE:
		return write_le(out, vals[0] <= SMALL_SIZE_MAX ? (unsigned int)vals[0] :
				(unsigned int)vals[0] | 0x8000, 2);
	case ARG_ALIGN:
		for (n = 0; n < ARRAY_SIZE(slab_aligns); n++)
			if (slab_aligns[n] == vals[0])
				break;
		out[0] = (u8)n;
		return 1;
	case ARG_SLAB_FLAGS:
	case ARG_CTOR:
	case ARG_BOOL:
	case ARG_FAULT_POINT:
	case ARG_NTH:
	case ARG_PERCENT:
	case ARG_ZONE:
	case ARG_DEVICE:
	case ARG_NMEMB:
		out[0] = (u8)vals[0];
		return 1;
	case ARG_COUNT:
		out[0] = (u8)(vals[0] - 1);
		return 1;
	case ARG_TIMES:
		out[0] = vals[0] < 0 ? 255 : (u8)vals[0];
		return 1;
	case ARG_UADDR:
		return write_le(out, (unsigned int)((u64)vals[0] - UADDR_BASE), 2);
	case ARG_UPAGE:
		out[0] = (u8)(((u64)vals[0] - UADDR_BASE) / PAGE_SIZE);
		return 1;
	case ARG_BRK_DELTA:
		return write_le(out, (unsigned int)(u16)vals[0], 2);
	case ARG_BOUNDARY:
		for (n = 0; n < ARRAY_SIZE(pool_boundaries); n++)
			if (pool_boundaries[n] == vals[0])
				break;
		out[0] = (u8)n;
		return 1;
	case ARG_KMAP_ATOMIC:
	case ARG_NULL:
	case ARG_FLAGS:
	case ARG_LOCK:
	case ARG_ALL:
	case NR_ARG_KINDS:
		break;
	}
	return 0;
}

void arg_print(enum arg_kind kind, const s64 *vals, struct sbuf *sb)
{
	switch (kind) {
	case ARG_GFP:
		gfp_print((u32)vals[0], sb);
		break;
	case ARG_LIVE:
	case ARG_FREED:
	case ARG_KMAP_ATOMIC:
		sbuf_printf(sb, "p%lld", (long long)vals[0]);
		break;
	case ARG_TAIL:
		sbuf_printf(sb, "p%lld + %lld", (long long)vals[0], (long long)vals[1]);
		break;
	case ARG_OFFSET:
	case ARG_SEED:
		sbuf_printf(sb, "%#llx", (unsigned long long)vals[0]);
		break;
	case ARG_RESERVED:
		sbuf_printf(sb, "reserved_page(%lld)", (long long)vals[0]);
		break;
	case ARG_BAD_PFN:
		sbuf_printf(sb, "pfn_to_page(%#llx)", (unsigned long long)vals[0]);
		break;
	case ARG_NULL:
		sbuf_puts(sb, "NULL");
		break;
	case ARG_FLAGS:
	case ARG_LOCK:
	case ARG_ALL:
		sbuf_puts(sb, arg_kind_name(kind));
		break;
	case ARG_FAULT_POINT:
		sbuf_puts(sb, fault_points[vals[0] % ARRAY_SIZE(fault_points)]);
		break;
	case ARG_ZONE:
		sbuf_puts(sb, zone_names[vals[0] % MAX_NR_ZONES]);
		break;
	case ARG_CTOR:
		sbuf_puts(sb, vals[0] ? "ctor" : "NULL");
		break;
	case ARG_UADDR:
	case ARG_UPAGE:
		sbuf_printf(sb, "%#llx", (unsigned long long)vals[0]);
		break;
	case ARG_BRK_DELTA:
		if (vals[0])
			sbuf_printf(sb, "brk %c %lld", vals[0] < 0 ? '-' : '+',
				    (long long)(vals[0] < 0 ? -vals[0] : vals[0]));
		else
			sbuf_puts(sb, "brk");
		break;
	case ARG_DEVICE:
		sbuf_puts(sb, device_names[vals[0] % ARRAY_SIZE(device_names)]);
		break;
	case ARG_NMEMB:
		sbuf_puts(sb, nmembs[vals[0] % ARRAY_SIZE(nmembs)].name);
		break;
	case ARG_SLAB_FLAGS:
		if (!vals[0])
			sbuf_puts(sb, "0");
		for (unsigned int i = 0, n = 0; i < ARRAY_SIZE(slab_flag_names); i++)
			if (vals[0] & (1 << i))
				sbuf_printf(sb, "%s%s", n++ ? "|" : "", slab_flag_names[i].name);
		break;
	default:
		sbuf_printf(sb, "%lld", (long long)vals[0]);
		break;
	}
}

static int parse_gfp(const char *s, size_t len, s64 *vals, char *err, size_t errsize)
{
	u32 mask = 0;

	if (!len || !(isalnum((unsigned char)s[0]) || s[0] == '_'))
		return -1;
	while (len) {
		const char *bar = memchr(s, '|', len);
		size_t n = bar ? (size_t)(bar - s) : len;
		const char *tok = s;
		size_t tlen = n;
		s64 v;
		size_t i;

		trim(&tok, &tlen);
		for (i = 0; i < ARRAY_SIZE(gfp_names); i++)
			if (word_is(tok, tlen, gfp_names[i].name))
				break;
		if (i < ARRAY_SIZE(gfp_names)) {
			mask |= gfp_names[i].mask;
		} else if (parse_int(tok, tlen, &v) && v >= 0 && v <= GFP_ALL_BITS) {
			mask |= (u32)v;
		} else {
			set_err(err, errsize, "'%.*s' is not a GFP flag or a mask below %#x",
				(int)min(tlen, (size_t)40), tok, GFP_ALL_BITS + 1);
			return -2;
		}
		s += n + (bar != NULL);
		len -= n + (bar != NULL);
		if (bar && !len) {
			set_err(err, errsize, "GFP mask ends with '|'");
			return -2;
		}
	}
	vals[0] = mask;
	return 0;
}

/* An integer in [lo, hi]; -1 if not an integer, -2 (with @err) if out of range. */
static int parse_range(const char *s, size_t len, s64 lo, s64 hi, const char *what,
		       s64 *out, char *err, size_t errsize)
{
	if (!parse_int(s, len, out))
		return -1;
	if (*out < lo || *out > hi) {
		set_err(err, errsize, "%s %lld is outside %lld..%lld", what,
			(long long)*out, (long long)lo, (long long)hi);
		return -2;
	}
	return 0;
}

/* "0" or SLAB_A|SLAB_B, each of slab_flag_names[] at most once. */
static int parse_slab_flags(const char *s, size_t len, s64 *vals, char *err,
			    size_t errsize)
{
	vals[0] = 0;
	if (word_is(s, len, "0"))
		return 0;
	if (len < 5 || memcmp(s, "SLAB_", 5))
		return -1;
	while (len) {
		const char *bar = memchr(s, '|', len);
		size_t seg = bar ? (size_t)(bar - s) : len, wlen = seg;
		const char *w = s;
		unsigned int i;

		trim(&w, &wlen);
		for (i = 0; i < ARRAY_SIZE(slab_flag_names); i++)
			if (word_is(w, wlen, slab_flag_names[i].name))
				break;
		if (i == ARRAY_SIZE(slab_flag_names) || (vals[0] & (1 << i))) {
			set_err(err, errsize, "'%.*s': not one of SLAB_HWCACHE_ALIGN, SLAB_POISON, SLAB_RED_ZONE, SLAB_STORE_USER (once each)",
				(int)min(wlen, (size_t)40), w);
			return -2;
		}
		vals[0] |= 1 << i;
		if (!bar)
			break;
		len -= seg + 1;
		s = bar + 1;
	}
	return 0;
}

/* "brk", "brk + N", "brk - N". */
static int parse_brk_delta(const char *s, size_t len, s64 *vals, char *err,
			   size_t errsize)
{
	const char *n;
	size_t nlen;
	bool minus;
	int ret;

	if (len < 3 || memcmp(s, "brk", 3))
		return -1;
	n = s + 3;
	nlen = len - 3;
	trim(&n, &nlen);
	if (!nlen) {
		vals[0] = 0;
		return 0;
	}
	if (n[0] != '+' && n[0] != '-')
		return -1;
	minus = n[0] == '-';
	n++;
	nlen--;
	trim(&n, &nlen);
	ret = parse_range(n, nlen, 0, minus ? 32768 : 32767, "brk delta", vals, err, errsize);
	if (ret == -1)
		set_err(err, errsize, "brk %c needs a byte count", minus ? '-' : '+');
	if (ret)
		return -2;
	if (minus)
		vals[0] = -vals[0];
	return 0;
}

int arg_parse(enum arg_kind kind, const struct prog_ctx *ctx, const char *s,
	      size_t len, const s64 *prev, s64 *vals, char *err, size_t errsize)
{
	const char *inner;
	size_t inner_len;
	int ret;

	switch (kind) {
	case ARG_GFP:
		return parse_gfp(s, len, vals, err, errsize);
	case ARG_ORDER:
		return parse_range(s, len, 0, MAX_PAGE_ORDER, "order", vals, err, errsize);
	case ARG_WRONG_ORDER:
		ret = parse_range(s, len, 0, MAX_PAGE_ORDER, "order", vals, err, errsize);
		if (ret == 0 && vals[0] == ctx->order[prev[0]]) {
			set_err(err, errsize, "p%lld has order %lld: that is a plain free",
				(long long)prev[0], (long long)vals[0]);
			return -2;
		}
		return ret;
	case ARG_NODE:
		return parse_range(s, len, -1, ctx->hdr.nr_nodes - 1, "node", vals,
				   err, errsize);
	case ARG_CPU:
		return parse_range(s, len, 0, ctx->hdr.nr_cpus - 1, "cpu", vals, err,
				   errsize);
	case ARG_SEED:
		return parse_range(s, len, 0, 255, "seed", vals, err, errsize);
	case ARG_LIVE:
		if (!slot_shape(s, len, vals))
			return -1;
		if (vals[0] >= ctx->nr_slots || ctx->state[vals[0]] != SLOT_LIVE)
			return slot_err(ctx, vals[0], "it must be live here", err, errsize);
		return 0;
	case ARG_FREED:
		if (!slot_shape(s, len, vals))
			return -1;
		if (vals[0] >= ctx->nr_slots || ctx->state[vals[0]] != SLOT_FREED)
			return slot_err(ctx, vals[0], "a double free needs a freed slot",
					err, errsize);
		return 0;
	case ARG_TAIL: {
		const char *plus = memchr(s, '+', len);
		const char *a = s, *b;
		size_t alen, blen;

		if (!plus)
			return -1;
		alen = (size_t)(plus - s);
		b = plus + 1;
		blen = len - alen - 1;
		trim(&a, &alen);
		trim(&b, &blen);
		if (!slot_shape(a, alen, vals) || !parse_int(b, blen, &vals[1]))
			return -1;
		if (vals[0] >= ctx->nr_slots || ctx->state[vals[0]] != SLOT_LIVE)
			return slot_err(ctx, vals[0], "a tail page needs a live block",
					err, errsize);
		if (vals[1] < 1 || vals[1] >= (1LL << ctx->order[vals[0]])) {
			set_err(err, errsize, "p%lld has %u page%s; tail pages are 1..%u",
				(long long)vals[0], 1u << ctx->order[vals[0]],
				ctx->order[vals[0]] ? "s" : "",
				(1u << ctx->order[vals[0]]) - 1);
			return -2;
		}
		return 0;
	}
	case ARG_OFFSET:
		if (!parse_int(s, len, vals))
			return -1;
		if (vals[0] < 0 || (u64)vals[0] >= block_bytes(ctx, prev[0]) ||
		    vals[0] % OFFSET_ALIGN) {
			set_err(err, errsize, "off=%#llx: must be a multiple of %d below %#llx, the size of p%lld",
				(unsigned long long)vals[0], OFFSET_ALIGN,
				(unsigned long long)block_bytes(ctx, prev[0]),
				(long long)prev[0]);
			return -2;
		}
		return 0;
	case ARG_LEN:
		ret = parse_range(s, len, 1, MAX_ACCESS_LEN, "len", vals, err, errsize);
		if (ret == 0 && (u64)(prev[1] + vals[0]) > block_bytes(ctx, prev[0])) {
			set_err(err, errsize, "off + len = %#llx runs past the end of p%lld (%#llx bytes)",
				(unsigned long long)(prev[1] + vals[0]), (long long)prev[0],
				(unsigned long long)block_bytes(ctx, prev[0]));
			return -2;
		}
		return ret;
	case ARG_RESERVED:
		if (!call_shape(s, len, "reserved_page", &inner, &inner_len))
			return -1;
		ret = parse_range(inner, inner_len, 0, 255, "reserved_page index",
				  vals, err, errsize);
		if (ret == -1)
			set_err(err, errsize, "reserved_page() needs an index 0..255");
		return ret ? -2 : 0;
	case ARG_BAD_PFN:
		if (!call_shape(s, len, "pfn_to_page", &inner, &inner_len))
			return -1;
		if (!parse_int(inner, inner_len, vals) || vals[0] < 0) {
			set_err(err, errsize, "pfn_to_page() needs a pfn");
			return -2;
		}
		if (mt_bad_pfn_index(ctx->tmpl, (unsigned long)vals[0]) < 0) {
			set_err(err, errsize, "pfn %#llx is %s of machine %s %s; a bad free needs a hole or at most %d pfns beyond",
				(unsigned long long)vals[0],
				mt_pfn_is_ram(ctx->tmpl, (unsigned long)vals[0]) ? "RAM" : "too far beyond the RAM",
				ctx->tmpl->kind, ctx->tmpl->size, MT_BEYOND_PFNS);
			return -2;
		}
		return 0;
	case ARG_NULL:
		return word_is(s, len, "NULL") ? 0 : -1;
	case ARG_KMAP_ATOMIC:
		if (!slot_shape(s, len, vals))
			return -1;
		if (!arg_available(kind, ctx)) {
			set_err(err, errsize, "p%lld: the innermost context open here is not a kmap_atomic()",
				(long long)vals[0]);
			return -2;
		}
		if (vals[0] != ctx->ctx_slot[ctx->ctx_depth - 1]) {
			set_err(err, errsize, "p%lld: kunmap_atomic() must undo the innermost kmap_atomic(), of p%d",
				(long long)vals[0], ctx->ctx_slot[ctx->ctx_depth - 1]);
			return -2;
		}
		return 0;
	case ARG_SIZE:
		return parse_range(s, len, 0, SIZE_MAX_ARG, "size", vals, err, errsize);
	case ARG_ALIGN:
		ret = parse_range(s, len, 0, 512, "align", vals, err, errsize);
		for (unsigned int i = 0; ret == 0 && i < ARRAY_SIZE(slab_aligns); i++)
			if (slab_aligns[i] == vals[0])
				return 0;
		if (ret == 0)
			set_err(err, errsize, "align=%lld: one of 0, 8, 16 .. 512", (long long)vals[0]);
		return ret ? ret : -2;
	case ARG_CTOR:
		if (word_is(s, len, "NULL") || word_is(s, len, "ctor")) {
			vals[0] = word_is(s, len, "ctor");
			return 0;
		}
		return -1;
	case ARG_SLAB_FLAGS:
		return parse_slab_flags(s, len, vals, err, errsize);
	case ARG_FLAGS:
	case ARG_LOCK:
	case ARG_ALL:
		return word_is(s, len, arg_kind_name(kind)) ? 0 : -1;
	case ARG_FAULT_POINT:
		for (unsigned int i = 0; i < ARRAY_SIZE(fault_points); i++) {
			if (word_is(s, len, fault_points[i])) {
				vals[0] = i;
				return 0;
			}
		}
		return -1;
	case ARG_ZONE:
		for (unsigned int i = 0; i < MAX_NR_ZONES; i++) {
			if (word_is(s, len, zone_names[i])) {
				vals[0] = i;
				return 0;
			}
		}
		return -1;
	case ARG_NTH:
		return parse_range(s, len, 0, NTH_MAX, "fail_nth", vals, err, errsize);
	case ARG_PERCENT:
		return parse_range(s, len, 0, 100, "percentage", vals, err, errsize);
	case ARG_COUNT:
		return parse_range(s, len, 1, 256, "count", vals, err, errsize);
	case ARG_TIMES:
		return parse_range(s, len, -1, 254, "times", vals, err, errsize);
	case ARG_BOOL:
		return parse_range(s, len, 0, 1, "boolean", vals, err, errsize);
	case ARG_UADDR:
		return parse_range(s, len, (s64)UADDR_BASE, (s64)(UADDR_BASE + UADDR_SPAN - 1),
				   "user address", vals, err, errsize);
	case ARG_UPAGE:
		ret = parse_range(s, len, (s64)UADDR_BASE, (s64)(UADDR_BASE + UADDR_SPAN - 1),
				  "user address", vals, err, errsize);
		if (ret == 0 && vals[0] % (s64)PAGE_SIZE) {
			set_err(err, errsize, "%#llx: must be page-aligned",
				(unsigned long long)vals[0]);
			return -2;
		}
		return ret;
	case ARG_BRK_DELTA:
		return parse_brk_delta(s, len, vals, err, errsize);
	case ARG_DEVICE:
		for (unsigned int i = 0; i < ARRAY_SIZE(device_names); i++)
			if (word_is(s, len, device_names[i])) {
				vals[0] = i;
				return 0;
			}
		return -1;
	case ARG_NMEMB:
		for (unsigned int i = 0; i < ARRAY_SIZE(nmembs); i++)
			if (word_is(s, len, nmembs[i].name)) {
				vals[0] = i;
				return 0;
			}
		if (!len || !(isdigit((unsigned char)s[0]) ||
			      (len >= 8 && !memcmp(s, "SIZE_MAX", 8))))
			return -1;
		set_err(err, errsize, "'%.*s': a count is one of %s", (int)min(len, (size_t)40),
			s, arg_kind_name(ARG_NMEMB) + 8);
		return -2;
	case ARG_BOUNDARY:
		ret = parse_range(s, len, 0, 65536, "boundary", vals, err, errsize);
		for (unsigned int i = 0; ret == 0 && i < ARRAY_SIZE(pool_boundaries); i++)
			if (pool_boundaries[i] == vals[0])
				return 0;
		if (ret == 0)
			set_err(err, errsize, "boundary=%lld: %s", (long long)vals[0],
				arg_kind_name(ARG_BOUNDARY) + 2);
		return ret ? ret : -2;
	case NR_ARG_KINDS:
		break;
	}
	return -1;
}
