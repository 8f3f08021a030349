"""Compiler flags shared by every C target of mmfuzz.

Every cc_library, cc_binary and cc_test passes `copts = MMFUZZ_COPTS`.
Each flag is accepted by both gcc-12 (default build) and clang-14
(sanitizer and fuzzing builds); keep it that way when adding one.
"""

MMFUZZ_COPTS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wshadow",
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
    "-Wold-style-definition",
    "-Wpointer-arith",
    "-Wvla",
    "-Wformat=2",
    "-Wundef",
    "-Wwrite-strings",
    "-Wimplicit-fallthrough",
    "-Wnested-externs",
    "-Wno-unused-parameter",
    # Kernel semantics: Linux builds with -fno-strict-aliasing, and allocator
    # code reads the same memory through different types (free-list links
    # inside free objects, raw page-table entries).
    "-fno-strict-aliasing",
]
