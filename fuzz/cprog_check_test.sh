#!/usr/bin/env bash
# cprog_check_test BROKEN: a generated reproducer whose outcome was broken
# on purpose (fuzz/BUILD, :cprog_broken_c) reports both failures and exits 1.
out=$("$1")
rc=$?
echo "$out"
status=0
[ "$rc" = 1 ] || { echo "FAIL: exit $rc, not 1"; status=1; }
grep -q 'REPRODUCED: __free_pages(p1, 3): one REPORT_BAD_ORDER report' <<<"$out" ||
	{ echo "FAIL: the wrong report type went unnoticed"; status=1; }
grep -q 'REPRODUCED: free pages back at boot count (leak)' <<<"$out" ||
	{ echo "FAIL: the leak went unnoticed"; status=1; }
exit $status
