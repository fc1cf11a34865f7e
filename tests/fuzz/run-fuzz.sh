#!/bin/sh
# run-fuzz.sh NAME FUZZDIR MAXLEN SRCDIR - run the clang harness
# FUZZDIR/fuzz_NAME for $FUZZ_TIME seconds (make fuzz).
#
# New inputs that reach new code go to FUZZDIR/corpus/NAME (the build
# tree's working corpus, kept between runs); the seeds in
# SRCDIR/tests/fuzz/corpus/NAME are read, never written.  A crash, leak,
# UB report, timeout or out-of-memory input is written to
# SRCDIR/tests/fuzz/crashes/NAME/, where make check replays it from then
# on: fix the bug and commit the file with the fix.
set -u

name=$1
fuzzdir=$2
maxlen=$3
srcdir=$4
time=${FUZZ_TIME:-60}

seeds=$srcdir/tests/fuzz/corpus/$name
crashes=$srcdir/tests/fuzz/crashes/$name
work=$fuzzdir/corpus/$name
log=$fuzzdir/fuzz_$name.log

mkdir -p "$work" "$crashes" || exit 1
before=$(ls "$crashes" | wc -l)
echo "fuzz_$name: ${time}s, inputs up to ${maxlen:-4096} bytes (log: $log)"
# A harness that takes more than 10s on one input has hung; 2 GB is
# far above anything a parser of bounded input should need.
"$fuzzdir/fuzz_$name" -max_total_time="$time" -max_len="${maxlen:-4096}" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$work" "$seeds" >"$log" 2>&1
rc=$?
after=$(ls "$crashes" | wc -l)
if [ "$rc" -ne 0 ] || [ "$after" -ne "$before" ]; then
	echo "FAIL: fuzz_$name (exit $rc); the report:"
	grep -aE 'ERROR|SUMMARY|Test unit written|property failed' "$log" |
	    head -n 20
	echo "new inputs in $crashes:"
	ls -t "$crashes" | head -n $((after - before > 0 ? after - before : 1))
	echo "replay one: tests/fuzz/fuzz_$name $crashes/FILE"
	exit 1
fi
grep -aE '^stat::(number_of_executed_units|new_units_added)' "$log" |
    sed "s/^/fuzz_$name: /"
echo "PASS: fuzz_$name"
