"""The fuzz targets, listed once.

Each name N is //fuzz:N_fuzz_<arch>, built from fuzz/N_fuzz.c, with seeds
in corpus/N/.  Scripts (mmfuzz, oss-fuzz/build.sh) ask Bazel for the list
(`bazel query 'attr(tags, fuzz_target, //fuzz:all)'`) or read it from
here; nothing else keeps a copy.
"""

FUZZ_TARGETS = ["buddy"]
