// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	      enum fuzz_target target, struct prog *prog, char *err, size_t errsize)
{
	if (*form == FORM_AUTO)
		*form = prog_looks_like_text(data, size) ? FORM_TEXT : FORM_BYTES;
	if (*form == FORM_BYTES) {
		prog_decode(data, size, target, prog);
		return 0;
	}
	return prog_parse((const char *)data, size, prog, err, errsize);
}

int prog_load_file(const char *path, enum fuzz_target target, struct prog *prog)
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
	ret = prog_load(data, size, &form, target, prog, err, sizeof(err));
	if (ret)
		fprintf(stderr, "%s: %s\n", path, err);
	free(data);
	return ret;
}

int target_option(const char *tool, int *argc, char ***argv, enum fuzz_target *target)
{
	int t;

	*target = TARGET_ALL;
	if (*argc < 3 || strcmp((*argv)[1], "--target"))
		return 0;
	t = fuzz_target_by_name((*argv)[2]);
	if (t < 0) {
		fprintf(stderr, "%s: no fuzz target '%s'\n", tool, (*argv)[2]);
		return -1;
	}
	*target = (enum fuzz_target)t;
	/* argv[0] stays: the rest moves down over the option. */
	(*argv)[2] = (*argv)[0];
	*argv += 2;
	*argc -= 2;
	return 0;
}
