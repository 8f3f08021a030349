"""fuzz_target(): one fuzz target, per arch, for whichever engine is built.

    --config=libfuzzer   a libFuzzer binary (libFuzzer's main())
    --config=afl|cmplog  an AFL++ binary (//fuzz:afl_driver: persistent mode,
                         test cases in shared memory)
    anything else        a standalone binary that runs the files it is given
                         (fuzz/standalone_main.c), so gcc builds and links it

The sources define LLVMFuzzerTestOneInput() and nothing else; the driver is
the configuration's.  Every variant is tagged "fuzz_target", which is how
scripts find them: bazel query 'attr(tags, fuzz_target, //fuzz:all)'.
"""

load("//bazel:arch.bzl", "ARCHES")
load("//bazel:copts.bzl", "MMFUZZ_COPTS")

# The engine's driver: a library for AFL++ (compiled apart, see
# fuzz/afl_main.c), a source file without an engine, libFuzzer's own.
_DRIVER_SRCS = select({
    "//fuzz:libfuzzer": [],
    "//fuzz:afl": [],
    "//fuzz:cmplog": [],
    "//conditions:default": ["//fuzz:standalone_main.c"],
})

_DRIVER_DEPS = select({
    "//fuzz:afl": ["//fuzz:afl_driver"],
    "//fuzz:cmplog": ["//fuzz:afl_driver"],
    "//conditions:default": [],
})

def fuzz_target(name, srcs, deps = [], tags = [], **kwargs):
    """`<name>_<arch>` per arch: a fuzz target for the configured engine.

    `{arch}` in deps is substituted, as per_arch_cc_binary() does.
    """
    for arch in ARCHES:
        native.cc_binary(
            name = name + "_" + arch,
            srcs = srcs + _DRIVER_SRCS,
            copts = MMFUZZ_COPTS,
            linkopts = select({
                "//fuzz:libfuzzer": ["-fsanitize=fuzzer"],
                "//conditions:default": [],
            }),
            tags = tags + ["fuzz_target"],
            deps = [d.format(arch = arch) for d in deps] + _DRIVER_DEPS,
            **kwargs
        )
