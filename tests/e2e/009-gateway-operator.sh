#!/bin/bash
# Story: the gateway's operator asks for its status with esmctl, maps a
# further LDAP attribute to an existing RACF field by editing the schema
# map alone, reloads it without dropping connections, and sees a broken
# map refused with its file and line while the previous map stays.
. "$(dirname "$0")/lib.sh"
e2e_begin "operator: esmctl status, map reload, a bad map refused"

e2e_agent_conf SYS1
e2e_agent_start SYS1
expect_rc 0 e2e_console SYS1 "ADDUSER ALICE NAME('ALICE') DFLTGRP(SYS1) DATA('ROOM 101')"
cp "$top_srcdir/schema/racf.map" "$E2E_DIR/racf.map"
e2e_gateway_conf GW SYS1
sed -i "s|^map .*|map racf.map|" "$E2E_DIR/GW.conf"
e2e_gateway_start GW
CTL="$ESMCTL -s $E2E_DIR/GW.sock"

# A bad setting is named with its file and line, and nothing starts.
{ echo "max-pending 0"; cat "$E2E_DIR/GW.conf"; } > "$E2E_DIR/bad.conf"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/bad.conf"
expect_out "bad.conf:1: max-pending"
expect_rc 0 "$ESMGATED" -t -f "$E2E_DIR/GW.conf"

expect_rc 0 $CTL status
expect_out "backend racf suffix $SUFFIX"
expect_out "SYS1"
expect_out "^OK"
expect_rc 69 "$ESMCTL" -s "$E2E_DIR/nowhere.sock" status
expect_out "cannot reach the gateway"

# A client stays connected across the reloads (ldapsearch -E nothing:
# a python client keeps one connection and searches before and after).
$PY - "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" "$E2E_DIR" "$CTL" <<'PYEOF' > "$E2E_DIR/py.out" 2>&1
import subprocess, sys
import ldap
uri, dn, pw, d, ctl = sys.argv[1:6]
c = ldap.initialize(uri)
c.simple_bind_s(dn, pw)
base = "uid=ALICE,ou=People,dc=racf,dc=com"
r = c.search_s(base, ldap.SCOPE_BASE, attrlist=["description", "instdata"])
assert "description" not in r[0][1], r
with open(d + "/racf.map", "a") as f:
    f.write("user\tdescription\ttext(1,255)\tread=INSTALLATION-DATA "
            "set=DATA(%v) clear=NODATA\n")
subprocess.run(ctl.split() + ["reload"], check=True)
r = c.search_s(base, ldap.SCOPE_BASE, attrlist=["description"])
assert r[0][1]["description"] == [b"ROOM 101"], r
c.modify_s(base, [(ldap.MOD_REPLACE, "description", [b"ROOM 202"])])
print("description after reload:", r[0][1]["description"])
with open(d + "/racf.map", "a") as f:
    f.write("user\tnoSuchAttributeType\ttext(1,8)\tread=NAME\n")
p = subprocess.run(ctl.split() + ["reload"], capture_output=True, text=True)
print(p.stdout, p.stderr)
assert p.returncode == 1, p
assert "racf.map:" in p.stdout, p.stdout
r = c.search_s(base, ldap.SCOPE_BASE, attrlist=["description"])
assert r[0][1]["description"] == [b"ROOM 202"], r
print("same connection, old map still in use")
PYEOF
rc=$?
cat "$E2E_DIR/py.out"
[ $rc = 0 ] || e2e_fail "map reload story failed"
expect_rc 0 e2e_console SYS1 "LISTUSER ALICE"
expect_out "INSTALLATION-DATA=ROOM 202"
grep -q "reload" "$E2E_DIR/GW.log" || e2e_fail "the reload is not in the log"

# SIGHUP does the same as esmctl reload.
kill -HUP "$GW_PID"
sleep 0.3
kill -0 "$GW_PID" || e2e_fail "SIGHUP killed the gateway"
expect_rc 0 $CTL debug conn,op
expect_out "OK"
e2e_pass
