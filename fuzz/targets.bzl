"""The fuzz targets: one list, and the rules every target gets.

FUZZ_TARGETS is the one list of targets.  The C side (fuzz/op_table.c,
fuzz_targets[]) defines what each decodes to, in the same order; the
roundtrip test holds the two lists equal.  Shell scripts ask Bazel:

    bazel query 'attr(tags, mmfuzz_fuzz_target, //fuzz:all)'

lists the fuzz binaries, <target>_fuzz_<arch>.  Adding a target: a name
here, an entry in fuzz_targets[], a corpus/<target>/ folder with seeds.
"""

load("//bazel:arch.bzl", "per_arch_cc_binary", "per_arch_cc_test")

FUZZ_TARGETS = [
    "all",
    "buddy",
    "slab",
    "vmalloc",
    "highmem",
    "process",
    "fault",
]

# The tag ./mmfuzz looks the fuzz binaries up by.
FUZZ_TARGET_TAG = "mmfuzz_fuzz_target"

def seeds(target):
    return "//corpus/%s:seeds" % target

def seeds_bin(target):
    return "//corpus/%s:seeds_bin" % target

def fuzz_target_binaries(deps):
    """`<target>_fuzz_<arch>` for every target: target_fuzz.c built for it.

    Under --config=libfuzzer a libFuzzer binary; otherwise it runs the
    files it is given (standalone_main.c), so the default build links it.
    """
    for t in FUZZ_TARGETS:
        per_arch_cc_binary(
            name = t + "_fuzz",
            srcs = ["target_fuzz.c"] + select({
                ":libfuzzer": [],
                "//conditions:default": ["standalone_main.c"],
            }),
            local_defines = ["FUZZ_TARGET=" + t],
            linkopts = select({
                ":libfuzzer": ["-fsanitize=fuzzer"],
                "//conditions:default": [],
            }),
            tags = [FUZZ_TARGET_TAG],
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
