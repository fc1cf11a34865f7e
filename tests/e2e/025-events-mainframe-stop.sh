#!/bin/bash
# Story: the mainframe side stops, agent and cache, for an IPL.  The
# agent is down, the admins' changes wait in the ring; the operator
# stops the cache (the ring goes to the journal) and the machine
# reboots (the shared memory is gone); a change made at the console
# before the agent is back follows the journal.  At start the journal
# comes back into the ring, and every change reaches the changelog
# once, in order.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: the mainframe side stops and reboots; the journal brings every change back"

SHM=/dev/shm/${E2E_DIR##*/}-SYS1
ev_setup
ev_start U01 U02 U03 U04

# --- The agent goes down first; the admins go on. -----------------------
kill -TERM "$SYS1_PID"
wait "$SYS1_PID"
ev_names 30
ev_cache_says "DEPTH 30 "

# --- The operator stops the cache; the machine reboots. -----------------
expect_rc 0 e2e_console SYS1 -o "STOP CACHE"
expect_out "ESMA250I CACHE STOPPED: 30 EVENTS MOVED TO THE JOURNAL"
[ -f "$SHM" ] || e2e_fail "no shared memory $SHM to lose"
rm -f "$SHM"
# Before the agent is back: the console's change follows the journal.
ev_names 5
ev_cache_says "JOURNAL .* RECORDS 35 "
ev_cache_says "DEPTH 0 "

# --- The agent starts: the journal comes back, the gateway gets all. ----
ev_restart SYS1
grep -q "event cache: 35 events restored from the journal" "$E2E_DIR/SYS1.log" ||
	e2e_fail "the journal did not come back into the ring at start"
ev_names 10
ev_drain
ev_cache_says "JOURNAL .* RECORDS 0 "
ev_cache_says "LOST 0 "
ev_verdict
e2e_pass
