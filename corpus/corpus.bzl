"""The build rules every corpus/<target>/ folder shares."""

load("//fuzz:targets.bzl", "FUZZ_TARGETS")

CONVERT = "//fuzz:mmfuzz_convert_x86_64"

def _to_bytes(name, seeds, target, outdir):
    native.genrule(
        name = name,
        srcs = seeds,
        outs = [outdir + s[:-len(".prog")] + ".bin" for s in seeds],
        cmd = "for f in $(SRCS); do " +
              "  n=$$(basename $$f .prog); " +
              "  $(location %s) --target %s --to-bytes $$f $(RULEDIR)/%s$$n.bin || exit 1; " % (CONVERT, target, outdir) +
              "done",
        tools = [CONVERT],
        visibility = ["//visibility:public"],
    )

def corpus_seeds(target):
    """Seeds of fuzz target @target, written as text (*.prog), and what the build makes of them.

    `:seeds` (the text), `:seeds_bin` (the target's byte form, which every
    engine needs, one <seed>.bin each; the byte form is the same for every
    arch, so any arch's converter makes it), `:all_bin` (the byte form of
    target `all`, under all/, which starts from every folder's seeds) and
    `:dict` (<target>.dict, a libFuzzer dictionary of the seeds' ops; the
    `all` folder's covers every folder's seeds).  A seed whose ops are not
    all the target's fails the build, naming the op.
    """
    if target not in FUZZ_TARGETS:
        fail("corpus/%s: not a fuzz target of fuzz/targets.bzl" % target)
    seeds = native.glob(["*.prog"])

    # Each seed by name too (//fuzz's C reproducer tests use some).
    native.exports_files(seeds, visibility = ["//visibility:public"])
    native.filegroup(
        name = "seeds",
        srcs = seeds,
        visibility = ["//visibility:public"],
    )
    _to_bytes("seeds_bin", seeds, target, "")
    dict_srcs = seeds
    if target == "all":
        dict_srcs = seeds + ["//corpus/%s:seeds" % t for t in FUZZ_TARGETS if t != "all"]
    else:
        _to_bytes("all_bin", seeds, "all", "all/")
    native.genrule(
        name = "dict",
        srcs = dict_srcs,
        outs = [target + ".dict"],
        cmd = "$(location %s) --target %s --dict $(SRCS) > $@" % (CONVERT, target),
        tools = [CONVERT],
        visibility = ["//visibility:public"],
    )
