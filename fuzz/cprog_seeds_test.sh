#!/usr/bin/env bash
# cprog_seeds_test CPROG SEED...: every seed's C reproducer is complete
# (mmfuzz_cprog warns of no op left as a "no C form yet" comment).
cprog=$1
shift
status=0
for seed in "$@"; do
	if ! warn=$("$cprog" "$seed" /dev/null 2>&1) || [ -n "$warn" ]; then
		echo "FAIL: $seed: $warn"
		status=1
	fi
done
[ $status = 0 ] && echo "$# seeds: every op has a C form"
exit $status
