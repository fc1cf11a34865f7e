#!/bin/bash
# Story: the agent is killed (SIGKILL) in the middle of a burst of
# changes, while it is sending their events: what it had sent and not
# seen acked is sent again by the agent that replaces it, the rest
# follows, and the changelog holds every change once, in order.  The
# admin's burst at the console goes on while no agent runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: SIGKILL of the agent in a burst; nothing lost, nothing twice"

ev_setup
ev_start U01 U02 U03 U04 U05 U06 U07 U08

for round in 1 2 3; do
	ev_names_file 800 "$E2E_DIR/burst$round.cmds"
	e2e_console SYS1 -q -b "$E2E_DIR/burst$round.cmds" \
		> "$E2E_DIR/burst$round.out" 2>&1 &
	burst=$!
	# Let the events flow, then kill the agent while they do.
	for i in $(seq 1 100); do
		e2e_console SYS1 -o DISPLAY 2>/dev/null | grep -q "IN FLIGHT [1-9]" && break
		sleep 0.02
	done
	kill -9 "$SYS1_PID"
	wait "$burst" || { cat "$E2E_DIR/burst$round.out"; e2e_fail "the burst failed"; }
	ev_restart SYS1
done
ev_drain
ev_cache_says "LOST 0 "
ev_verdict
# Some events came twice across the kills: the changelog kept one each.
expect_rc 0 "$ESMCTL" -s "$E2E_DIR/GW.sock" status
grep -o "received [0-9]* stored [0-9]* duplicates [0-9]*" "$E2E_DIR/last.out" | head -n 1
e2e_pass
