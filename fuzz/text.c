// SPDX-License-Identifier: GPL-2.0
/*
 * The text form: one call per line, printed from and parsed into the same
 * struct prog the byte form decodes to.
 *
 *   line    := [header | statement] ['#' comment]
 *   header  := "machine" KIND SIZE ["nodes=" N] ["cpus=" N] ["min_free_kbytes=" K]
 *   statement := ["p" N "="] NAME "(" [arg {"," arg}] ")"
 *   arg     := [KEY "="] value
 *
 * The parser is the only place user input meets fixed-size structures, so
 * it checks every length and range itself and never trusts a line to end.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fuzz/op_table.h"

#define MAX_LINE	1024
#define QUOTE_MAX	40

/* ---- printing ---------------------------------------------------------------- */

void prog_print_header(const struct prog_header *hdr, struct sbuf *sb)
{
	const struct machine_tmpl *t = &machine_tmpls[hdr->machine];

	sbuf_printf(sb, "machine %s %s nodes=%u cpus=%u", t->kind, t->size,
		    hdr->nr_nodes, hdr->nr_cpus);
	if (hdr->min_free)
		sbuf_printf(sb, " min_free_kbytes=%lu", min_free_choices[hdr->min_free]);
	if (hdr->slab_debug)
		sbuf_printf(sb, " slab_debug=%s", slab_debug_choices[hdr->slab_debug]);
}

void prog_print_op(const struct op *op, struct sbuf *sb)
{
	const struct op_desc *d = op_table[op->type];
	unsigned int v = 0;

	if (d->makes_slot)
		sbuf_printf(sb, "p%d = ", op->slot);
	sbuf_printf(sb, "%s(", d->name);
	for (unsigned int a = 0; a < d->nr_args; a++) {
		if (a)
			sbuf_puts(sb, ", ");
		if (d->args[a].key)
			sbuf_printf(sb, "%s=", d->args[a].key);
		arg_print(d->args[a].kind, &op->val[v], sb);
		v += arg_nr_vals(d->args[a].kind);
	}
	sbuf_puts(sb, ")");
}

void prog_print(const struct prog *prog, struct sbuf *sb)
{
	prog_print_header(&prog->hdr, sb);
	sbuf_puts(sb, "\n");
	for (unsigned int i = 0; i < prog->nr_ops; i++) {
		const struct op_desc *d = op_table[prog->ops[i].type];

		prog_print_op(&prog->ops[i], sb);
		if (d->expect < NR_REPORT_TYPES)
			sbuf_printf(sb, "  # misuse: expect a %s report",
				    report_type_name(d->expect));
		sbuf_puts(sb, "\n");
	}
}

/* ---- lexing helpers -------------------------------------------------------------- */

struct span {
	const char	*s;
	size_t		len;
};

static void span_trim(struct span *sp)
{
	while (sp->len && isspace((unsigned char)sp->s[0])) {
		sp->s++;
		sp->len--;
	}
	while (sp->len && isspace((unsigned char)sp->s[sp->len - 1]))
		sp->len--;
}

static bool span_is(struct span sp, const char *w)
{
	return sp.len == strlen(w) && !memcmp(sp.s, w, sp.len);
}

/* Split off the next whitespace-separated word of @sp. */
static struct span next_word(struct span *sp)
{
	struct span w;

	span_trim(sp);
	w.s = sp->s;
	w.len = 0;
	while (w.len < sp->len && !isspace((unsigned char)sp->s[w.len]))
		w.len++;
	sp->s += w.len;
	sp->len -= w.len;
	return w;
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* "key=value" with an identifier key: split it; false if @sp is not that. */
static bool split_key(struct span sp, struct span *key, struct span *val)
{
	size_t i = 0;

	while (i < sp.len && is_ident_char(sp.s[i]))
		i++;
	if (i == 0 || isdigit((unsigned char)sp.s[0]))
		return false;
	key->s = sp.s;
	key->len = i;
	while (i < sp.len && isspace((unsigned char)sp.s[i]))
		i++;
	if (i >= sp.len || sp.s[i] != '=')
		return false;
	val->s = sp.s + i + 1;
	val->len = sp.len - i - 1;
	span_trim(val);
	return true;
}

struct parser {
	struct prog	*prog;
	struct prog_ctx	ctx;
	bool		have_ops;
	bool		have_header;
	unsigned int	line;
	char		*err;
	size_t		errsize;
};

static int __printf(2, 3) perr(struct parser *p, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errsize, "line %u: %s", p->line, msg);
	return -1;
}

/* At most QUOTE_MAX characters of @sp, for error messages. */
#define QUOTE(sp)	(int)min((sp).len, (size_t)QUOTE_MAX), (sp).s

static bool parse_uint(struct span sp, unsigned long *out)
{
	unsigned long v = 0;

	if (!sp.len || sp.len > 12)
		return false;
	for (size_t i = 0; i < sp.len; i++) {
		if (!isdigit((unsigned char)sp.s[i]))
			return false;
		v = v * 10 + (unsigned long)(sp.s[i] - '0');
	}
	*out = v;
	return true;
}

/* ---- the header line ----------------------------------------------------------- */

static int parse_header(struct parser *p, struct span rest)
{
	struct prog_header *hdr = &p->prog->hdr;
	struct span kind, size, word;
	unsigned int t;

	if (p->have_header)
		return perr(p, "a second machine line");
	if (p->have_ops)
		return perr(p, "the machine line must come before the first op");
	kind = next_word(&rest);
	size = next_word(&rest);
	for (t = 0; t < NR_MACHINE_TMPLS; t++)
		if (span_is(kind, machine_tmpls[t].kind) && span_is(size, machine_tmpls[t].size))
			break;
	if (t == NR_MACHINE_TMPLS) {
		struct sbuf known = SBUF_INIT;

		for (unsigned int i = 0; i < NR_MACHINE_TMPLS; i++)
			sbuf_printf(&known, "%s'%s %s'", i ? ", " : "",
				    machine_tmpls[i].kind, machine_tmpls[i].size);
		perr(p, "unknown machine '%.*s %.*s'; known: %s", QUOTE(kind), QUOTE(size),
		     sbuf_str(&known));
		sbuf_free(&known);
		return -1;
	}
	hdr->machine = (u8)t;
	hdr->nr_nodes = 1;
	hdr->nr_cpus = 1;
	hdr->min_free = 0;
	hdr->slab_debug = 0;
	while ((word = next_word(&rest)).len) {
		struct span key, val;
		unsigned long v;
		unsigned int i;

		if (split_key(word, &key, &val) && span_is(key, "slab_debug")) {
			for (i = 1; i < NR_SLAB_DEBUG_CHOICES; i++)
				if (span_is(val, slab_debug_choices[i]))
					break;
			if (i == NR_SLAB_DEBUG_CHOICES)
				return perr(p, "slab_debug=%.*s: one of F, FZPU", QUOTE(val));
			hdr->slab_debug = (u8)i;
			continue;
		}
		if (!split_key(word, &key, &val) || !parse_uint(val, &v))
			return perr(p, "'%.*s' is not key=number", QUOTE(word));
		if (span_is(key, "nodes")) {
			if (v < 1 || v > machine_tmpls[t].max_nodes)
				return perr(p, "nodes=%lu: machine %s %s takes 1..%u nodes", v,
					    machine_tmpls[t].kind, machine_tmpls[t].size,
					    machine_tmpls[t].max_nodes);
			hdr->nr_nodes = (u8)v;
		} else if (span_is(key, "cpus")) {
			if (v < 1 || v > 8)
				return perr(p, "cpus=%lu: 1..8 CPUs", v);
			hdr->nr_cpus = (u8)v;
		} else if (span_is(key, "min_free_kbytes")) {
			for (i = 0; i < NR_MIN_FREE_CHOICES; i++)
				if (min_free_choices[i] == v)
					break;
			if (i == NR_MIN_FREE_CHOICES)
				return perr(p, "min_free_kbytes=%lu: one of 0 (default), 128, 1024, 16384", v);
			hdr->min_free = (u8)i;
		} else {
			return perr(p, "unknown machine option '%.*s' (nodes=, cpus=, min_free_kbytes=, slab_debug=)",
				    QUOTE(key));
		}
	}
	p->have_header = true;
	prog_ctx_init(&p->ctx, hdr);
	return 0;
}

/* ---- statements ------------------------------------------------------------------ */

#define MAX_CALL_ARGS	8

struct call {
	struct span	name;
	unsigned int	nr;
	struct span	arg[MAX_CALL_ARGS];	/* whole "key=value" or value */
};

static int split_call(struct parser *p, struct span sp, struct call *c)
{
	size_t open = 0, depth = 0;
	struct span inner;
	const char *start;

	while (open < sp.len && sp.s[open] != '(')
		open++;
	c->name.s = sp.s;
	c->name.len = open;
	span_trim(&c->name);
	if (open == sp.len)
		return perr(p, "'%.*s' is not a call: no '('", QUOTE(sp));
	if (sp.s[sp.len - 1] != ')')
		return perr(p, "'%.*s': a call must end with ')'", QUOTE(sp));
	if (!c->name.len)
		return perr(p, "a call needs a name before '('");
	for (size_t i = 0; i < c->name.len; i++)
		if (!is_ident_char(c->name.s[i]))
			return perr(p, "'%.*s' is not a function name", QUOTE(c->name));
	inner.s = sp.s + open + 1;
	inner.len = sp.len - open - 2;
	c->nr = 0;
	span_trim(&inner);
	if (!inner.len)
		return 0;
	start = inner.s;
	for (size_t i = 0; i <= inner.len; i++) {
		char ch = i < inner.len ? inner.s[i] : ',';

		if (ch == '(') {
			depth++;
		} else if (ch == ')') {
			if (!depth)
				return perr(p, "unbalanced ')' in the arguments");
			depth--;
		} else if (ch == ',' && !depth) {
			struct span a = { start, (size_t)(inner.s + i - start) };

			span_trim(&a);
			if (!a.len)
				return perr(p, "empty argument %u", c->nr + 1);
			if (c->nr == MAX_CALL_ARGS)
				return perr(p, "more than %d arguments", MAX_CALL_ARGS);
			c->arg[c->nr++] = a;
			start = inner.s + i + 1;
		}
	}
	if (depth)
		return perr(p, "unbalanced '(' in the arguments");
	return 0;
}

/* How a candidate failed: the further it got, the better its error. */
struct attempt {
	int	score;
	char	msg[320];
};

static void __printf(3, 4) attempt_fail(struct attempt *at, int score, const char *fmt, ...)
{
	va_list ap;

	at->score = score;
	va_start(ap, fmt);
	vsnprintf(at->msg, sizeof(at->msg), fmt, ap);
	va_end(ap);
}

static void usage(const struct op_desc *d, struct sbuf *sb)
{
	sbuf_printf(sb, "%s(", d->name);
	for (unsigned int a = 0; a < d->nr_args; a++) {
		if (a)
			sbuf_puts(sb, ", ");
		if (d->args[a].key)
			sbuf_printf(sb, "%s=", d->args[a].key);
		sbuf_puts(sb, arg_kind_name(d->args[a].kind));
	}
	sbuf_puts(sb, ")");
}

/* Try entry @type on @c; 0 and @op filled, or -1 with @at set. */
static int try_op(struct parser *p, unsigned int type, const struct call *c,
		  struct op *op, struct attempt *at)
{
	const struct op_desc *d = op_table[type];
	struct span vals[OP_MAX_ARGS];
	unsigned int npos = 0, pos_seen = 0, v = 0;
	const char *why;

	for (unsigned int a = 0; a < d->nr_args; a++)
		if (!d->args[a].key)
			npos++;
	/* Positional arguments first, in order; then keys in any order. */
	for (unsigned int i = 0; i < c->nr; i++) {
		struct span key, val;

		if (split_key(c->arg[i], &key, &val))
			continue;
		if (i != pos_seen) {
			attempt_fail(at, 0, "positional argument after key=value");
			return -1;
		}
		pos_seen++;
	}
	if (pos_seen != npos) {
		attempt_fail(at, 0, "takes %u argument%s%s", npos, npos == 1 ? "" : "s",
			     npos == d->nr_args ? "" : " before the key=value ones");
		return -1;
	}
	for (unsigned int i = npos; i < c->nr; i++) {
		struct span key, val;
		bool known = false;

		split_key(c->arg[i], &key, &val);
		for (unsigned int a = 0; a < d->nr_args; a++)
			known |= d->args[a].key && span_is(key, d->args[a].key);
		if (!known) {
			attempt_fail(at, 1, "unknown argument '%.*s='", QUOTE(key));
			return -1;
		}
	}
	for (unsigned int a = 0, pi = 0; a < d->nr_args; a++) {
		if (!d->args[a].key) {
			vals[a] = c->arg[pi++];
			continue;
		}
		vals[a].s = NULL;
		for (unsigned int i = npos; i < c->nr; i++) {
			struct span key, val;

			if (!split_key(c->arg[i], &key, &val) || !span_is(key, d->args[a].key))
				continue;
			if (vals[a].s) {
				attempt_fail(at, 1, "%s= given twice", d->args[a].key);
				return -1;
			}
			vals[a] = val;
		}
		if (!vals[a].s) {
			attempt_fail(at, 1, "missing %s=", d->args[a].key);
			return -1;
		}
	}
	memset(op, 0, sizeof(*op));
	op->type = (u16)type;
	op->slot = -1;
	for (unsigned int a = 0; a < d->nr_args; a++) {
		char err[256] = "";
		int ret = arg_parse(d->args[a].kind, &p->ctx, vals[a].s, vals[a].len,
				    op->val, &op->val[v], err, sizeof(err));

		if (ret == -1) {
			attempt_fail(at, 2 + 2 * (int)a, "%s%s'%.*s' is not %s",
				     d->args[a].key ? d->args[a].key : "",
				     d->args[a].key ? ": " : "", QUOTE(vals[a]),
				     arg_kind_name(d->args[a].kind));
			return -1;
		}
		if (ret) {
			attempt_fail(at, 3 + 2 * (int)a, "%s", err);
			return -1;
		}
		v += arg_nr_vals(d->args[a].kind);
	}
	/*
	 * The arguments fit; the context may not (a preempt_enable() with
	 * nothing to enable): the closest miss of all, so its message wins.
	 */
	if ((d->ctx_pop || d->ctx_push || d->ctx_absent) &&
	    !prog_ctx_op_fits(&p->ctx, d, &why)) {
		attempt_fail(at, 4 + 2 * (int)d->nr_args, "not here: %s", why);
		return -1;
	}
	return 0;
}

static int parse_statement(struct parser *p, struct span sp)
{
	struct span lhs = { NULL, 0 }, rhs = sp;
	struct attempt best = { -1, "" };
	struct call c;
	bool known = false;
	struct op op;

	/* "pN = call(...)": an '=' before the first '(' assigns. */
	for (size_t i = 0; i < sp.len && sp.s[i] != '('; i++) {
		if (sp.s[i] != '=')
			continue;
		lhs.s = sp.s;
		lhs.len = i;
		rhs.s = sp.s + i + 1;
		rhs.len = sp.len - i - 1;
		span_trim(&lhs);
		span_trim(&rhs);
		break;
	}
	if (split_call(p, rhs, &c))
		return -1;
	for (unsigned int t = 0; t < nr_op_table; t++) {
		struct attempt at;

		if (!span_is(c.name, op_table[t]->name))
			continue;
		known = true;
		if (try_op(p, t, &c, &op, &at) == 0) {
			best.score = -2;
			break;
		}
		if (at.score > best.score)
			best = at;
	}
	if (!known) {
		struct sbuf names = SBUF_INIT;

		for (unsigned int t = 0; t < nr_op_table; t++)
			if (!strstr(sbuf_str(&names), op_table[t]->name))
				sbuf_printf(&names, "%s%s", t ? ", " : "", op_table[t]->name);
		perr(p, "unknown call '%.*s'; known: %s", QUOTE(c.name), sbuf_str(&names));
		sbuf_free(&names);
		return -1;
	}
	if (best.score != -2) {
		struct sbuf forms = SBUF_INIT;

		if (best.score > 0)
			return perr(p, "%.*s(): %s", QUOTE(c.name), best.msg);
		for (unsigned int t = 0; t < nr_op_table; t++) {
			if (!span_is(c.name, op_table[t]->name))
				continue;
			sbuf_puts(&forms, forms.len ? " or " : "");
			usage(op_table[t], &forms);
		}
		perr(p, "%.*s(): %s; expected %s", QUOTE(c.name), best.msg, sbuf_str(&forms));
		sbuf_free(&forms);
		return -1;
	}

	if (op_table[op.type]->makes_slot) {
		char want[16];

		snprintf(want, sizeof(want), "p%u", p->ctx.nr_slots);
		if (!lhs.s)
			return perr(p, "%s() allocates: write '%s = %.*s(...)'",
				    op_table[op.type]->name, want, QUOTE(c.name));
		if (!span_is(lhs, want))
			return perr(p, "this is allocation number %u, so its result is %s, not '%.*s'",
				    p->ctx.nr_slots, want, QUOTE(lhs));
		op.slot = (int16_t)p->ctx.nr_slots;
	} else if (lhs.s) {
		return perr(p, "%s() returns nothing to assign", op_table[op.type]->name);
	}
	if (p->prog->nr_ops >= PROG_MAX_OPS)
		return perr(p, "more than %d ops", PROG_MAX_OPS);
	p->prog->ops[p->prog->nr_ops++] = op;
	prog_ctx_apply(&p->ctx, &op);
	p->have_ops = true;
	return 0;
}

static int parse_line(struct parser *p, struct span sp)
{
	struct span first, rest;

	for (size_t i = 0; i < sp.len; i++) {
		unsigned char ch = (unsigned char)sp.s[i];

		if (ch == '#') {
			sp.len = i;
			break;
		}
		if (!isprint(ch) && ch != '\t' && ch != '\r')
			return perr(p, "unexpected byte 0x%02x in column %zu", ch, i + 1);
	}
	span_trim(&sp);
	if (!sp.len)
		return 0;
	if (sp.len > MAX_LINE)
		return perr(p, "line longer than %d characters", MAX_LINE);
	rest = sp;
	first = next_word(&rest);
	if (span_is(first, "machine"))
		return parse_header(p, rest);
	return parse_statement(p, sp);
}

int prog_parse(const char *text, size_t len, struct prog *prog, char *err,
	       size_t errsize)
{
	struct parser p = { .prog = prog, .err = err, .errsize = errsize };
	u8 zero[PROG_HEADER_BYTES] = { 0 };
	size_t pos = 0;

	memset(prog, 0, sizeof(*prog));
	prog_header_decode(zero, &prog->hdr);
	prog_ctx_init(&p.ctx, &prog->hdr);
	if (errsize)
		err[0] = '\0';
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct span sp = { text + pos, end - pos };

		p.line++;
		if (parse_line(&p, sp))
			return -1;
		pos = end + 1;
	}
	prog->nr_slots = p.ctx.nr_slots;
	return 0;
}

bool prog_looks_like_text(const u8 *data, size_t size)
{
	size_t i = 0;

	/* Bytes above 0x7f may be UTF-8 in comments; control bytes never. */
	for (size_t j = 0; j < size; j++)
		if (data[j] < 0x80 && !isprint(data[j]) && !isspace(data[j]))
			return false;
	while (i < size && isspace(data[i]))
		i++;
	if (i == size)
		return size > 0;
	return data[i] == '#' ||
	       (size - i >= 8 && !memcmp(data + i, "machine", 7) && isspace(data[i + 7]));
}
