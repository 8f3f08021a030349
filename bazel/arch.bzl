"""Per-architecture targets: mm/ is compiled once per arch/<name>/ backend.

Adding an architecture is adding arch/<name>/ (with a BUILD exporting
`:asm`) and its name to ARCHES; nothing in mm/ changes.
"""

load("//bazel:copts.bzl", "MMFUZZ_COPTS")

ARCHES = ["i386", "x86_64"]

def _for_arch(labels, arch):
    return [l.format(arch = arch) for l in labels]

def per_arch_cc_library(name, deps = [], copts = [], **kwargs):
    """A cc_library `<name>_<arch>` per arch; `{arch}` in deps is substituted.

    Every variant depends on the arch's headers, //arch/<arch>:asm; @copts
    come after MMFUZZ_COPTS.
    """
    for arch in ARCHES:
        native.cc_library(
            name = name + "_" + arch,
            deps = _for_arch(deps, arch) + ["//arch/" + arch + ":asm"],
            copts = MMFUZZ_COPTS + copts,
            **kwargs
        )

def per_arch_cc_binary(name, deps = [], **kwargs):
    """A cc_binary `<name>_<arch>` per arch; `{arch}` in deps is substituted."""
    for arch in ARCHES:
        native.cc_binary(
            name = name + "_" + arch,
            deps = _for_arch(deps, arch),
            copts = MMFUZZ_COPTS,
            **kwargs
        )

def per_arch_cc_test(name, deps = [], size = "small", **kwargs):
    """A cc_test `<name>_<arch>` per arch, and a test_suite `<name>` of them."""
    tests = []
    for arch in ARCHES:
        native.cc_test(
            name = name + "_" + arch,
            deps = _for_arch(deps, arch),
            copts = MMFUZZ_COPTS,
            size = size,
            **kwargs
        )
        tests.append(":" + name + "_" + arch)
    native.test_suite(name = name, tests = tests)

def arch_asm_library():
    """The `:asm` target of an arch/<name>/ backend: its <asm/...> headers."""
    native.cc_library(
        name = "asm",
        hdrs = native.glob(["include/asm/*.h"]),
        strip_include_prefix = "include",
        visibility = ["//visibility:public"],
        deps = ["//arch:contract"],
    )

    # Everything here, for tests that copy the tree (//oss-fuzz:ossfuzz_test).
    native.filegroup(
        name = "all_files",
        srcs = native.glob(["**"]),
        visibility = ["//oss-fuzz:__pkg__"],
    )
