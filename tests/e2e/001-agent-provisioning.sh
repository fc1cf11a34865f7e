#!/bin/bash
# Story: a gateway provisions RACF users through the encrypted link while
# the security admin works on the same database at the console; the agent
# refuses what it must, audits every request with the person behind it,
# and keeps serving when a peer with the wrong key knocks.
. "$(dirname "$0")/lib.sh"
e2e_begin "provisioning over the link, console alongside, refusals, audit"

: > "$E2E_DIR/SYS1.exclude"
e2e_agent_conf SYS1 "exclude-list SYS1.exclude"
e2e_agent_start SYS1

# The admin defines a group natively; the gateway adds a user into it.
expect_rc 0 e2e_console SYS1 "ADDGROUP PAYROLL SUPGROUP(SYS1) OWNER(SYS1)"
expect_rc 0 e2e_link SYS1 --dn "cn=esmadmin,dc=racf,dc=com" --realm esmgate \
	--client 10.9.8.7 \
	"ADDUSER ALICE NAME('ALICE O''BRIEN') OWNER(PAYROLL) DFLTGRP(PAYROLL) TSO(PROC(ISPFPROC) ACCTNUM(ACCT1))"
expect_rc 0 e2e_link SYS1 --dn "cn=esmadmin,dc=racf,dc=com" \
	"ALTUSER ALICE PASSWORD(S3CRET1) NOEXPIRED"

# The console sees what came over the link.
expect_rc 0 e2e_console SYS1 "LISTUSER ALICE TSO"
expect_out "USER=ALICE"
expect_out "NAME=ALICE O'BRIEN"
expect_out "DEFAULT-GROUP=PAYROLL"
expect_out "PROC= ISPFPROC"

# A value that tries to smuggle an operand stays a literal NAME.
expect_rc 0 e2e_link SYS1 "ALTUSER ALICE NAME('X'') SPECIAL')"
expect_rc 0 e2e_console SYS1 "LISTUSER ALICE"
expect_out "NAME=X') SPECIAL"
expect_out "ATTRIBUTES=NONE"

# The ESM's own errors come back with its return code and message.
e2e_link SYS1 "ADDUSER ALICE" > "$E2E_DIR/last.out" 2>&1
[ $? -ne 0 ] || e2e_fail "a second ADDUSER ALICE succeeded"
expect_out "ALICE"
e2e_link SYS1 "DELUSER NOBODY" > "$E2E_DIR/last.out" 2>&1
[ $? -ne 0 ] || e2e_fail "DELUSER of an unknown user succeeded"
expect_out "NOBODY"

# The agent refuses what is not on its allowlist, and protected userids.
expect_rc 101 e2e_link SYS1 "SETROPTS PASSWORD(REVOKE(1))"
expect_out "ESMA102E SETROPTS IS NOT ALLOWED"
expect_rc 101 e2e_link SYS1 "ALTUSER IBMUSER SPECIAL"
expect_out "ESMA104E USERID IBMUSER IS PROTECTED"
expect_rc 101 e2e_link SYS1 "alu (alice esmagent) revoke"
expect_out "ESMA104E USERID ESMAGENT IS PROTECTED"
expect_rc 101 e2e_link SYS1 "PASSWORD PASSWORD(A B)"
expect_out "ESMA104E USERID ESMAGENT IS PROTECTED"
expect_rc 101 e2e_link SYS1 "TSO DELETE 'SYS1.PARMLIB'"
expect_out "ESMA101E"

# The exclude list is reloaded by the operator without a restart.
echo "ALICE" > "$E2E_DIR/SYS1.exclude"
expect_rc 0 e2e_console SYS1 -o RELOAD
expect_out "ESMA211I LISTS RELOADED: INCLUDE 0 EXCLUDE 1"
expect_rc 101 e2e_link SYS1 "ALTUSER ALICE REVOKE"
expect_out "ESMA104E USERID ALICE IS PROTECTED"
: > "$E2E_DIR/SYS1.exclude"
expect_rc 0 e2e_console SYS1 -o RELOAD

# Every request is audited with the distributed identity, never a password.
grep -q 'VERB=ADDUSER.*' "$E2E_DIR/SYS1.audit" || e2e_fail "no ADDUSER audit record"
grep 'VERB=ADDUSER' "$E2E_DIR/SYS1.audit" | head -1 > "$E2E_DIR/last.out"
expect_out 'DN="cn=esmadmin,dc=racf,dc=com"'
expect_out 'REALM=esmgate'
expect_out 'CLIENT=10.9.8.7'
expect_out 'GATEWAY=esmlinkcmd'
grep -q 'PASSWORD(\*\*\*\*\*\*\*\*)' "$E2E_DIR/SYS1.audit" || e2e_fail "password not masked in audit"
if grep -q S3CRET1 "$E2E_DIR/SYS1.audit" "$E2E_DIR/SYS1.log"; then
	e2e_fail "a password reached the audit file or the log"
fi
grep -q 'STATUS=refused.*VERB=SETROPTS' "$E2E_DIR/SYS1.audit" || e2e_fail "refusal not audited"

# A peer with the wrong key, or the wrong cipher, is refused and logged...
"$ESMAGENTD" --genkey "$E2E_DIR/wrong.key" > /dev/null
expect_rc 69 "$ESMLINKCMD" -k "$E2E_DIR/wrong.key" -c "127.0.0.1:$SYS1_PORT" "LISTUSER ALICE"
expect_rc 69 e2e_link SYS1 --cipher aes-256-gcm "LISTUSER ALICE"
# (the client may exit before the agent has written its log line)
for i in $(seq 1 30); do
	grep -qi "aes-256-gcm" "$E2E_DIR/SYS1.log" && break
	sleep 0.1
done
grep -qi "aes-256-gcm" "$E2E_DIR/SYS1.log" || e2e_fail "cipher mismatch not logged"
# ...and the agent goes on serving everyone else.
expect_rc 0 e2e_link SYS1 "LISTUSER ALICE"
expect_out "USER=ALICE"

# A second agent started on the same parameters is refused and leaves
# the running one's operator socket alone.
expect_rc 1 "$ESMAGENTD" -f "$E2E_DIR/SYS1.conf"
expect_out "another agent is running"

# The operator sees the counters.
expect_rc 0 e2e_console SYS1 -o DISPLAY
expect_out "ESMA200I AGENT SYS1 ESM racf"
expect_out "ESMA204I COUNTERS"
expect_out "REFUSED=6"
expect_rc 8 e2e_console SYS1 -o "BOGUS"
expect_out "ESMA222E"

e2e_pass
