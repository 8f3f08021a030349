#!/usr/bin/env bash
# build_sh_test TARGETS_TXT SOURCE...: oss-fuzz/build.sh --print-sources
# names exactly the .c files among SOURCE (Bazel's srcs of the fuzz
# targets' libraries), and --print-targets exactly the lines of TARGETS_TXT.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
targets_txt=$1
shift
status=0
bazel_srcs=$(printf '%s\n' "$@" | grep '\.c$' | sort)
script_srcs=$(oss-fuzz/build.sh --print-sources)
if [ "$bazel_srcs" != "$script_srcs" ]; then
	echo "FAIL: build.sh and Bazel compile different sources (< Bazel, > build.sh):"
	diff <(echo "$bazel_srcs") <(echo "$script_srcs")
	status=1
fi
bazel_targets=$(sort "$targets_txt")
script_targets=$(oss-fuzz/build.sh --print-targets | sort)
if [ "$bazel_targets" != "$script_targets" ]; then
	echo "FAIL: build.sh's targets ($script_targets) are not Bazel's ($bazel_targets)"
	status=1
fi
[ $status = 0 ] && echo "OK: $(echo "$script_srcs" | wc -l) sources, targets: $script_targets"
exit $status
