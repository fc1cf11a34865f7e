#!/bin/bash
# Story: an IAM suite provisions through the gateway while the agent is
# down, and while it is killed in the middle of a burst of modifies.
# With the agent down a modify is refused at once with unavailable and
# a sentence that names the agent and the command; in the burst every
# modify gets an answer (success, or unavailable saying it may or may
# not have been applied), the gateway never sends a request twice, and
# the agent ran no command twice.  Every change that was made reaches
# the changelog once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: provisioning with the agent down or killed; unavailable at once, no command twice"

ev_setup
ev_start U01 U02 U03 U04

# --- The agent is down: unavailable at once, with a sentence. ----------
kill -TERM "$SYS1_PID"
wait "$SYS1_PID"
start=$(date +%s%N)
expect_rc 52 as_admin ldapmodify <<LDIF
dn: uid=U01,ou=People,$SUFFIX
changetype: modify
replace: cn
cn: NEVER MADE
LDIF
ms=$((($(date +%s%N) - start) / 1000000))
expect_out "agent SYS1 is not connected: LISTUSER U01 cannot be run"
[ "$ms" -lt 2000 ] || e2e_fail "unavailable took ${ms} ms"

# --- The agent returns; it is killed in a burst of modifies. -----------
ups=$(grep -c "agent=SYS1 link up (" "$E2E_DIR/GW.log")
ev_restart SYS1
for i in $(seq 1 100); do
	[ "$(grep -c "agent=SYS1 link up (" "$E2E_DIR/GW.log")" -gt "$ups" ] && break
	sleep 0.1
done
$PY "$(dirname "$0")/events_provision.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" U01,U02,U03,U04 400 "$E2E_DIR/answers" > "$E2E_DIR/provision.log" 2>&1 &
client=$!
for i in $(seq 1 200); do
	[ -f "$E2E_DIR/answers" ] && [ "$(wc -l < "$E2E_DIR/answers")" -ge 60 ] && break
	sleep 0.02
done
kill -9 "$SYS1_PID"
wait "$client" || { cat "$E2E_DIR/provision.log"; e2e_fail "the burst's client failed"; }
ok=$(grep -c "^0 " "$E2E_DIR/answers")
unavailable=$(grep -c "^52 " "$E2E_DIR/answers")
echo "# burst: $ok made, $unavailable unavailable"
[ "$ok" -ge 60 ] && [ "$ok" -lt 400 ] || e2e_fail "the kill did not land in the burst ($ok made)"
[ $((ok + unavailable)) = 400 ] || e2e_fail "answers other than success or unavailable"
grep "^52 " "$E2E_DIR/answers" | grep -v \
	-e "is not connected: \(LIST\|ALT\)USER U0[1-4] cannot be run" \
	-e "the link was lost during LISTUSER U0[1-4] " \
	-e "the link was lost during ALTUSER U0[1-4] .* may or may not have been applied" &&
	e2e_fail "an unavailable without its sentence"
awk '{ v = $3; gsub("_", " ", v); print ($1 == 0 ? "name" : "maybe"), $2, v }' \
	"$E2E_DIR/answers" >> "$EV_CHANGES"

# --- Back again: the events arrive; each command ran once at most. -----
ev_restart SYS1
ev_names 4
ev_drain
ev_verdict
$PY - "$E2E_DIR/SYS1.audit" <<'PYEOF' || e2e_fail "a command ran twice"
import collections, re, sys
names, reqs = collections.Counter(), collections.Counter()
for line in open(sys.argv[1]):
    m = re.search(r"NAME\('([^']*)'\)", line)
    if "VERB=ALTUSER" not in line or not m or " P" not in m.group(1):
        continue
    names[m.group(1)] += 1
    reqs[re.search(r" LINK=(\d+) REQ=(\d+)", line).groups()] += 1
twice = [n for n, c in names.items() if c > 1] + [r for r, c in reqs.items() if c > 1]
print("audited burst commands %d, run twice %d" % (len(names), len(twice)))
sys.exit(1 if twice or not names else 0)
PYEOF
e2e_pass
