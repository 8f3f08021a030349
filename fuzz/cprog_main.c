// SPDX-License-Identifier: GPL-2.0
/*
 * ./mmfuzz cprog: a program file (text or bytes) as a standalone C
 * reproducer (cprog.h).
 *
 *   mmfuzz_cprog [--target NAME] FILE [OUT]
 *
 * Exit status: 0 written (a warning on stderr names the ops that have no C
 * form yet, emitted as comments); 2 FILE cannot be read or parsed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/cprog.h"
#include "fuzz/load.h"

int main(int argc, char **argv)
{
	static struct prog prog;
	struct sbuf c = SBUF_INIT;
	unsigned int missing;
	enum fuzz_target target;
	FILE *out = stdout;

	if (target_option("mmfuzz_cprog", &argc, &argv, &target))
		return 2;
	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: mmfuzz_cprog [--target NAME] FILE [OUT]\n");
		return 2;
	}
	if (prog_load_file(argv[1], target, &prog))
		return 2;
	missing = prog_to_c(&prog, argv[1], &c);
	if (missing)
		fprintf(stderr, "mmfuzz_cprog: %u of %u ops have no C form yet: "
			"left as comments (\"no C form yet\")\n", missing, prog.nr_ops);
	if (argc == 3 && !(out = fopen(argv[2], "w"))) {
		perror(argv[2]);
		return 2;
	}
	fputs(sbuf_str(&c), out);
	sbuf_free(&c);
	if (out != stdout && fclose(out)) {
		perror(argv[2]);
		return 2;
	}
	return 0;
}
