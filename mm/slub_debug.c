// SPDX-License-Identifier: GPL-2.0
/*
 * Slab debugging, as SLUB's CONFIG_SLUB_DEBUG does it: the slab_debug
 * option string, red zones, poisoning, owner records, the "BUG <cache>:
 * <problem>" reports, and the consistency checker.
 *
 * Byte values (mm/slab.h): a free object's bytes are POISON_FREE (0x6b)
 * ending in POISON_END (0xa5); red zones are SLUB_RED_INACTIVE (0xbb) around
 * a free object and SLUB_RED_ACTIVE (0xcc) around an allocated one; padding
 * and never-used slab memory are POISON_INUSE (0x5a).
 *
 * Every check that fails reports and then repairs what it can (restores
 * the damaged bytes, cuts a corrupt freelist), and the caller refuses the
 * operation: an object whose red zone was overwritten is not freed, a slab
 * whose free object was written after free hands out nothing more.
 *
 * All reads and writes of slot bytes here go through the raw_* helpers:
 * under ASan those bytes are poisoned, and volatile byte accesses in an
 * uninstrumented function are the one way to touch them that neither the
 * instrumentation nor an intercepted memset/memcmp would flag.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mmdebug.h>
#include <linux/report.h>
#include <linux/slab.h>

#include "internal.h"
#include "slab.h"

/* ---- raw slot access ---------------------------------------------------- */

__no_sanitize_address void raw_memset(void *p, u8 v, size_t n)
{
	volatile u8 *d = p;

	for (size_t i = 0; i < n; i++)
		d[i] = v;
}

static __no_sanitize_address void raw_read(void *dst, const void *src, size_t n)
{
	const volatile u8 *s = src;
	u8 *d = dst;

	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
}

static __no_sanitize_address void raw_write(void *dst, const void *src, size_t n)
{
	volatile u8 *d = dst;
	const u8 *s = src;

	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
}

/*
 * Index of the first byte of @p[0..@n) that is not @v, or @n.  A word at a
 * time once aligned, as Linux's memchr_inv(): poison and red zones are
 * checked on every slab_debug free and walk.
 */
static __no_sanitize_address size_t raw_find_not(const void *p, u8 v, size_t n)
{
	const volatile u8 *s = p;
	u64 pattern = 0x0101010101010101ULL * v;
	size_t i = 0;

	for (; i < n && ((uintptr_t)(s + i) & 7); i++)
		if (s[i] != v)
			return i;
	for (; i + 8 <= n; i += 8)
		if (*(const volatile u64 *)(s + i) != pattern)
			break;
	for (; i < n; i++)
		if (s[i] != v)
			break;
	return i;
}

/* ---- the slab_debug option string ----------------------------------------- */

/*
 * slab_debug=<flags>[,<cache>,<cache>...][;<flags>,<cache>...]...
 * Flags: F Z P U (either case), "-" for none; no letters at all means all
 * four.  A block without cache names applies to every cache not named in
 * another block.  A name ending in '*' matches any name it prefixes.
 */
#define SLAB_DEBUG_MAX_BLOCKS	16
#define SLAB_DEBUG_MAX_LEN	512

struct slab_debug_block {
	slab_flags_t	flags;
	const char	*names;		/* "a,b*,c" or NULL */
	size_t		len;
};

static struct {
	char			buf[SLAB_DEBUG_MAX_LEN];
	slab_flags_t		global;
	struct slab_debug_block	block[SLAB_DEBUG_MAX_BLOCKS];
	unsigned int		nr;
} slab_debug;

static bool bad_option(const char *str, const char *why)
{
	report_begin(REPORT_BAD_BOOT, "BUG: bad boot option slab_debug=%.64s: %s",
		     str, why);
	report_end();
	return false;
}

static bool parse_flags(const char *str, const char *p, const char *end,
			slab_flags_t *flags)
{
	*flags = p == end ? SLAB_DEBUG_FLAGS : 0;
	for (; p < end; p++) {
		switch (*p | 0x20) {
		case 'f': *flags |= SLAB_CONSISTENCY_CHECKS; break;
		case 'z': *flags |= SLAB_RED_ZONE; break;
		case 'p': *flags |= SLAB_POISON; break;
		case 'u': *flags |= SLAB_STORE_USER; break;
		default:
			if (*p == '-') {
				*flags = 0;
				break;
			}
			return bad_option(str, "unknown flag (F, Z, P, U or -)");
		}
	}
	return true;
}

bool slab_debug_parse(const char *str, bool apply)
{
	const char *p;
	unsigned int nr = 0;
	slab_flags_t global = 0;
	struct slab_debug_block block[SLAB_DEBUG_MAX_BLOCKS];

	if (apply)
		memset(&slab_debug, 0, sizeof(slab_debug));
	if (!str)
		return true;
	if (strlen(str) >= SLAB_DEBUG_MAX_LEN)
		return bad_option(str, "longer than 511 characters");
	if (apply) {
		strcpy(slab_debug.buf, str);
		str = slab_debug.buf;
	}
	p = str;
	for (;;) {
		const char *end = p + strcspn(p, ";");
		const char *comma = memchr(p, ',', (size_t)(end - p));
		slab_flags_t flags;

		if (!parse_flags(str, p, comma ? comma : end, &flags))
			return false;
		if (!comma) {
			global = flags;
		} else {
			if (nr == SLAB_DEBUG_MAX_BLOCKS)
				return bad_option(str, "more than 16 blocks");
			block[nr++] = (struct slab_debug_block){
				flags, comma + 1, (size_t)(end - comma - 1) };
		}
		if (!*end)
			break;
		p = end + 1;
	}
	if (apply) {
		slab_debug.global = global;
		memcpy(slab_debug.block, block, sizeof(block[0]) * nr);
		slab_debug.nr = nr;
	}
	return true;
}

static bool name_in_list(const char *name, const char *list, size_t len)
{
	const char *end = list + len;

	while (list < end) {
		const char *item_end = memchr(list, ',', (size_t)(end - list));
		size_t n;

		if (!item_end)
			item_end = end;
		n = (size_t)(item_end - list);
		if (n && list[n - 1] == '*') {
			if (!strncmp(name, list, n - 1))
				return true;
		} else if (n == strlen(name) && !strncmp(name, list, n)) {
			return true;
		}
		list = item_end + 1;
	}
	return false;
}

slab_flags_t kmem_cache_flags(const char *name, slab_flags_t flags)
{
	for (unsigned int i = 0; i < slab_debug.nr; i++)
		if (name_in_list(name, slab_debug.block[i].names,
				 slab_debug.block[i].len))
			return flags | slab_debug.block[i].flags;
	return flags | slab_debug.global;
}

/* ---- reports ------------------------------------------------------------- */

static unsigned int va_digits(void)
{
	return ARCH_VA_BITS > 32 ? 16 : 8;
}

/* Linux's print_section(): a hexdump, 16 bytes a line, at most @max bytes. */
static void print_section(const char *text, const void *addr, size_t len,
			  size_t max)
{
	const u8 *p = addr;
	size_t shown = min(len, max);

	for (size_t off = 0; off < shown; off += 16) {
		u8 bytes[16];
		char hex[16 * 3 + 1], ascii[17];
		size_t n = min((size_t)16, shown - off);

		raw_read(bytes, p + off, n);
		for (size_t i = 0; i < n; i++) {
			snprintf(hex + 3 * i, 4, "%02x ", bytes[i]);
			ascii[i] = bytes[i] >= 0x20 && bytes[i] < 0x7f ? (char)bytes[i] : '.';
		}
		hex[3 * n - 1] = '\0';
		ascii[n] = '\0';
		report_line("%s%0*lx: %-47s  %s", text, (int)va_digits(),
			    slab_kva(p + off), hex, ascii);
	}
	if (shown < len)
		report_line("%s... %zu more bytes", text, len - shown);
}

static struct track *get_track(struct kmem_cache *s, const void *object,
			       enum track_item alloc)
{
	return (struct track *)((char *)object + get_info_end(s)) + alloc;
}

/* The orig_size word, after the owner records. */
static u8 *orig_size_slot(struct kmem_cache *s, const void *object)
{
	return (u8 *)get_track(s, object, TRACK_ALLOC) + 2 * sizeof(struct track);
}

static unsigned int get_orig_size(struct kmem_cache *s, const void *object)
{
	u32 size;

	if (!slub_debug_orig_size(s))
		return s->object_size;
	raw_read(&size, orig_size_slot(s, object), sizeof(size));
	return min(size, s->object_size);
}

void set_orig_size(struct kmem_cache *s, void *object, size_t size)
{
	u32 v = (u32)min(size, (size_t)s->object_size);

	if (!slub_debug_orig_size(s))
		return;
	raw_write(orig_size_slot(s, object), &v, sizeof(v));
	/* What the caller gave up is red zone again; what it got is its own. */
	if (v < s->object_size)
		raw_memset((u8 *)object + v, SLUB_RED_ACTIVE, s->object_size - v);
}

static void set_track(struct kmem_cache *s, void *object, enum track_item alloc)
{
	struct track t = {
		.op_index = machine.op_index,
		.cpu = smp_processor_id(),
		.valid = 1,
	};

	raw_write(get_track(s, object, alloc), &t, sizeof(t));
}

static void init_tracking(struct kmem_cache *s, void *object)
{
	raw_memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
}

static void print_track(const char *what, const struct track *t)
{
	if (t->op_index >= 0)
		report_line("%s in op %lld cpu=%u", what, (long long)t->op_index, t->cpu);
	else
		report_line("%s outside any op cpu=%u", what, t->cpu);
}

static void print_tracking(struct kmem_cache *s, const void *object)
{
	struct track t;

	if (!(s->flags & SLAB_STORE_USER))
		return;
	raw_read(&t, get_track(s, object, TRACK_ALLOC), sizeof(t));
	if (t.valid)
		print_track("Allocated", &t);
	raw_read(&t, get_track(s, object, TRACK_FREE), sizeof(t));
	if (t.valid)
		print_track("Freed", &t);
}

static void print_slab_info(const struct page *slab)
{
	report_line("Slab pfn:%#lx order:%u objects=%u used=%u fp=0x%lx flags=%#lx(slab%s)",
		    page_to_pfn(slab), slab->order, slab->objects, slab->inuse,
		    slab->freelist ? slab_kva(slab->freelist) : 0UL, slab->flags,
		    slab->frozen ? "|frozen" : "");
}

/* The slot's offset of @p within its slab, Linux's @offset=. */
static unsigned long slab_offset(const struct page *slab, const void *p)
{
	return (unsigned long)((const char *)p - (const char *)slab_address(slab));
}

static unsigned int size_from_object(const struct kmem_cache *s)
{
	return s->size - s->red_left_pad;
}

/* Where padding starts: after the free pointer, tracks and orig_size. */
static unsigned int metadata_end(const struct kmem_cache *s)
{
	unsigned int off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (slub_debug_orig_size(s))
		off += sizeof(u32);
	return off;
}

static void print_trailer(struct kmem_cache *s, struct page *slab, const u8 *p)
{
	unsigned int off;

	print_tracking(s, p);
	print_slab_info(slab);
	report_line("Object 0x%lx @offset=%lu fp=0x%lx", slab_kva(p),
		    slab_offset(slab, p), get_freepointer(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p - s->red_left_pad, s->red_left_pad, 16);
	else if (slab_offset(slab, p) >= 16)
		print_section("Bytes b4 ", p - 16, 16, 16);
	print_section("Object   ", p, s->object_size, 64);
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size, s->inuse - s->object_size, 16);
	off = metadata_end(s);
	if (off != size_from_object(s))
		print_section("Padding  ", p + off, size_from_object(s) - off, 32);
}

static void __printf(3, 0) bug_line(struct kmem_cache *s, enum report_type type,
				    const char *fmt, va_list ap)
{
	char why[256];

	vsnprintf(why, sizeof(why), fmt, ap);
	report_begin(type, "BUG %s: %s", s->name, why);
	report_line("-----------------------------------------------------------------------------");
}

void object_err(struct kmem_cache *s, struct page *slab, const void *object,
		enum report_type type, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bug_line(s, type, fmt, ap);
	va_end(ap);
	print_trailer(s, slab, object);
}

void slab_err(struct kmem_cache *s, struct page *slab, enum report_type type,
	      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bug_line(s, type, fmt, ap);
	va_end(ap);
	print_slab_info(slab);
}

void report_object_line(struct kmem_cache *s, struct page *slab,
			const void *object)
{
	report_line("Object 0x%lx @offset=%lu", slab_kva(object),
		    slab_offset(slab, object));
	print_tracking(s, object);
}

/* ---- object state -------------------------------------------------------- */

static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;

	if (s->flags & SLAB_RED_ZONE) {
		unsigned int from = val == SLUB_RED_ACTIVE ? get_orig_size(s, p) :
							     s->object_size;

		raw_memset(p - s->red_left_pad, val, s->red_left_pad);
		raw_memset(p + from, val, s->inuse - from);
	}
	if (slab_poisons_objects(s) && val == SLUB_RED_INACTIVE) {
		raw_memset(p, POISON_FREE, s->object_size - 1);
		raw_memset(p + s->object_size - 1, POISON_END, 1);
	}
}

void setup_slab_debug(struct kmem_cache *s, struct page *slab)
{
	if (s->flags & SLAB_POISON)
		raw_memset(slab_address(slab), POISON_INUSE, PAGE_SIZE << slab->order);
}

void setup_object_debug(struct kmem_cache *s, void *object)
{
	if (s->flags & SLAB_STORE_USER)
		init_tracking(s, object);
	init_object(s, object, SLUB_RED_INACTIVE);
}

/*
 * Linux's check_bytes_and_report(): @what at [@start, @start + @bytes)
 * must all be @value.  If not: report, restore, false with the report open.
 */
static bool check_bytes_and_report(struct kmem_cache *s, struct page *slab,
				   u8 *object, const char *what, u8 *start,
				   u8 value, size_t bytes)
{
	size_t first = raw_find_not(start, value, bytes), last = bytes;
	u8 fault, end_byte = value;

	if (first == bytes)
		return true;
	while (last > first && end_byte == value)
		raw_read(&end_byte, start + --last, 1);
	raw_read(&fault, start + first, 1);
	object_err(s, slab, object, REPORT_SLAB_CORRUPT, "%s overwritten", what);
	report_line("0x%lx-0x%lx @offset=%lu. First byte 0x%x instead of 0x%x",
		    slab_kva(start + first), slab_kva(start + last),
		    slab_offset(slab, start + first), fault, value);
	raw_memset(start + first, value, last + 1 - first);
	report_line("FIX %s: Restoring %s 0x%lx-0x%lx=0x%x", s->name, what,
		    slab_kva(start + first), slab_kva(start + last), value);
	return false;
}

static bool check_pad_bytes(struct kmem_cache *s, struct page *slab, u8 *p)
{
	unsigned int off = metadata_end(s);

	if (size_from_object(s) == off)
		return true;
	return check_bytes_and_report(s, slab, p, "Object padding", p + off,
				      POISON_INUSE, size_from_object(s) - off);
}

/*
 * Linux's check_object(), stopping at the first problem so that one misuse
 * is one report.  @val: the red-zone byte the object's state calls for.
 */
static bool check_object(struct kmem_cache *s, struct page *slab, void *object,
			 u8 val)
{
	u8 *p = object, *endobject = p + s->object_size;
	unsigned long fp;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes_and_report(s, slab, p, "Left Redzone",
					    p - s->red_left_pad, val, s->red_left_pad))
			return false;
		if (!check_bytes_and_report(s, slab, p, "Right Redzone", endobject,
					    val, s->inuse - s->object_size))
			return false;
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE) {
			unsigned int orig = get_orig_size(s, p);

			if (orig < s->object_size &&
			    !check_bytes_and_report(s, slab, p, "kmalloc Redzone",
						    p + orig, val, s->object_size - orig))
				return false;
		}
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		if (!check_bytes_and_report(s, slab, p, "Alignment padding", endobject,
					    POISON_INUSE, s->inuse - s->object_size))
			return false;
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && slab_poisons_objects(s)) {
			if (!check_bytes_and_report(s, slab, p, "Poison", p, POISON_FREE,
						    s->object_size - 1))
				return false;
			if (!check_bytes_and_report(s, slab, p, "End Poison",
						    endobject - 1, POISON_END, 1))
				return false;
		}
		if (!check_pad_bytes(s, slab, p))
			return false;
	}
	/* An allocated object's free pointer may be its caller's data. */
	if (!freeptr_outside_object(s) && val == SLUB_RED_ACTIVE)
		return true;
	fp = get_freepointer(s, p);
	if (!check_valid_pointer(s, slab, slab_va_to_host(fp))) {
		object_err(s, slab, p, REPORT_SLAB_CORRUPT, "Freepointer corrupt");
		report_line("free pointer names 0x%lx, no object of this slab", fp);
		set_freepointer(s, p, NULL);
		report_line("FIX %s: Cutting the freelist after 0x%lx", s->name,
			    slab_kva(p));
		return false;
	}
	return true;
}

bool on_freelist(struct kmem_cache *s, struct page *slab, const void *search)
{
	void *fp = slab->freelist, *prev = NULL;
	unsigned int nr = 0;

	while (fp && nr <= slab->objects) {
		if (fp == search)
			return true;
		if (!check_valid_pointer(s, slab, fp)) {
			if (prev) {
				object_err(s, slab, prev, REPORT_SLAB_CORRUPT,
					   "Freechain corrupt");
				set_freepointer(s, prev, NULL);
			} else {
				slab_err(s, slab, REPORT_SLAB_CORRUPT, "Freepointer corrupt");
				slab->freelist = NULL;
			}
			slab->inuse = slab->objects - nr;
			report_line("FIX %s: Isolating the rest of the freelist", s->name);
			report_end();
			return false;
		}
		prev = fp;
		fp = slab_va_to_host(get_freepointer(s, fp));
		nr++;
	}
	if (slab->inuse != slab->objects - nr) {
		slab_err(s, slab, REPORT_SLAB_CORRUPT,
			 "Wrong object count. Counter is %u but counted were %u",
			 slab->inuse, slab->objects - nr);
		slab->inuse = slab->objects - nr;
		report_line("FIX %s: Object count adjusted", s->name);
		report_end();
	}
	return false;
}

/* ---- alloc and free hooks -------------------------------------------------- */

bool alloc_debug_processing(struct kmem_cache *s, struct page *slab,
			    void *object)
{
	if (!check_valid_pointer(s, slab, object)) {
		slab_err(s, slab, REPORT_SLAB_CORRUPT, "Freelist Pointer check fails");
		return false;
	}
	return check_object(s, slab, object, SLUB_RED_INACTIVE);
}

void alloc_debug_finish(struct kmem_cache *s, void *object, size_t orig_size)
{
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_ALLOC);
	set_orig_size(s, object, orig_size);
	init_object(s, object, SLUB_RED_ACTIVE);
}

bool free_debug_processing(struct kmem_cache *s, struct page *slab,
			   void *object)
{
	if (on_freelist(s, slab, object)) {
		object_err(s, slab, object, REPORT_DOUBLE_FREE, "Object already free");
		goto refuse;
	}
	if (!check_object(s, slab, object, SLUB_RED_ACTIVE))
		goto refuse;
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_FREE);
	init_object(s, object, SLUB_RED_INACTIVE);
	return true;
refuse:
	report_line("FIX %s: Object at 0x%lx not freed", s->name, slab_kva(object));
	report_end();
	return false;
}

/* Linux's slab_pad_check(): the bytes after the last object. */
static bool slab_pad_check(struct kmem_cache *s, struct page *slab)
{
	u8 *start = slab_address(slab);
	size_t length = PAGE_SIZE << slab->order;
	size_t remainder = length % s->size;
	u8 *pad = start + length - remainder;
	size_t first;

	if (!(s->flags & SLAB_POISON) || !remainder)
		return true;
	first = raw_find_not(pad, POISON_INUSE, remainder);
	if (first == remainder)
		return true;
	slab_err(s, slab, REPORT_SLAB_CORRUPT, "Padding overwritten");
	report_line("0x%lx-0x%lx @offset=%lu", slab_kva(pad + first),
		    slab_kva(pad + remainder - 1), slab_offset(slab, pad + first));
	print_section("Padding  ", pad + first, remainder - first, 32);
	raw_memset(pad + first, POISON_INUSE, remainder - first);
	report_line("FIX %s: Restoring Padding", s->name);
	report_end();
	return false;
}

void slab_discard_checks(struct kmem_cache *s, struct page *slab)
{
	char *p = slab_objects_base(s, slab);

	slab_pad_check(s, slab);
	for (unsigned int i = 0; i < slab->objects; i++, p += s->size) {
		if (!check_object(s, slab, p, SLUB_RED_INACTIVE)) {
			report_line("FIX %s: Slab freed anyway", s->name);
			report_end();
		}
	}
}

bool check_free_object(struct kmem_cache *s, struct page *slab, void *object)
{
	if (check_object(s, slab, object, SLUB_RED_INACTIVE))
		return true;
	report_end();
	return false;
}

/* ---- the consistency checker ---------------------------------------------- */

static bool __printf(3, 4) bad(struct kmem_cache *s, const struct page *slab,
			       const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	report_begin(REPORT_INCONSISTENT, "BUG: slab cache %s inconsistent: %s",
		     s->name, why);
	if (slab && page_in_mem_map(slab))
		report_page(slab);
	report_end();
	return false;
}

static u8 seen[MAX_OBJS_PER_PAGE + 1];

/* Walk a freelist of @slab, marking objects; false on damage. */
static bool walk_freelist(struct kmem_cache *s, struct page *slab,
			  void *object, unsigned int *count, bool check_objects)
{
	bool ok = true;

	while (object) {
		unsigned int idx;

		if (!check_valid_pointer(s, slab, object))
			return bad(s, slab, "freelist names 0x%lx, no object of the slab",
				   slab_kva(object));
		idx = obj_to_index(s, slab, object);
		if (seen[idx])
			return bad(s, slab, "object %u twice on the freelists (a cycle or a double free)",
				   idx);
		seen[idx] = 1;
		(*count)++;
		if (check_objects && !check_free_object(s, slab, object))
			ok = false;
		object = slab_va_to_host(get_freepointer(s, object));
	}
	return ok;
}

static bool slab_ok(struct kmem_cache *s, struct page *slab, int nid)
{
	if (!page_in_mem_map(slab) || !pfn_valid(page_to_pfn(slab)))
		return bad(s, NULL, "slab list entry is not a struct page of RAM");
	if (!PageSlab(slab) || slab->slab_cache != s)
		return bad(s, slab, "slab not PG_slab of this cache");
	if (page_ref_count(slab) != 1)
		return bad(s, slab, "slab refcount %d", page_ref_count(slab));
	if (!((slab->order == s->oo.order && slab->objects == s->oo.objects) ||
	      (slab->order == s->min.order && slab->objects == s->min.objects)))
		return bad(s, slab, "slab order %u with %u objects", slab->order,
			   slab->objects);
	if (nid >= 0 && page_to_nid(slab) != nid)
		return bad(s, slab, "slab of node %d on node %d's list",
			   page_to_nid(slab), nid);
	for (unsigned long i = 1; i < (1UL << slab->order); i++)
		if (compound_head(slab + i) != slab)
			return bad(s, slab, "tail page %lu does not point at its slab", i);
	return true;
}

/* A slab on a node list: @full says which. */
static bool listed_slab_ok(struct kmem_cache *s, struct page *slab, int nid,
			   bool full)
{
	unsigned int nfree = 0;
	bool ok;

	if (!slab_ok(s, slab, nid))
		return false;
	if (slab->frozen)
		return bad(s, slab, "frozen slab on a node list");
	if (full != (slab->inuse == slab->objects))
		return bad(s, slab, "%s slab with %u of %u objects in use",
			   full ? "full" : "partial", slab->inuse, slab->objects);
	memset(seen, 0, slab->objects);
	ok = walk_freelist(s, slab, slab->freelist, &nfree, kmem_cache_debug(s));
	if (nfree != slab->objects - slab->inuse)
		return bad(s, slab, "%u objects on the freelist, inuse %u of %u",
			   nfree, slab->inuse, slab->objects);
	return ok;
}

static bool node_lists_ok(struct kmem_cache *s, int nid, unsigned long *slabs,
			  unsigned long *objects)
{
	struct kmem_cache_node *n = &s->node[nid];
	struct list_head *heads[2] = { &n->partial, &n->full };
	unsigned long counts[2] = { n->nr_partial, n->nr_full };
	bool ok = true;

	for (int l = 0; l < 2; l++) {
		struct list_head *pos = heads[l]->next;
		unsigned long seen_slabs = 0;

		while (pos != heads[l] && seen_slabs <= counts[l]) {
			struct page *slab = list_entry(pos, struct page, slab_list);

			if (!pos)
				return bad(s, NULL, "node %d list broken", nid);
			ok &= listed_slab_ok(s, slab, nid, l == 1);
			*objects += slab->objects;
			seen_slabs++;
			pos = pos->next;
		}
		if (seen_slabs != counts[l])
			ok = bad(s, NULL, "node %d: %lu slabs on the %s list, counter %lu",
				 nid, seen_slabs, l ? "full" : "partial", counts[l]);
		*slabs += seen_slabs;
	}
	return ok;
}

static bool cpu_slab_ok(struct kmem_cache *s, unsigned int cpu,
			unsigned long *slabs, unsigned long *objects)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
	struct page *slab = c->slab;
	unsigned int ncpu = 0, nslab = 0;

	if (!slab) {
		if (c->freelist_va || c->span)
			return bad(s, NULL, "cpu %u: freelist without a slab", cpu);
		return true;
	}
	if (kmem_cache_debug(s))
		return bad(s, slab, "cpu %u: a debug cache with a cpu slab", cpu);
	if (!slab_ok(s, slab, -1))
		return false;
	slabs[page_to_nid(slab)]++;
	objects[page_to_nid(slab)] += slab->objects;
	if (!slab->frozen)
		return bad(s, slab, "cpu %u: its slab is not frozen", cpu);
	for (unsigned int other = 0; other < cpu; other++)
		if (s->cpu_slab[other].slab == slab)
			return bad(s, slab, "cpus %u and %u share a slab", other, cpu);
	if (c->base != slab_objects_base(s, slab) ||
	    c->span != (unsigned long)slab->objects * s->size ||
	    c->node != page_to_nid(slab))
		return bad(s, slab, "cpu %u: cached slab geometry is stale", cpu);
	memset(seen, 0, slab->objects);
	if (!walk_freelist(s, slab, cpu_freelist(c), &ncpu, false) ||
	    !walk_freelist(s, slab, slab->freelist, &nslab, false))
		return false;
	if (nslab != slab->objects - slab->inuse || ncpu > slab->inuse)
		return bad(s, slab, "cpu %u: inuse %u of %u with %u free on the slab, %u on the cpu",
			   cpu, slab->inuse, slab->objects, nslab, ncpu);
	return true;
}

bool kmem_cache_is_valid(struct kmem_cache *s)
{
	unsigned long slabs[MAX_NUMNODES] = { 0 }, objects[MAX_NUMNODES] = { 0 };
	bool ok = true;

	if (!s)
		return true;
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++)
		ok &= cpu_slab_ok(s, cpu, slabs, objects);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct kmem_cache_node *n = &s->node[nid];

		ok &= node_lists_ok(s, nid, &slabs[nid], &objects[nid]);
		if (slabs[nid] != n->nr_slabs || objects[nid] != n->total_objects)
			ok = bad(s, NULL, "node %d: %lu slabs of %lu objects, counters %lu and %lu",
				 nid, slabs[nid], objects[nid], n->nr_slabs,
				 n->total_objects);
	}
	return ok;
}

bool slab_is_valid(void)
{
	struct list_head *pos;
	bool ok = true;

	if (!machine.booted)
		return true;
	list_for_each(pos, &slab_caches)
		ok &= kmem_cache_is_valid(list_entry(pos, struct kmem_cache, list));
	return ok;
}
