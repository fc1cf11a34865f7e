#!/bin/bash
# Story: the gateway is killed (SIGKILL) while it stores a burst of
# events: some it had made durable and not yet acknowledged, so the
# agent sends them again to the gateway that replaces it, which
# recognises each by (agent, sequence) and acks it without a second
# record.  The race is provoked three times at least, and again until
# one such redelivery is seen: the gateway is stopped as it syncs the
# meta page that commits a batch, then killed.  Every change is then in
# the changelog once, in order.  (On a file system without syncs, tmpfs,
# the window is small.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: SIGKILL of the gateway between store and ack; redelivered, never stored twice"

ev_setup
ev_start U01 U02 U03 U04 U05 U06 U07 U08

# redelivered: the gateways' logs name events stored before a kill.
redelivered() {
	cat "$E2E_DIR"/GW.log* | grep -c "is already stored as change"
}

# in_sync D|R: until the gateway is (D) or is no longer (R) waiting for
# the disk, 20,000 looks at most.
in_sync() {
	local i state
	for i in $(seq 1 20000); do
		read -r _ _ state _ < "/proc/$GW_PID/stat" || return 1
		if [ "$1" = D ]; then [ "$state" = D ] && return 0
		else [ "$state" != D ] && return 0; fi
	done
	return 1
}

round=0
while { [ "$(redelivered)" = 0 ] || [ $round -lt 3 ]; } && [ $round -lt 12 ]; do
	round=$((round + 1))
	ev_names 3000
	# The console is done in a moment; the gateway then works through
	# the burst.
	for i in $(seq 1 100); do
		"$ESMCTL" -s "$E2E_DIR/GW.sock" status 2>/dev/null |
			grep -q "^events .* links 1 received [1-9]" && break
		sleep 0.01
	done
	# A commit syncs twice, the data then the meta page that commits
	# it: stop the gateway in its second sync (state D, after one that
	# ended), so that it goes before the ack; then kill it.
	in_sync D && in_sync R && in_sync D
	kill -STOP "$GW_PID"
	kill -9 "$GW_PID"
	wait "$GW_PID" 2>/dev/null
	ev_restart GW
	ev_drain
done
[ "$(redelivered)" -gt 0 ] ||
	e2e_fail "$round kills of the gateway and not one event stored before the kill came again"
echo "# $round kills, $(redelivered) events sent again after being stored"
ev_cache_says "LOST 0 "
ev_verdict
e2e_pass
