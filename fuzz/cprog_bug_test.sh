#!/usr/bin/env bash
# cprog_bug_test REPRODUCER LINE: a reproducer run against mm/ with a
# deliberate bug in force (fuzz/BUILD, CPROG_BUGS) exits 1 and prints LINE
# (a prefix of one of its "REPRODUCED:" lines).
out=$("$1")
rc=$?
echo "$out"
status=0
[ "$rc" = 1 ] || { echo "FAIL: exit $rc, not 1"; status=1; }
grep -qF -- "$2" <<<"$out" || { echo "FAIL: no line starting \"$2\""; status=1; }
exit $status
