#!/bin/bash
# Story: two LPARs share one RACF database, each with its agent (SYS1
# and SYS2, sharing-group PLEX1), both sending to the same gateway.
# They share the database's event cache, so every change carries PLEX1
# and one sequence, whichever agent sends it, and the gateway records it
# once even when both send it.  An agent of another sharing group on the
# same database is refused the cache.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: two LPARs of one database, one sharing group, each change once"

SHARED="cache-name /${E2E_DIR##*/}-PLEX1"
ev_setup "sharing-group PLEX1" "$SHARED"
e2e_agent_conf SYS2 "gateway esmlink://127.0.0.1:$EV_PORT" \
	"database SYS1.db" "$SHARED" "sharing-group PLEX1"
sed -i "s|^agent SYS1 .*|&\nagent SYS2 esmlink://127.0.0.1:$SYS2_PORT|" "$E2E_DIR/GW.conf"
e2e_agent_start SYS1
e2e_agent_start SYS2
e2e_gateway_start GW
# Each agent finds the gateway at its next try (1 s, then 2, 4 ...).
for i in $(seq 1 100); do
	"$ESMCTL" -s "$E2E_DIR/GW.sock" status | grep -q "^events .* links 2 " && break
	sleep 0.1
done
ev_create U01 U02 U03 U04 U05
ev_names 200
ev_drain
# Both agents are linked; the events name the group, never an agent.
expect_rc 0 "$ESMCTL" -s "$E2E_DIR/GW.sock" status
expect_out "events dc=racf,dc=com listen .* links 2 "
expect_out "event-link .* agent SYS1 from "
expect_out "event-link .* agent SYS2 from "
ev_verdict
grep -q "^esmAgent: PLEX1$" "$E2E_DIR/changelog.ldif" || e2e_fail "no event of PLEX1"
grep "^esmAgent: " "$E2E_DIR/changelog.ldif" | grep -v -q "PLEX1" &&
	e2e_fail "an event names another agent id than the sharing group"

# An agent of the same database in another sharing group: no ring.
e2e_agent_conf SYS3 "database SYS1.db" "$SHARED" "sharing-group OTHER"
expect_rc 8 e2e_console SYS3 -o "DISPLAY CACHE"
expect_out "HAS NO SHARED MEMORY (shared memory /.*-PLEX1 belongs to sharing group PLEX1, not OTHER"
e2e_pass
