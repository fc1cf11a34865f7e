#!/bin/bash
# Story: the agent is killed (SIGKILL) in the middle of a stream of
# writes from a gateway.  After a restart every acknowledged command is in
# the database, and no command is half applied: each user is either
# absent or complete.
. "$(dirname "$0")/lib.sh"
e2e_begin "SIGKILL of the agent mid-stream loses no acknowledged write"

e2e_agent_conf SYS1
e2e_agent_start SYS1

"$ESMGEN" --users 600 --seed 7 > "$E2E_DIR/all.cmds"
grep '^ADDGROUP' "$E2E_DIR/all.cmds" > "$E2E_DIR/groups.cmds"
grep '^ADDUSER' "$E2E_DIR/all.cmds" > "$E2E_DIR/users.cmds"
expect_rc 0 e2e_console SYS1 -q -b "$E2E_DIR/groups.cmds"

# Meanwhile the admin defines users natively at the console.
for i in $(seq -w 1 40); do
	echo "ADDUSER CONS$i NAME('CONSOLE USER $i') DFLTGRP(SYS1) OWNER(SYS1)"
done > "$E2E_DIR/console.cmds"

# Eight requests in flight at once; kill the agent after 150 answers.
e2e_link SYS1 -j 8 -q < "$E2E_DIR/users.cmds" > "$E2E_DIR/acks.out" 2>"$E2E_DIR/client.err" &
client=$!
e2e_console SYS1 -q -b "$E2E_DIR/console.cmds" 2> "$E2E_DIR/console.err" &
admin=$!
e2e_wait_acks "$E2E_DIR/acks.out" 150
kill -9 "$SYS1_PID"
wait "$client"
wait "$admin" || { cat "$E2E_DIR/console.err"; e2e_fail "console commands failed beside the agent"; }
acked=$(grep -c '^ACK .* RC=0 ' "$E2E_DIR/acks.out")
[ "$acked" -ge 150 ] || e2e_fail "only $acked commands were acknowledged before the kill"
[ "$acked" -lt 600 ] || e2e_fail "the kill came after the stream ended; nothing was tested"
grep -q "link down" "$E2E_DIR/client.err" || e2e_fail "the client did not notice the agent's death"

e2e_agent_start SYS1
e2e_console SYS1 "LISTUSER * TSO OMVS CICS" > "$E2E_DIR/list.out" || true

# Check every input command against what the database holds.
$PY - "$E2E_DIR/users.cmds" "$E2E_DIR/acks.out" "$E2E_DIR/list.out" <<'PYEOF' || e2e_fail "database inconsistent after SIGKILL"
import re, sys
cmds = open(sys.argv[1]).read().splitlines()
acked = set()
for line in open(sys.argv[2]):
    m = re.match(r"ACK (\d+) RC=0 ", line)
    if m:
        acked.add(int(m.group(1)))
users = {}
cur = None
for line in open(sys.argv[3]):
    m = re.match(r"USER=(\S+)\s+NAME=(.*?)\s+OWNER=(\S+)", line)
    if m:
        cur = {"name": m.group(2).strip(), "owner": m.group(3), "segs": set()}
        users[m.group(1)] = cur
    elif cur is not None:
        for seg in ("TSO", "OMVS", "CICS"):
            if line.startswith(seg + " INFORMATION"):
                cur["segs"].add(seg)
bad = 0
present = 0
for n, cmd in enumerate(cmds, 1):
    uid = cmd.split()[1]
    name = re.search(r"NAME\('((?:[^']|'')*)'\)", cmd).group(1).replace("''", "'")
    owner = re.search(r"OWNER\((\S+?)\)", cmd).group(1)
    u = users.get(uid)
    if u is None:
        if n in acked:
            print("acknowledged but missing:", uid); bad += 1
        continue
    present += 1
    want = {s for s in ("TSO", "OMVS", "CICS") if " %s(" % s in cmd}
    if u["name"] != name or u["owner"] != owner or u["segs"] != want:
        print("half applied:", uid, u, name, owner, want); bad += 1
print("acknowledged %d, present %d, problems %d" % (len(acked), present, bad))
sys.exit(1 if bad or present < len(acked) else 0)
PYEOF

# The console's own commands, run beside the agent, are all there too.
[ "$(grep -c '^USER=CONS' "$E2E_DIR/list.out")" = 40 ] || e2e_fail "console users missing"

e2e_pass
