/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A growable string buffer for the text form and for violation reports.
 *
 * Allocation failure is sticky rather than fatal: the buffer keeps what it
 * has and sets @oom, so a printer never needs an error path per line.
 */
#ifndef _FUZZ_SBUF_H
#define _FUZZ_SBUF_H

#include <stddef.h>
#include <linux/types.h>

struct sbuf {
	char	*buf;		/* NUL-terminated once anything was added */
	size_t	len;
	size_t	cap;
	bool	oom;
};

#define SBUF_INIT	{ NULL, 0, 0, false }

/* Append printf-style text. */
void sbuf_printf(struct sbuf *sb, const char *fmt, ...) __printf(2, 3);
void sbuf_puts(struct sbuf *sb, const char *s);
/* The text so far, "" if empty; valid until the next append. */
const char *sbuf_str(const struct sbuf *sb);
void sbuf_reset(struct sbuf *sb);
void sbuf_free(struct sbuf *sb);

#endif /* _FUZZ_SBUF_H */
