"""The build rules every corpus/<name>/ folder shares."""

CONVERT = "//fuzz:mmfuzz_convert_x86_64"

def corpus_seeds(name):
    """Seeds written as text (*.prog) and what the build makes of them.

    `:seeds` (the text), `:seeds_bin` (the byte form every engine needs,
    one <seed>.bin each; the byte form is the same for every arch, so any
    arch's converter makes it) and `:dict` (<name>.dict, a libFuzzer
    dictionary of the seeds' ops).
    """
    seeds = native.glob(["*.prog"])

    # Each seed by name too (//fuzz's C reproducer tests use some).
    native.exports_files(seeds, visibility = ["//visibility:public"])
    native.filegroup(
        name = "seeds",
        srcs = seeds,
        visibility = ["//visibility:public"],
    )
    native.genrule(
        name = "seeds_bin",
        srcs = seeds,
        outs = [s[:-len(".prog")] + ".bin" for s in seeds],
        cmd = "for f in $(SRCS); do " +
              "  n=$$(basename $$f .prog); " +
              "  $(location %s) --to-bytes $$f $(RULEDIR)/$$n.bin || exit 1; " % CONVERT +
              "done",
        tools = [CONVERT],
        visibility = ["//visibility:public"],
    )
    native.genrule(
        name = "dict",
        srcs = seeds,
        outs = [name + ".dict"],
        cmd = "$(location %s) --dict $(SRCS) > $@" % CONVERT,
        tools = [CONVERT],
        visibility = ["//visibility:public"],
    )
