#!/bin/bash
# Story: the console bulk-loads users while the agent serves; a slow
# gateway streams LISTUSER of every user with a window of one chunk; the
# agent is asked to stop in the middle and finishes the stream first.
. "$(dirname "$0")/lib.sh"
e2e_begin "streaming every user with flow control, graceful stop"

e2e_agent_conf SYS1
e2e_agent_start SYS1

# Load 2,000 users at the console while the agent answers requests.
"$ESMGEN" --users 2000 --seed 11 > "$E2E_DIR/load.cmds"
e2e_console SYS1 -q -b "$E2E_DIR/load.cmds" 2> "$E2E_DIR/load.err" &
loader=$!
for i in $(seq 1 20); do
	e2e_link SYS1 "SEARCH CLASS(USER) MASK(ESM)" > /dev/null || e2e_fail "agent stopped answering during the load"
done
wait "$loader" || { cat "$E2E_DIR/load.err"; e2e_fail "the bulk load failed"; }
grep -q ", 0 failed" "$E2E_DIR/load.err" \
	|| { tail "$E2E_DIR/load.err"; e2e_fail "bulk load reported failures"; }

# Many requests in flight at once on one link.
e2e_link SYS1 "SEARCH CLASS(USER)" > "$E2E_DIR/search.out" || e2e_fail "SEARCH failed"
grep -v -e '^IBMUSER$' -e '^ESMAGENT$' "$E2E_DIR/search.out" | head -200 \
	| sed 's/^/LISTUSER /' > "$E2E_DIR/few.cmds"
e2e_link SYS1 -j 8 -q < "$E2E_DIR/few.cmds" > "$E2E_DIR/few.out" || e2e_fail "concurrent LISTUSERs failed"
[ "$(grep -c 'RC=0' "$E2E_DIR/few.out")" = 200 ] || e2e_fail "not every concurrent LISTUSER answered RC=0"

# A slow gateway: one chunk of credit at a time, 20 ms between chunks.
e2e_link SYS1 --window 1 --pause-ms 20 "LISTUSER *" > "$E2E_DIR/all.out" 2>&1 &
client=$!
sleep 0.5
kill -TERM "$SYS1_PID"
wait "$client" || e2e_fail "the stream was cut by the stop (exit $?)"
n=$(grep -c '^USER=' "$E2E_DIR/all.out")
[ "$n" = 2002 ] || e2e_fail "LISTUSER * returned $n users, not 2002"
wait "$SYS1_PID"; rc=$?
[ "$rc" = 0 ] || e2e_fail "the agent exited $rc after SIGTERM"
grep -q "stop requested: finishing 1 requests" "$E2E_DIR/SYS1.log" \
	|| e2e_fail "the stop did not wait for the stream in flight"
grep -q "agent SYS1 stopped" "$E2E_DIR/SYS1.log" || e2e_fail "no clean stop line"

e2e_pass
