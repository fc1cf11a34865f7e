#!/bin/bash
# Story: hostile clients send PDUs no library would write -- truncated,
# with lengths that lie or that are too long, wrong tags, indefinite
# lengths, non-minimal integers, message IDs out of range, filters
# nested 10,000 deep, thousands of attributes or values, strings that
# are not UTF-8 or hold a NUL, requests after an unbind, a bind during a
# bind, abandons of nothing, a garbage extended operation, StartTLS
# with a search outstanding.  Each gets its precise answer (a result
# code, or a Notice of Disconnection and the close), every other client
# is served meanwhile, the counters and the log show the bad PDUs, the
# gateway lives on, and no password reaches its log, even at debug.
. "$(dirname "$0")/lib.sh"
e2e_begin "hostile PDUs: precise answers, others served, nothing leaked"

e2e_agent_conf SYS1
e2e_agent_start SYS1
e2e_sample_users SYS1 200
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$E2E_DIR/gw.key" \
	-out "$E2E_DIR/gw.crt" > "$E2E_DIR/openssl.log" 2>&1 || e2e_fail "openssl req failed"
chmod 600 "$E2E_DIR/gw.key"
e2e_gateway_conf GW SYS1 "pdu-timeout 2" "debug all" "tls-cert gw.crt" \
	"tls-key gw.key" "audit-file GW.audit"
e2e_gateway_start GW
P="ou=People,$SUFFIX"
user=$(e2e_console SYS1 "SEARCH CLASS(USER)" | grep -v -e '^IBMUSER$' -e '^ESMAGENT$' | head -n 1)
[ -n "$user" ] || e2e_fail "no sample user"

# Passwords that go through the gateway: an add with userPassword, an
# admin reset and a user's own change by Password Modify, binds.
cat > "$E2E_DIR/add.ldif" <<LDIF
dn: uid=HOSTILE1,$P
objectClass: racfUser
uid: HOSTILE1
cn: HOSTILE ONE
userPassword: ZQ7WX3PK
LDIF
expect_rc 0 as_admin ldapadd -f "$E2E_DIR/add.ldif"
expect_rc 0 as_admin ldappasswd -s HV4TN8RM "uid=HOSTILE1,$P"
expect_rc 0 ldappasswd -H "$GW_URI" -x \
	-a HV4TN8RM -s KD2PX9WQ "uid=HOSTILE1,$P"
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=HOSTILE1,$P" -w KD2PX9WQ
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "$ADMIN_DN" -w WR0NGPW9

$PY "$(dirname "$0")/hostile_pdus.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" "uid=$user,$P" DEMO1234 "$GW_URI" > "$E2E_DIR/py.out" 2>&1
rc=$?
cat "$E2E_DIR/py.out"
[ $rc = 0 ] || e2e_fail "hostile PDU stories failed"
kill -0 "$GW_PID" || e2e_fail "the gateway died"

# The counters and the log show what was refused.
e2e_gateway_status GW
bad=$(sed -n 's/.* bad-pdus=\([0-9]*\).*/\1/p' "$E2E_DIR/status.out")
over=$(sed -n 's/.* over-limit=\([0-9]*\).*/\1/p' "$E2E_DIR/status.out")
pdut=$(sed -n 's/.* pdu-timeouts=\([0-9]*\).*/\1/p' "$E2E_DIR/status.out")
# One per case of the client: 19 malformed, 9 over a limit.
[ "${bad:-0}" -eq 19 ] || e2e_fail "bad-pdus is ${bad:-missing}, not 19"
[ "${over:-0}" -eq 9 ] || e2e_fail "over-limit is ${over:-missing}, not 9"
[ "${pdut:-0}" -eq 1 ] || e2e_fail "pdu-timeouts is ${pdut:-missing}"
grep -q "sent a malformed PDU: indefinite length form" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not name the indefinite length"
grep -q "malformed request (msgid 0): message ID is not minimally encoded" \
	"$E2E_DIR/GW.log" || e2e_fail "the log does not name the non-minimal integer"
grep -q "refused: the request is over a limit of this gateway: searchRequest: filter: filter nests too deep" \
	"$E2E_DIR/GW.log" || e2e_fail "the log does not name the filter depth"
grep -q "request incomplete .* (pdu-timeout 2)" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not name pdu-timeout"
# A line end sent by a client forges no log line.
grep -q "^conn=1 op=1 FORGED" "$E2E_DIR/GW.log" && e2e_fail "a client forged a log line"
grep -q "FORGED" "$E2E_DIR/GW.log" || e2e_fail "the garbage OID is not logged"

# No password at any log level, nor in the audit feed.
for pw in "$ADMIN_PW" DEMO1234 ZQ7WX3PK HV4TN8RM KD2PX9WQ WR0NGPW9; do
	grep -q -- "$pw" "$E2E_DIR/GW.log" "$E2E_DIR/GW.audit" &&
		e2e_fail "password $pw reached the gateway's log"
done
grep -q "debug" "$E2E_DIR/GW.log" || e2e_fail "the gateway did not log at debug level"
e2e_gateway_stop GW
e2e_pass
