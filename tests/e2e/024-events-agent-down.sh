#!/bin/bash
# Story: the agent is down while the admins keep changing users at the
# console.  The ring keeps their events (the console answers DISPLAY
# CACHE itself); when the agent returns it sends them, and a subscriber
# that kept a persistent search open on cn=changelog the whole time
# sees every change once, in order, with the gateway never restarted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: the agent down while the console changes users; a subscriber sees each change once"

ev_setup
ev_start U01 U02 U03 U04 U05 U06

# A subscriber from now on: 50 changes while the agent is down, 20 after.
$PY "$(dirname "$0")/events_subscriber.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	cn=changelog "$E2E_DIR/subscriber.out" 70 45 > "$E2E_DIR/subscriber.log" 2>&1 &
sub=$!
for i in $(seq 1 50); do
	"$ESMCTL" -s "$E2E_DIR/GW.sock" status | grep -q "^persistent-searches 1 " && break
	sleep 0.1
done
"$ESMCTL" -s "$E2E_DIR/GW.sock" status | grep -q "^persistent-searches 1 " ||
	e2e_fail "the subscriber's persistent search did not open"

# --- The agent stops; the admins go on. --------------------------------
kill -TERM "$SYS1_PID"
wait "$SYS1_PID"
ev_names 50
expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE"
expect_out "ESMA259I AGENT SYS1 IS NOT RUNNING"
expect_out "STARTED SLOTS 4096 DEPTH 50 "
expect_out "CONSUMER GW-127.0.0.1:$EV_PORT ACKED 7"
expect_rc 0 "$ESMCTL" -s "$E2E_DIR/GW.sock" status
expect_out "events dc=racf,dc=com listen .* links 0 received 7 stored 6 "

# --- The agent returns with the backlog; the admins go on. -------------
ev_restart SYS1
ev_names 20
ev_drain
wait "$sub" || { cat "$E2E_DIR/subscriber.log"; e2e_fail "the subscriber did not see the 70 changes"; }
ev_verdict --subscriber "$E2E_DIR/subscriber.out"
grep -q "gateway=127.0.0.1:$EV_PORT events: sending after sequence 7 " "$E2E_DIR/SYS1.log" ||
	e2e_fail "the agent did not start after what the gateway had acked"
e2e_pass
