#!/usr/bin/env bash
# Installs, only if missing, the Debian packages mmfuzz builds and fuzzes with.
# Idempotent; runs apt-get update at most once; root or sudo; no prompts.
set -uo pipefail

# bazel-bootstrap: Bazel 4.2.x; gcc, g++: default toolchain (Bazel's C
# autoconfiguration also probes the C++ driver); clang, libclang-rt-14-dev:
# sanitizer and libFuzzer builds and runtimes; llvm: llvm-cov,
# llvm-profdata, llvm-symbolizer; afl++: the second fuzzing engine; zip,
# unzip: OSS-Fuzz seed corpora (oss-fuzz/build.sh and its test).
PACKAGES=(bazel-bootstrap gcc g++ clang libclang-rt-14-dev llvm afl++ git zip unzip)

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
	installed "$pkg" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
	say "all ${#PACKAGES[@]} packages present (${PACKAGES[*]})"
	exit 0
fi

command -v apt-get >/dev/null || die "apt-get not found; install by hand: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
	as_root=()
elif command -v sudo >/dev/null; then
	# Without a terminal (CI), never wait for a password prompt.
	if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
else
	die "not root and sudo not found; as root run: apt-get install ${missing[*]}"
fi

log=$(mktemp "${TMPDIR:-/tmp}/mmfuzz-setup.XXXXXX") || die "cannot create a log file"
trap 'rm -f "$log"' EXIT
apt() {
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get -y -q -o DPkg::Lock::Timeout=300 "$@" >"$log" 2>&1
}
fail() {
	tail -n 20 "$log" >&2
	die "$*"
}

say "missing: ${missing[*]}"
say "apt-get update"
apt update || fail "apt-get update failed (output above)"
say "apt-get install ${missing[*]}"
apt install --no-install-recommends "${missing[@]}" ||
	fail "apt-get install failed for: ${missing[*]} (output above)"

for pkg in "${missing[@]}"; do
	installed "$pkg" || die "$pkg still not installed after apt-get install"
	say "installed $pkg"
done
