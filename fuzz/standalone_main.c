// SPDX-License-Identifier: GPL-2.0
/*
 * main() for a fuzz target built without an engine (the default gcc
 * build): runs LLVMFuzzerTestOneInput() once per file named on the command
 * line, as libFuzzer does when given files, so the target builds and runs
 * everywhere.  With --config=libfuzzer, libFuzzer's own main() is used.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		u8 *data;
		size_t size;

		if (read_file(argv[i], &data, &size)) {
			perror(argv[i]);
			return 2;
		}
		printf("Running: %s\n", argv[i]);
		fflush(stdout);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	printf("Executed %d inputs\n", argc - 1);
	return 0;
}
