#!/bin/bash
# Story: every change reaches the event cache, whoever makes it and
# whatever runs.  The admin works at the console while the agent is
# down (the ring keeps the events, DISPLAY CACHE shows them without the
# agent); a small ring overflows into the journal; commands from a
# gateway add theirs; the agent is killed in a burst; the operator stops
# the cache and the mainframe side goes down with its shared memory (a
# reboot); after the restart every event is there, once, in order, with
# new sequence numbers after the old ones, and no password anywhere.
. "$(dirname "$0")/lib.sh"
e2e_begin "event cache: console and agent changes, overflow, SIGKILL, stop and reboot lose nothing"

e2e_agent_conf SYS1 "cache-slots 16"
SHM=/dev/shm/${E2E_DIR##*/}-SYS1
JOURNAL=$E2E_DIR/SYS1.db/cache.journal
SECRETS="TEMPPW1 N3WPASS9 L1NKPW7"

# restart: the agent again, with a log of its own (the old one is kept).
restarts=0
restart() {
	restarts=$((restarts + 1))
	mv "$E2E_DIR/SYS1.log" "$E2E_DIR/SYS1.log.$restarts"
	e2e_agent_start SYS1
}

# events FILE: DISPLAY CACHE EVENTS ALL into FILE (the agent's or the console's).
events() {
	e2e_console SYS1 -o "DISPLAY CACHE EVENTS ALL" > "$1" 2>&1 \
		|| { cat "$1"; e2e_fail "DISPLAY CACHE EVENTS failed"; }
}

# --- The agent is down; the admin works at the console. ------------------
expect_rc 0 e2e_console SYS1 "SETROPTS PASSWORD(REVOKE(2))"
expect_rc 0 e2e_console SYS1 "ADDUSER ALICE NAME('ALICE') DFLTGRP(SYS1)"
expect_rc 0 e2e_console SYS1 "ALTUSER ALICE PASSWORD(TEMPPW1)"
expect_rc 12 e2e_console SYS1 "LOGON ALICE/TEMPPW1"
expect_rc 0 e2e_console SYS1 "LOGON ALICE/TEMPPW1/N3WPASS9"
expect_rc 0 e2e_console SYS1 "ADDGROUP DEPT1"
expect_rc 0 e2e_console SYS1 "CONNECT ALICE GROUP(DEPT1)"
expect_rc 0 e2e_console SYS1 "REMOVE ALICE GROUP(DEPT1)"
expect_rc 0 e2e_console SYS1 "ALTUSER ALICE REVOKE"
expect_rc 0 e2e_console SYS1 "ALTUSER ALICE RESUME"
expect_rc 8 e2e_console SYS1 "LOGON ALICE/WRONG1"
expect_rc 8 e2e_console SYS1 "LOGON ALICE/WRONG2"
expect_rc 0 e2e_console SYS1 "LISTUSER ALICE"

expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE"
expect_out "ESMA259I AGENT SYS1 IS NOT RUNNING"
expect_out "STARTED SLOTS 16 DEPTH 11 HIGH-WATER 11"
events "$E2E_DIR/a.events"
for want in "EVENT 1 create ALICE FIELDS(NAME DFLTGRP) ORIGIN IBMUSER TASK CONSOLE EXIT IRREVX01 IN RING" \
	"EVENT 2 password-reset ALICE FIELDS(PASSWORD) ORIGIN IBMUSER TASK CONSOLE EXIT ICHPWX01 PASSWORD SEALED IN RING" \
	"EVENT 3 password-expired ALICE FIELDS(PASSWORD) ORIGIN ALICE TASK CONSOLE EXIT ICHRIX02 IN RING" \
	"EVENT 4 password-change ALICE FIELDS(PASSWORD) ORIGIN ALICE TASK CONSOLE EXIT ICHRIX02 PASSWORD SEALED" \
	"EVENT 5 group-create DEPT1" "EVENT 6 connect ALICE GROUP DEPT1 FIELDS(GROUP)" \
	"EVENT 7 remove ALICE GROUP DEPT1" "EVENT 8 revoke ALICE FIELDS(REVOKE)" \
	"EVENT 9 resume ALICE FIELDS(RESUME)" "EVENT 10 logon-failure ALICE" \
	"EVENT 11 revoke ALICE FIELDS(REVOKE) ORIGIN ALICE TASK CONSOLE EXIT ICHRIX02"; do
	grep -qF "$want" "$E2E_DIR/a.events" || { cat "$E2E_DIR/a.events"; e2e_fail "no '$want'"; }
done

# --- A small ring overflows into the journal. ----------------------------
for i in $(seq -w 1 30); do
	echo "ADDUSER B$i NAME('BULK $i') DFLTGRP(SYS1)"
done > "$E2E_DIR/bulk.cmds"
expect_rc 0 e2e_console SYS1 -q -b "$E2E_DIR/bulk.cmds"
expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE"
expect_out "DEPTH 16 HIGH-WATER 16"
expect_out "EVENTS WRITTEN 41 SPILLED 25 "
expect_out "JOURNAL .*cache.journal RECORDS 25 "
# A full ring and journal do not flood the console: the first n, then
# how many more; ALL shows every one.
expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE EVENTS 5"
[ "$(grep -c "ESMA248I EVENT" "$E2E_DIR/last.out")" = 5 ] ||
	e2e_fail "DISPLAY CACHE EVENTS 5 did not show five events"
expect_out "ESMA249I 36 MORE EVENTS HELD"
expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE EVENTS ALL"
[ "$(grep -c "ESMA248I EVENT" "$E2E_DIR/last.out")" = 41 ] ||
	e2e_fail "DISPLAY CACHE EVENTS ALL did not show the 41 events"
expect_no_out "ESMA249I"
expect_rc 8 e2e_console SYS1 -o "DISPLAY CACHE EVENTS 0"
expect_out "ESMA257E"
# Nobody consumes yet: a drain cannot finish, and says why.
expect_rc 8 e2e_console SYS1 -o "DRAIN CACHE 1"
expect_out "ESMA254E CACHE NOT DRAINED: NO CONSUMER IS REGISTERED; 41 EVENTS WAIT"

# --- The agent starts; a gateway's commands add their events. ------------
e2e_agent_start SYS1
grep -q "event cache: 0 events restored" "$E2E_DIR/SYS1.log" || e2e_fail "no cache start line"
for i in 1 2 3; do
	expect_rc 0 e2e_link SYS1 "ADDUSER L0$i NAME('LINK $i') DFLTGRP(SYS1)"
done
expect_rc 0 e2e_link SYS1 "ALTUSER L01 PASSWORD(L1NKPW7) NOEXPIRED"
expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE"
expect_no_out "ESMA259I"
expect_out "DEPTH 16 "

# --- SIGKILL of the agent in a burst of writes. --------------------------
for i in $(seq -w 1 200); do
	echo "ADDUSER K$i NAME('BURST $i') DFLTGRP(SYS1)"
done > "$E2E_DIR/burst.cmds"
e2e_link SYS1 -j 8 -q < "$E2E_DIR/burst.cmds" > "$E2E_DIR/acks.out" 2>/dev/null &
client=$!
e2e_wait_acks "$E2E_DIR/acks.out" 60
kill -9 "$SYS1_PID"
wait "$client"
acked=$(grep -c '^ACK .* RC=0 ' "$E2E_DIR/acks.out")
[ "$acked" -ge 60 ] && [ "$acked" -lt 200 ] || e2e_fail "the kill did not land in the burst ($acked acknowledged)"

# --- The operator stops the cache; the mainframe side goes down. ---------
restart
expect_rc 0 e2e_console SYS1 -o "STOP CACHE"
expect_out "ESMA250I CACHE STOPPED: 16 EVENTS MOVED TO THE JOURNAL"
expect_rc 0 e2e_console SYS1 "ALTUSER ALICE NAME('ALICE STOPPED')"
kill -TERM "$SYS1_PID"
wait "$SYS1_PID"
# A reboot: the shared memory is gone, the journal stays.
[ -f "$SHM" ] || e2e_fail "no shared memory $SHM to lose"
rm -f "$SHM"
expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE"
expect_out "STARTED SLOTS 16 DEPTH 0 "
events "$E2E_DIR/down.events"
restart
grep -q "event cache: 16 events restored" "$E2E_DIR/SYS1.log" || e2e_fail "the journal did not come back into the ring"
expect_rc 0 e2e_console SYS1 "ALTUSER ALICE NAME('ALICE AFTER')"
expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE"
expect_out "STARTED SLOTS 16 DEPTH 16 "
expect_out "LOST 0 "
events "$E2E_DIR/final.events"
# Without a count, the first 100 and how many more.
total=$(grep -c "ESMA248I EVENT" "$E2E_DIR/final.events")
[ "$total" -gt 100 ] || e2e_fail "only $total events held: the default display limit is not reached"
expect_rc 0 e2e_console SYS1 -o "DISPLAY CACHE EVENTS"
[ "$(grep -c "ESMA248I EVENT" "$E2E_DIR/last.out")" = 100 ] ||
	e2e_fail "DISPLAY CACHE EVENTS did not show the first 100 events"
expect_out "ESMA249I $((total - 100)) MORE EVENTS HELD"

# Count every event in and out by sequence.
$PY - "$E2E_DIR/a.events" "$E2E_DIR/down.events" "$E2E_DIR/final.events" \
    "$E2E_DIR/acks.out" "$E2E_DIR/burst.cmds" <<'PYEOF' || e2e_fail "events lost, repeated or out of order"
import re, sys
def load(path):
    evs = []
    for line in open(path):
        m = re.match(r"ESMA248I EVENT (\d+) (\S+) (\S+) .*TASK (\S+) .* IN (RING|JOURNAL)$", line.strip())
        if m:
            evs.append((int(m.group(1)), m.group(2), m.group(3), m.group(4)))
    return evs
first, down, final = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
cmds = open(sys.argv[5]).read().splitlines()
acked = {cmds[int(m.group(1)) - 1].split()[1]
         for m in re.finditer(r"ACK (\d+) RC=0 ", open(sys.argv[4]).read())}
bad = []
seqs = [e[0] for e in final]
if seqs != sorted(seqs) or len(set(seqs)) != len(seqs):
    bad.append("sequences repeat or are out of order")
# The reboot lost nothing: everything held before is held after.
if [e for e in down] != final[:len(down)]:
    bad.append("the restart changed the events held before it")
if first != final[:len(first)]:
    bad.append("the console's first events changed")
users = [e[2] for e in final]
for want in ["B%02d" % i for i in range(1, 31)] + ["L01", "L02", "L03", "ESMAGENT"]:
    if users.count(want) < 1:
        bad.append("no event for " + want)
for u in acked:
    if users.count(u) != 1:
        bad.append("acknowledged %s has %d events" % (u, users.count(u)))
if [e for e in final if e[2] == "L01" and e[1] == "password-reset-noexpire" and e[3] == "AGENT"] == []:
    bad.append("no password event of the gateway's reset")
last = final[-1]
if last[2] != "ALICE" or last[0] <= max(seqs[:-1]):
    bad.append("the event after the reboot is not numbered after the others: %r" % (last,))
print("events %d, acknowledged burst commands %d, problems %d" % (len(final), len(acked), len(bad)))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PYEOF

# Passwords are sealed: in no listing, log, journal or shared memory.
for s in $SECRETS; do
	if grep -a -q "$s" "$E2E_DIR"/*.events "$E2E_DIR"/SYS1.log* "$JOURNAL" "$SHM" "$E2E_DIR/SYS1.audit"; then
		e2e_fail "password $s found in clear"
	fi
done

e2e_pass
