"""The fuzz targets: one list, and the rules every target gets.

FUZZ_TARGETS is the one list of targets.  The C side (fuzz/op_table.c,
fuzz_targets[]) defines what each decodes to, in the same order; the
roundtrip test holds the two lists equal.  Shell scripts ask Bazel:

    bazel query 'attr(tags, "\\bfuzz_target\\b", //fuzz:all)'

lists the fuzz binaries, <target>_fuzz_<arch>.  Adding a target: a name
here, an entry in fuzz_targets[], a corpus/<target>/ folder with seeds.
"""

load("//bazel:arch.bzl", "per_arch_cc_test")
load("//bazel:fuzz.bzl", "fuzz_target")

FUZZ_TARGETS = [
    "all",
    "buddy",
    "slab",
    "vmalloc",
    "highmem",
    "process",
    "fault",
]

def seeds(target):
    return "//corpus/%s:seeds" % target

def seeds_bin(target):
    return "//corpus/%s:seeds_bin" % target

def fuzz_target_binaries(deps):
    """`<target>_fuzz_<arch>` for every target: target_fuzz.c built for it.

    fuzz_target() (//bazel:fuzz.bzl) links the configured engine's driver;
    the default build links standalone_main.c, so gcc builds it too.
    """
    for t in FUZZ_TARGETS:
        fuzz_target(
            name = t + "_fuzz",
            srcs = ["target_fuzz.c"],
            local_defines = ["FUZZ_TARGET=" + t],
            deps = deps,
        )

def corpus_replay_tests(replay):
    """`<target>_replay_<arch>`: every seed of corpus/<target>/, both forms.

    The byte form is the target's own; `all` also replays every other
    folder's seeds in its byte form (its decoder has every op).
    """
    for t in FUZZ_TARGETS:
        data = [seeds(t), seeds_bin(t)]
        if t == "all":
            data += ["//corpus/%s:all_bin" % o for o in FUZZ_TARGETS if o != "all"]
        per_arch_cc_test(
            name = t + "_replay",
            args = ["-q", "--target", t] + ["$(locations %s)" % d for d in data],
            data = data,
            deps = [replay],
        )
