// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/load.h"

int read_file(const char *path, u8 **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, len = 0;
	u8 *buf = NULL;

	if (!f)
		return -1;
	for (;;) {
		u8 *p = realloc(buf, cap);
		size_t n;

		if (!p) {
			free(buf);
			fclose(f);
			errno = ENOMEM;
			return -1;
		}
		buf = p;
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len < cap)
			break;
		cap *= 2;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return -1;
	}
	fclose(f);
	*data = buf;
	*size = len;
	return 0;
}

int prog_load(const u8 *data, size_t size, enum prog_form *form,
	      struct prog *prog, char *err, size_t errsize)
{
	if (*form == FORM_AUTO)
		*form = prog_looks_like_text(data, size) ? FORM_TEXT : FORM_BYTES;
	if (*form == FORM_BYTES) {
		prog_decode(data, size, prog);
		return 0;
	}
	return prog_parse((const char *)data, size, prog, err, errsize);
}

int prog_load_file(const char *path, struct prog *prog)
{
	enum prog_form form = FORM_AUTO;
	char err[512];
	size_t size;
	u8 *data;
	int ret;

	if (read_file(path, &data, &size)) {
		perror(path);
		return -1;
	}
	ret = prog_load(data, size, &form, prog, err, sizeof(err));
	if (ret)
		fprintf(stderr, "%s: %s\n", path, err);
	free(data);
	return ret;
}
