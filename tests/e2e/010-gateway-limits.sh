#!/bin/bash
# Story: the gateway's limits hold and say why: too many operations in
# flight on one connection get busy, a connection past max-connections
# is turned away, an idle connection is closed with a Notice of
# Disconnection, and a request larger than max-pdu costs its connection.
. "$(dirname "$0")/lib.sh"
e2e_begin "limits: max-pending, max-connections, idle-timeout, max-pdu"

e2e_agent_conf SYS1
e2e_agent_start SYS1
e2e_sample_users SYS1 200
e2e_gateway_conf GW SYS1 "max-pending 2" "max-connections 3" "idle-timeout 2" "max-pdu 2k"
e2e_gateway_start GW

$PY - "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" <<'PYEOF' > "$E2E_DIR/py.out" 2>&1
import socket, sys, time
import ldap
uri, dn, pw = sys.argv[1:4]
people = "ou=People,dc=racf,dc=com"

c = ldap.initialize(uri)
c.simple_bind_s(dn, pw)
ids = [c.search_ext(people, ldap.SCOPE_ONELEVEL, "(objectClass=*)")
       for _ in range(5)]
busy = ok = 0
for i in ids:
    try:
        c.result(i)
        ok += 1
    except ldap.BUSY as e:
        busy += 1
        text = e.args[0].get("info", "")
print("ok", ok, "busy", busy, "text:", text)
assert ok >= 2 and busy >= 1, (ok, busy)
assert "max-pending" in text, text

# Three connections are the limit: the fourth is closed at once.
c.unbind_s()
time.sleep(0.2)
conns = []
for _ in range(3):
    x = ldap.initialize(uri)
    x.simple_bind_s(dn, pw)
    conns.append(x)
try:
    y = ldap.initialize(uri)
    y.simple_bind_s(dn, pw)
    raise SystemExit("a connection past max-connections was served")
except ldap.SERVER_DOWN:
    print("fourth connection refused")
for x in conns:
    x.unbind_s()

# An idle connection is closed after idle-timeout (2s) with a notice.
# (The gateway frees the connections above after their unbind: until
# then a new one is still over the limit and closed without a word.)
host, port = uri[len("ldap://"):].split(":")
for attempt in range(50):
    s = socket.create_connection((host, int(port)))
    s.settimeout(10)
    t0 = time.time()
    got = b""
    while True:
        b = s.recv(4096)
        if not b:
            break
        got += b
    if got:
        break
    time.sleep(0.1)
print("idle closed after %.1fs" % (time.time() - t0))
assert b"1.3.6.1.4.1.1466.20036" in got, got
assert b"idle" in got, got

# A request over max-pdu (2k) costs its connection only.
s = socket.create_connection((host, int(port)))
s.settimeout(10)
s.sendall(b"\x30\x82\x10\x00\x02\x01\x01")
got = s.recv(4096)
assert b"1.3.6.1.4.1.1466.20036" in got and b"limit" in got, got
print("oversized PDU refused")
z = ldap.initialize(uri)
z.simple_bind_s(dn, pw)
assert len(z.search_s("dc=racf,dc=com", ldap.SCOPE_BASE)) == 1
print("others still served")
PYEOF
rc=$?
cat "$E2E_DIR/py.out"
[ $rc = 0 ] || e2e_fail "limits story failed"
grep -q "max-connections reached" "$E2E_DIR/GW.log" || e2e_fail "the refusal is not logged"
e2e_pass
