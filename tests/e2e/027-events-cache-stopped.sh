#!/bin/bash
# Story: an admin stops the cache while events are on their way.  The
# gateway is slow (frozen) so thirty events have been sent and not
# acknowledged when STOP CACHE moves the ring to the journal; changes
# go on into the journal.  The gateway then stores the thirty and acks
# them, which the stopped cache cannot take yet; START CACHE brings the
# journal back, the held ack is given again, the rest is sent, and the
# changelog holds every change once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: an admin stops the cache with events in flight; all recovered once"

ev_setup
ev_start U01 U02 U03

# --- A frozen gateway: the agent sends, nothing is acked. ---------------
kill -STOP "$GW_PID"
ev_names 30
ev_display_until "IN FLIGHT 30 "
grep -q "ESMA206I GATEWAY .* UP .* SENT 34 ACKED 4 IN FLIGHT 30 " "$E2E_DIR/display.out" ||
	{ cat "$E2E_DIR/display.out"; kill -CONT "$GW_PID"; e2e_fail "the thirty events were not in flight"; }

# --- The admin stops the cache; changes go on, into the journal. --------
expect_rc 0 e2e_console SYS1 -o "STOP CACHE"
expect_out "ESMA250I CACHE STOPPED: 30 EVENTS MOVED TO THE JOURNAL"
ev_names 10
ev_cache_says "STOPPED SLOTS 4096 DEPTH 0 "
ev_cache_says "JOURNAL .* RECORDS 40 "

# --- The gateway wakes: it stores the thirty, the cache holds the ack. ---
kill -CONT "$GW_PID"
ev_display_until "ACKED 34 IN FLIGHT 0 " ||
	{ cat "$E2E_DIR/display.out"; e2e_fail "the gateway did not ack the thirty"; }
ev_cache_says "CONSUMER GW-127.0.0.1:$EV_PORT ACKED 4$"
expect_rc 8 e2e_console SYS1 -o "DRAIN CACHE 1"
expect_out "ESMA255E CACHE NOT DRAINED: THE CACHE IS STOPPED; 40 EVENTS WAIT"

# --- START CACHE: the journal comes back, the rest goes out. ------------
expect_rc 0 e2e_console SYS1 -o "START CACHE"
expect_out "ESMA251I CACHE STARTED: 40 EVENTS RESTORED FROM THE JOURNAL"
ev_names 5
ev_drain
ev_cache_says "CONSUMER GW-127.0.0.1:$EV_PORT ACKED 49$"
ev_verdict
# Nothing was sent twice: the thirty went out once.
expect_rc 0 "$ESMCTL" -s "$E2E_DIR/GW.sock" status
expect_out "received 49 stored 48 duplicates 0 hidden 1 acked 49 "
e2e_pass
