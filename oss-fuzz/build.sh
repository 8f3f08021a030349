#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script for mmfuzz.
#
# OSS-Fuzz runs it in its base-builder image, from $SRC/mmfuzz (the
# Dockerfile's WORKDIR), with $CC, $CXX, $CFLAGS, $CXXFLAGS,
# $LIB_FUZZING_ENGINE, $SANITIZER, $FUZZING_ENGINE and $ARCHITECTURE set
# for one engine and sanitizer, and collects $OUT:
#
#   $OUT/<target>_fuzz_<arch>                  one fuzzer per target and arch
#   $OUT/<target>_fuzz_<arch>_seed_corpus.zip  the seeds, in byte form
#   $OUT/<target>_fuzz_<arch>.dict             the seeds' ops as tokens
#   $OUT/<target>_fuzz_<arch>.options          libFuzzer's max_len
#
# <arch> is the *simulated* architecture (i386, x86_64: arch/<arch>/), not
# OSS-Fuzz's $ARCHITECTURE: both are compiled for the host, so one x86_64
# build holds both simulated arches (see project.yaml on i386).
#
# Why not Bazel: the builders have no Bazel, and ours is offline and
# Debian's.  So this compiles the sources directly, but never from a copy of
# Bazel's lists: the sources are the same globs the BUILD files use or the
# files they list (mm/*.c, faultinject/*.c, fuzz/*.c but the tests, the
# mains and the targets), and //oss-fuzz:build_sh_test checks in
# `bazel test //...` that `build.sh --print-sources` names exactly the C
# files Bazel compiles into the fuzz targets, and that the targets are
# fuzz/targets.bzl's.
#
#   oss-fuzz/build.sh --print-sources   the C sources, one per line
#   oss-fuzz/build.sh --print-targets   the fuzz targets (fuzz/targets.bzl)

ROOT=${MMFUZZ_ROOT:-$(pwd)}
cd "$ROOT"
[ -f fuzz/targets.bzl ] || { echo "build.sh: run from the mmfuzz tree" >&2; exit 1; }

# Both simulated arches; MMFUZZ_SIM_ARCHES narrows it (oss-fuzz/check.sh,
# to keep its test quick), OSS-Fuzz never sets it.
SIM_ARCHES=${MMFUZZ_SIM_ARCHES:-i386 x86_64}

# fuzz/targets.bzl: FUZZ_TARGETS = ["all", ...] (one line or several).
targets() {
	sed -n '/^FUZZ_TARGETS *=/,/]/p' fuzz/targets.bzl | grep -o '"[a-z0-9_]*"' | tr -d '"'
}

# The C sources of every fuzz target but fuzz/target_fuzz.c, which is
# compiled once per target with -DFUZZ_TARGET=<target>:
# arch-independent ones (compiled once) and per-arch ones.
common_srcs() {
	ls faultinject/*.c
}
arch_srcs() {
	ls mm/*.c
	ls fuzz/*.c | grep -v -e '_test\.c$' -e '_main\.c$' -e '_fuzz\.c$'
}

case "${1:-}" in
--print-sources) { common_srcs; arch_srcs; } | sort; exit 0 ;;
--print-targets) targets; exit 0 ;;
"") ;;
*) echo "usage: build.sh [--print-sources|--print-targets]" >&2; exit 2 ;;
esac

: "${CC:?}" "${CXX:?}" "${OUT:?}" "${WORK:?}" "${LIB_FUZZING_ENGINE:?}"
CFLAGS=${CFLAGS:-}
CXXFLAGS=${CXXFLAGS:-}
JOBS=$(nproc 2>/dev/null || echo 1)

# Flags that change the meaning of the code, as bazel/copts.bzl and
# .bazelrc set them; the warnings stay Bazel's business (-Werror would make
# the build depend on OSS-Fuzz's clang version).
MM_CFLAGS="-std=gnu11 -fno-strict-aliasing"
includes() {
	echo "-I. -Imm/include -Ifaultinject/include -Iarch/$1/include"
}

# Compile $3... into objects under $WORK/obj/$1 with the includes of arch $2,
# $JOBS at a time; prints the objects; fails if any compile failed.
compile() {
	local dir=$WORK/obj/$1 arch=$2 src obj pid failed=0
	shift 2
	mkdir -p "$dir"
	for src in "$@"; do
		obj=$dir/$(echo "${src%.c}" | tr / _).o
		echo "$obj"
		# shellcheck disable=SC2046
		$CC $CFLAGS $MM_CFLAGS $(includes "$arch") -c "$src" -o "$obj" >&2 &
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
			wait -n || failed=1
		done
	done
	for pid in $(jobs -p); do
		wait "$pid" || failed=1
	done
	return $failed
}

echo "build.sh: $FUZZING_ENGINE/${SANITIZER:-?} with $CC; targets: $(targets | tr '\n' ' ')"
# shellcheck disable=SC2046
common_objs=$(compile common x86_64 $(common_srcs))

rm -f "$WORK/mmfuzz_convert"
for arch in $SIM_ARCHES; do
	# shellcheck disable=SC2046
	objs=$(compile "$arch" "$arch" $(arch_srcs))
	for t in $(targets); do
		fuzzer=${t}_fuzz_$arch
		$CC $CFLAGS $MM_CFLAGS $(includes "$arch") -DFUZZ_TARGET="$t" -c fuzz/target_fuzz.c \
			-o "$WORK/obj/$fuzzer.o"
		# Linked by $CXX, as OSS-Fuzz wants: the engines' runtimes are C++.
		# shellcheck disable=SC2086
		$CXX $CXXFLAGS "$WORK/obj/$fuzzer.o" $objs $common_objs \
			$LIB_FUZZING_ENGINE -o "$OUT/$fuzzer"
	done
	# The converter that makes the byte-form seeds and the dictionary
	# (the same bytes whichever arch it is built for).  It runs here, on
	# the build machine: the same objects and $CFLAGS, its own main().
	if [ ! -x "$WORK/mmfuzz_convert" ]; then
		# shellcheck disable=SC2086
		$CC $CFLAGS $MM_CFLAGS $(includes "$arch") fuzz/convert_main.c \
			$objs $common_objs -o "$WORK/mmfuzz_convert"
	fi
done

# Seeds, dictionaries, options: the same for both arches (the byte form is
# the arch's business only at run time), in the target's byte form.  The
# all target runs every layer's ops, so every folder's seeds are its seeds
# (as ./mmfuzz fuzz).
for t in $(targets); do
	seeds=$WORK/seeds/$t
	rm -rf "$seeds"
	mkdir -p "$seeds"
	progs=$(ls corpus/"$t"/*.prog)
	[ "$t" != all ] || progs=$(ls corpus/*/*.prog)
	for p in $progs; do
		"$WORK/mmfuzz_convert" --target "$t" --to-bytes "$p" "$seeds/$(basename "$(dirname "$p")")_$(basename "$p" .prog).bin"
	done
	for arch in $SIM_ARCHES; do
		fuzzer=${t}_fuzz_$arch
		rm -f "$OUT/${fuzzer}_seed_corpus.zip"
		zip -q -j "$OUT/${fuzzer}_seed_corpus.zip" "$seeds"/*.bin
		# shellcheck disable=SC2086
		"$WORK/mmfuzz_convert" --target "$t" --dict $progs >"$OUT/$fuzzer.dict"
		printf '[libfuzzer]\nmax_len = %s\n' "$("$WORK/mmfuzz_convert" --max-len)" \
			>"$OUT/$fuzzer.options"
	done
done
echo "build.sh: $(ls "$OUT" | wc -l) files in \$OUT"
