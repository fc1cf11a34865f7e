#!/bin/bash
# Story: two subscribers follow the users live while admins change them
# at the console and an IAM suite through LDAP: a persistent search on
# ou=People with entry change notifications, and an RFC 4533
# refreshAndPersist replica.  Each sees every change once, in order of
# the changelog; the replica's copy ends as LISTUSER shows the users.
# A second replica keeps only the users its filter selects: the user
# whose new name the filter excludes leaves it as a delete.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: a persistent search and a sync replica follow console and LDAP changes"

P="ou=People,$SUFFIX"
ev_setup
ev_start U01 U02 U03 U04 U05

$PY "$(dirname "$0")/events_subscriber.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$P" "$E2E_DIR/subscriber.out" 31 45 > "$E2E_DIR/subscriber.log" 2>&1 &
sub=$!
$PY "$(dirname "$0")/sync_persist.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$P" "$E2E_DIR/replica.ready" "$E2E_DIR/replica.out" 31 45 \
	> "$E2E_DIR/replica.log" 2>&1 &
rep=$!
$PY "$(dirname "$0")/sync_persist.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$P" "$E2E_DIR/filtered.ready" "$E2E_DIR/filtered.out" 31 45 \
	"(&(uid=U0*)(!(cn=U03 LDAP)))" > "$E2E_DIR/filtered.log" 2>&1 &
fil=$!
for i in $(seq 1 100); do
	[ -f "$E2E_DIR/replica.ready" ] && [ -f "$E2E_DIR/filtered.ready" ] &&
		"$ESMCTL" -s "$E2E_DIR/GW.sock" status |
		grep -q "^persistent-searches 3 " && break
	sleep 0.1
done
[ -f "$E2E_DIR/replica.ready" ] || e2e_fail "the replica's refresh did not end"
[ -f "$E2E_DIR/filtered.ready" ] || e2e_fail "the filtered replica's refresh did not end"

# Thirty changes at the console, one through LDAP (the gateway's own).
ev_names 30
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=U03,$P
changetype: modify
replace: cn
cn: U03 LDAP
LDIF
echo "name U03 U03 LDAP" >> "$EV_CHANGES"
ev_drain
wait "$sub" || { cat "$E2E_DIR/subscriber.log"; e2e_fail "the persistent search did not see the 31 changes"; }
wait "$rep" || { cat "$E2E_DIR/replica.log"; e2e_fail "the replica did not get the 31 changes"; }
wait "$fil" || { cat "$E2E_DIR/filtered.log"; e2e_fail "the filtered replica did not get the 31 changes"; }
ev_verdict --subscriber "$E2E_DIR/subscriber.out"

# The replica's copy is what RACF holds.
for u in $EV_USERS; do
	want=$(grep " $u " "$EV_CHANGES" | tail -n 1 | cut -d' ' -f3-)
	got=$(grep "^$u " "$E2E_DIR/replica.out" | cut -d' ' -f2-)
	[ "$got" = "$want" ] || e2e_fail "the replica holds $u as '$got', not '$want'"
done
grep -q "^U03 U03 LDAP$" "$E2E_DIR/replica.out" || e2e_fail "the LDAP change did not reach the replica"
# cn=changelog records a console rename as the attributes it changed,
# not as the whole entry.
expect_rc 0 as_admin ldapsearch -LLL -o ldif-wrap=no -b cn=changelog \
	"(&(targetDN=uid=U01,$P)(changeType=modify))" changes
grep '^changes:: ' "$E2E_DIR/last.out" | tail -n 1 | cut -c11- | base64 -d \
	> "$E2E_DIR/rename.ldif" || e2e_fail "no modify of U01 in cn=changelog"
grep -q "^replace: cn$" "$E2E_DIR/rename.ldif" ||
	e2e_fail "U01's last rename does not replace cn: $(cat "$E2E_DIR/rename.ldif")"
grep -q "^replace: defaultGroup$" "$E2E_DIR/rename.ldif" &&
	e2e_fail "U01's rename replaces attributes it did not change: $(cat "$E2E_DIR/rename.ldif")"
# The store keeps one state for each of the five users.
"$ESMCTL" -s "$E2E_DIR/GW.sock" status > "$E2E_DIR/status.out" ||
	e2e_fail "esmctl status failed"
grep -q "gateway-changes shown states 5$" "$E2E_DIR/status.out" ||
	{ cat "$E2E_DIR/status.out"; e2e_fail "the changelog does not keep five states"; }
# The filtered replica: U03 left it, the others are as in the full one.
grep -q "^U03 " "$E2E_DIR/filtered.out" && e2e_fail "U03 no longer matches the filter but is still in the filtered replica"
grep -v "^U03 " "$E2E_DIR/replica.out" | diff - "$E2E_DIR/filtered.out" ||
	e2e_fail "the filtered replica differs from the full one beyond U03"
e2e_pass
