#!/usr/bin/env bash
# Runs oss-fuzz/build.sh as OSS-Fuzz would, here, without Docker: a copy of
# the tree in $SRC/mmfuzz, empty $WORK and $OUT, and the variables
# OSS-Fuzz's base-builder sets for the engine and sanitizer (clang-14 and
# Debian's AFL++ instead of OSS-Fuzz's own builds of them).  Then checks the
# $OUT layout and runs every fuzzer over every input of its seed corpus.
#
#   oss-fuzz/check.sh [--engine libfuzzer|afl]... [--sanitizer address|undefined]...
#                     [--quick]
#
# Defaults: both engines, address.  --quick builds one simulated arch per
# engine (libFuzzer x86_64, AFL++ i386) instead of both: half the compiling,
# each arch and engine still built and run; //oss-fuzz:ossfuzz_test uses it.
# Exit 0 if every build and check passed.
# Used by ./mmfuzz ossfuzz-check and //oss-fuzz:ossfuzz_test.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
engines=() sanitizers=() quick=0
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1; shift ;;
	--engine) engines+=("${2:?}"); shift 2 ;;
	--sanitizer) sanitizers+=("${2:?}"); shift 2 ;;
	*) echo "usage: check.sh [--engine libfuzzer|afl]... [--sanitizer address|undefined]... [--quick]" >&2; exit 2 ;;
	esac
done
[ ${#engines[@]} -gt 0 ] || engines=(libfuzzer afl)
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(address)

fail() {
	echo "check.sh: FAIL: $*" >&2
	failed=1
}

# OSS-Fuzz's flags (infra/base-images/base-builder, SANITIZER_FLAGS_* and
# COVERAGE_FLAGS), for the sanitizers we build with.
common_cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
ubsan_checks=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound
ubsan_fatal=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound
sanitizer_flags() {
	case "$1" in
	address) echo "-fsanitize=address -fsanitize-address-use-after-scope" ;;
	undefined) echo "-fsanitize=$ubsan_checks -fno-sanitize-recover=$ubsan_fatal" ;;
	*) echo "check.sh: unknown sanitizer $1" >&2; exit 2 ;;
	esac
}

# One build in a fresh simulated environment; then the checks.
check_one() {
	local engine=$1 sanitizer=$2 env_dir
	env_dir=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/ossfuzz-$engine-$sanitizer.XXXXXX") || exit 2
	local SRC=$env_dir/src WORK=$env_dir/work OUT=$env_dir/out
	mkdir -p "$SRC/mmfuzz" "$WORK" "$OUT"
	# What the Dockerfile copies: the tree (only what a build reads).
	(cd "$ROOT" && cp -rL arch corpus faultinject fuzz mm oss-fuzz "$SRC/mmfuzz/") || exit 2

	local cflags cc cxx engine_lib sim_arches="i386 x86_64"
	cflags="$common_cflags $(sanitizer_flags "$sanitizer")"
	case "$engine" in
	libfuzzer)
		[ "$quick" = 0 ] || sim_arches=x86_64
		cc=clang cxx=clang++ engine_lib=-fsanitize=fuzzer
		cflags="$cflags -fsanitize=fuzzer-no-link"
		;;
	afl)
		# OSS-Fuzz builds AFL++'s driver as $LIB_FUZZING_ENGINE; Debian
		# ships it as libAFLDriver.a.
		[ "$quick" = 0 ] || sim_arches=i386
		cc=afl-clang-fast cxx=afl-clang-fast++ engine_lib=/usr/lib/afl/libAFLDriver.a
		;;
	*) echo "check.sh: unknown engine $engine" >&2; exit 2 ;;
	esac

	echo "check.sh: $engine/$sanitizer in $env_dir"
	if ! (cd "$SRC/mmfuzz" && env SRC="$SRC" WORK="$WORK" OUT="$OUT" \
		CC=$cc CXX=$cxx CFLAGS="$cflags" CXXFLAGS="$cflags" \
		LIB_FUZZING_ENGINE="$engine_lib" FUZZING_ENGINE="$engine" \
		SANITIZER="$sanitizer" ARCHITECTURE=x86_64 AFL_QUIET=1 \
		MMFUZZ_SIM_ARCHES="$sim_arches" \
		bash -eu "$SRC/mmfuzz/oss-fuzz/build.sh" >"$env_dir/build.log" 2>&1); then
		tail -n 30 "$env_dir/build.log" >&2
		fail "$engine/$sanitizer: build.sh failed"
		return
	fi

	local t arch fuzzer n_seeds n_zip
	for t in $(cd "$ROOT" && oss-fuzz/build.sh --print-targets); do
		n_seeds=$(ls "$ROOT"/corpus/"$t"/*.prog | wc -l)
		[ "$t" != all ] || n_seeds=$(ls "$ROOT"/corpus/*/*.prog | wc -l)
		for arch in $sim_arches; do
			fuzzer=${t}_fuzz_$arch
			[ -x "$OUT/$fuzzer" ] || { fail "no \$OUT/$fuzzer"; continue; }
			[ -s "$OUT/$fuzzer.dict" ] || fail "no \$OUT/$fuzzer.dict"
			grep -q '^max_len = [0-9]' "$OUT/$fuzzer.options" 2>/dev/null ||
				fail "no max_len in \$OUT/$fuzzer.options"
			n_zip=$(unzip -Z1 "$OUT/${fuzzer}_seed_corpus.zip" 2>/dev/null | grep -c '\.bin$')
			[ "$n_zip" = "$n_seeds" ] ||
				fail "$fuzzer: $n_zip seeds in the zip, $n_seeds in corpus/"
			# Every seed once, as the engine's own "run these files".
			rm -rf "$env_dir/seeds"
			mkdir "$env_dir/seeds"
			unzip -q "$OUT/${fuzzer}_seed_corpus.zip" -d "$env_dir/seeds"
			if ! UBSAN_OPTIONS=silence_unsigned_overflow=1 "$OUT/$fuzzer" \
				"$env_dir"/seeds/*.bin >"$env_dir/$fuzzer.log" 2>&1; then
				tail -n 30 "$env_dir/$fuzzer.log" >&2
				fail "$fuzzer ($engine/$sanitizer) failed on its seeds"
				continue
			fi
			echo "check.sh: $engine/$sanitizer $fuzzer: $n_zip seeds ran clean"
		done
	done
	# Layout: nothing in $OUT but what OSS-Fuzz expects of us.
	local stray
	stray=$(cd "$OUT" && ls | grep -v -E '^[a-z0-9_]+_fuzz_(i386|x86_64)(_seed_corpus\.zip|\.dict|\.options)?$')
	[ -z "$stray" ] || fail "unexpected files in \$OUT: $stray"
	[ "$failed" = 1 ] || rm -rf "$env_dir"
}

failed=0
for e in "${engines[@]}"; do
	for s in "${sanitizers[@]}"; do
		check_one "$e" "$s"
	done
done
[ "$failed" = 0 ] && echo "check.sh: OK" 
exit $failed
