/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a program from a file, in either form, for the command-line tools. */
#ifndef _FUZZ_LOAD_H
#define _FUZZ_LOAD_H

#include "fuzz/prog.h"

enum prog_form {
	FORM_AUTO,	/* text if prog_looks_like_text(), else bytes */
	FORM_TEXT,
	FORM_BYTES,
};

/* The whole of @path into a malloc()ed buffer; 0, or -1 with errno set. */
int read_file(const char *path, u8 **data, size_t *size);

/**
 * prog_load() - a program from @data in @form.
 * @form: FORM_AUTO is resolved and written back.
 * @target: whose opcode bytes the byte form holds (the text form is universal).
 * Return: 0, or -1 with @err set (a text parse error, with its line).
 */
int prog_load(const u8 *data, size_t size, enum prog_form *form,
	      enum fuzz_target target, struct prog *prog, char *err, size_t errsize);

/**
 * prog_load_file() - read_file() and prog_load() in either form, for tools.
 * @target: whose byte form a byte file is in.
 * Context: a command-line tool; what went wrong is printed to stderr with
 * @path (an errno message, or the parse error and its line).
 * Return: 0, or -1.
 */
int prog_load_file(const char *path, enum fuzz_target target, struct prog *prog);

/**
 * target_option() - a leading "--target NAME" of a tool's arguments.
 * @tool: the tool's name, for the error.
 * Consumes the two arguments from @argc and @argv when present.
 * Return: 0 with @target set (TARGET_ALL without the option), or -1 after
 * printing an error naming an unknown target.
 */
int target_option(const char *tool, int *argc, char ***argv, enum fuzz_target *target);

#endif /* _FUZZ_LOAD_H */
