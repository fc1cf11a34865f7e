#!/bin/bash
# Story: a SIEM reads the gateway's audit feed.  With audit-file set, a
# failed and a successful bind, a write and a refused one, a password
# reset, an anonymous write the rules deny, a malformed PDU and the
# agent's link going away each leave one CEF record naming who, what,
# the outcome and the connection; no password appears anywhere in the
# feed.  Restarted with audit-format leef, the same events come as LEEF.
# A configuration others may write is refused, the gateway's and the
# agent's.
. "$(dirname "$0")/lib.sh"
e2e_begin "the audit feed: CEF and LEEF records of binds, writes, resets, denials, bad PDUs, links"

P="ou=People,$SUFFIX"
A=$E2E_DIR/audit.cef
e2e_agent_conf SYS1
e2e_agent_start SYS1
expect_rc 0 e2e_console SYS1 "ADDUSER JANE NAME('JANE DOE') DFLTGRP(SYS1) OWNER(SYS1)"
expect_rc 0 e2e_console SYS1 "ALTUSER JANE PASSWORD(JANEPW01) NOEXPIRED"
e2e_gateway_conf GW SYS1 "audit-file audit.cef"
e2e_gateway_start GW
[ "$(stat -c %a "$A")" = 600 ] || e2e_fail "the audit file is not mode 0600"

# A wrong admin password, then the right one with a write and a refusal.
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "$ADMIN_DN" -w WRONGPW1
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JANE,$P
changetype: modify
replace: cn
cn: JANE Q DOE
LDIF
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JANE,$P
changetype: modify
replace: passwordInterval
passwordInterval: 999
LDIF
# A user's bind, then a reset with a password of the admin's choosing.
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JANE,$P" -w JANEPW01
expect_rc 0 as_admin ldappasswd -s RESETPW9 "uid=JANE,$P"
# An anonymous write: the gateway's rules deny it.
expect_rc 50 as_anon ldapdelete "uid=JANE,$P"
# A malformed PDU.
$PY -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"\x30\x05\x02\x01\x01\x63\x7f")
s.settimeout(3)
try:
    s.recv(100)
except OSError:
    pass
' "${GW_URI##*:}"
# The agent goes away.
kill "$SYS1_PID"
for _ in $(seq 1 50); do
	grep -q '|link-down|' "$A" && break
	sleep 0.1
done

count() { grep -c -- "$1" "$A"; }
[ "$(count '^CEF:0|esmgate|esmgated|')" = "$(wc -l < "$A")" ] ||
	{ cat "$A"; e2e_fail "a line of the feed is not a CEF record"; }
[ "$(count '|bind-failure|LDAP bind failed|6|')" = 1 ] ||
	{ cat "$A"; e2e_fail "not one bind failure"; }
grep -q "|bind-failure|.* suser=cn\\\\=esmadmin,dc\\\\=racf,dc\\\\=com .*cn1=49 " "$A" ||
	{ cat "$A"; e2e_fail "the bind failure does not name who and result 49"; }
grep -q "|bind-success|.* suser=uid\\\\=JANE,$(echo "$P" | sed 's/=/\\\\=/g') " "$A" ||
	{ cat "$A"; e2e_fail "no bind success for JANE"; }
grep -q "|modify-success|.* act=modify duser=uid\\\\=JANE,.* outcome=success " "$A" ||
	{ cat "$A"; e2e_fail "no modify success"; }
grep -q "|modify-failure|.* cn1=19 " "$A" ||
	{ cat "$A"; e2e_fail "no modify failure with result 19"; }
grep -q "|password-success|.* act=password duser=uid\\\\=JANE," "$A" ||
	{ cat "$A"; e2e_fail "no password reset record"; }
grep -q "|access-denied|Access denied|7|.* src=127.0.0.1 .* act=delete .*cn1=50 " "$A" ||
	{ cat "$A"; e2e_fail "no access-denied record for the anonymous delete"; }
grep -q "|bad-pdu|Malformed LDAP request|7|" "$A" ||
	{ cat "$A"; e2e_fail "no bad-pdu record"; }
grep -q "|link-down|Agent link lost|8|.* duser=agent SYS1 of $(echo "$SUFFIX" | sed 's/=/\\\\=/g') " "$A" ||
	{ cat "$A"; e2e_fail "no link-down record"; }
for pw in WRONGPW1 RESETPW9 JANEPW01 "$ADMIN_PW"; do
	grep -q -- "$pw" "$A" && e2e_fail "a password is in the audit feed"
done

# LEEF: the same feed for QRadar.
kill "$GW_PID"
wait "$GW_PID" 2>/dev/null
e2e_agent_start SYS1
sed -i 's/^audit-file audit.cef$/audit-file audit.leef\naudit-format leef/' "$E2E_DIR/GW.conf"
# A log of its own: the first one's "ready" would not wait for this one.
mv "$E2E_DIR/GW.log" "$E2E_DIR/GW.log.cef"
e2e_gateway_start GW
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "$ADMIN_DN" -w WRONGPW2
L=$E2E_DIR/audit.leef
grep -q "^LEEF:2.0|esmgate|esmgated|[^|]*|bind-failure|x09|devTime=" "$L" ||
	{ cat "$L"; e2e_fail "no LEEF bind failure"; }
grep -q "	usrName=$ADMIN_DN	" "$L" || { cat "$L"; e2e_fail "LEEF: no usrName"; }
grep -q "	ldapResult=49	" "$L" || { cat "$L"; e2e_fail "LEEF: no ldapResult"; }
grep -q "WRONGPW2" "$L" && e2e_fail "a password is in the LEEF feed"

# Configuration errors are said before anything starts.
{ echo "audit-format json"; cat "$E2E_DIR/GW.conf"; } > "$E2E_DIR/bad.conf"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/bad.conf"
expect_out "audit-format wants cef or leef, not json"
# So are configurations others may change (they choose whom to trust)
# or read (they hold the administrators' password hashes).
cp "$E2E_DIR/GW.conf" "$E2E_DIR/open.conf"
chmod 664 "$E2E_DIR/open.conf"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/open.conf"
expect_out "open.conf may be written by group or others (mode 0664)"
chmod 644 "$E2E_DIR/open.conf"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/open.conf"
expect_out "open.conf may be read by group or others (mode 0644).*chmod 600"
chmod 600 "$E2E_DIR/open.conf"
expect_rc 0 "$ESMGATED" -t -f "$E2E_DIR/open.conf"
cp "$E2E_DIR/SYS1.conf" "$E2E_DIR/open-agent.conf"
chmod 646 "$E2E_DIR/open-agent.conf"
expect_rc 1 "$ESMAGENTD" -t -f "$E2E_DIR/open-agent.conf"
expect_out "open-agent.conf may be written by group or others"
chmod 640 "$E2E_DIR/open-agent.conf"
expect_rc 1 "$ESMAGENTD" -t -f "$E2E_DIR/open-agent.conf"
expect_out "open-agent.conf may be read by group or others"
e2e_pass
