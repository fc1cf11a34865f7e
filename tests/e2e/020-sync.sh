#!/bin/bash
# Story: a consumer replicates the gateway's people with RFC 4533
# content synchronization.  The changelog holds three changes (written
# before the gateway starts by tests/tools/clfill, as an agent's events
# would have been): one to a user that exists, the deletion of one that
# no longer does, one to a group (outside the consumer's base).
# ldapsearch -E sync=ro and python3-ldap's syncrepl consumer refresh in
# full, from an older cookie, from the newest; the gateway refuses the
# cookies it cannot serve; refreshAndPersist stays open.
. "$(dirname "$0")/lib.sh"
e2e_begin "content synchronization: refreshes, cookies, refreshAndPersist"

CLFILL=$top_builddir/tests/tools/clfill
[ -x "$CLFILL" ] || e2e_fail "$CLFILL is missing: run make check"
P="ou=People,$SUFFIX"

e2e_agent_conf SYS1
e2e_agent_start SYS1
e2e_sample_users SYS1 12
users=$(e2e_console SYS1 "SEARCH CLASS(USER)" | grep -v -e '^IBMUSER$' -e '^ESMAGENT$')
n=$(echo "$users" | wc -l)
changed=$(echo "$users" | head -n 1)

"$ESMAGENTD" --genkey "$E2E_DIR/changelog.key" >/dev/null ||
	e2e_fail "cannot generate the changelog key"
"$CLFILL" -d "$E2E_DIR/changelog.db" -k "$E2E_DIR/changelog.key" \
	> "$E2E_DIR/clfill.out" 2>&1 <<RECORDS ||
SYS1|1|racf|modify|modify|native|IBMUSER|uid=$changed,$P|NAME|replace: cn\ncn: CHANGED\n-\n|
SYS1|2|racf|delete|delete|native|IBMUSER|uid=GONE,$P|||
SYS1|3|racf|modify|group-modify|native|IBMUSER|cn=SYS1,ou=Groups,$SUFFIX|DATA||
RECORDS
	{ cat "$E2E_DIR/clfill.out"; e2e_fail "clfill failed"; }

e2e_gateway_conf GW SYS1
cat >> "$E2E_DIR/GW.conf" <<CONF
backend changelog
directory changelog.db
keyfile changelog.key
CONF
e2e_gateway_start GW

# The root DSE offers the control.
expect_rc 0 as_anon ldapsearch -LLL -b "" -s base supportedControl
expect_out "supportedControl: 1.3.6.1.4.1.4203.1.9.1.1"

# ldapsearch: a full refresh ends with a cookie; from change 0 only the
# changed user comes.
expect_rc 0 as_admin ldapsearch -LLL -b "$P" -s one -E sync=ro uid
[ "$(grep -c '^dn: ' "$E2E_DIR/last.out")" = "$n" ] ||
	e2e_fail "a full refresh: $(grep -c '^dn: ' "$E2E_DIR/last.out") entries, not $n"
# The refresh from change 0 reads the two changed users from RACF, one
# LISTUSER each, and does not list the whole of ou=People again.
searches=$(grep -c 'CMD="SEARCH CLASS(USER)' "$E2E_DIR/SYS1.audit")
expect_rc 0 as_admin ldapsearch -LLL -b "$P" -s one \
	-E "sync=ro/csn=20000101000000.000000Z#000000#000#000000" uid
[ "$(grep -c '^dn: ' "$E2E_DIR/last.out")" = 2 ] ||
	e2e_fail "from change 0: not the changed user and the deleted one"
expect_out "^dn: uid=$changed,$P$"
expect_out "^dn: uid=GONE,$P$"
[ "$(grep -c 'CMD="SEARCH CLASS(USER)' "$E2E_DIR/SYS1.audit")" = "$searches" ] ||
	e2e_fail "an incremental refresh listed every user"
grep -q "CMD=\"LISTUSER $changed " "$E2E_DIR/SYS1.audit" ||
	e2e_fail "the incremental refresh did not read $changed"
# Only the users that match the filter are the content: the changed one
# that does not is sent as a delete.
expect_rc 0 as_admin ldapsearch -LLL -b "$P" -s one "(uid=NOSUCH*)" \
	-E "sync=ro/csn=20000101000000.000000Z#000000#000#000000" uid
[ "$(grep -c '^dn: ' "$E2E_DIR/last.out")" = 2 ] ||
	e2e_fail "a filtered refresh from change 0: not the two deletes"
expect_no_out "^uid: "

$PY "$(dirname "$0")/sync_clients.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" "$n" "$changed" GONE "$ESMCTL" "$E2E_DIR/GW.conf" \
	> "$E2E_DIR/py.out" 2>&1
rc=$?
cat "$E2E_DIR/py.out"
[ $rc = 0 ] || e2e_fail "python3-ldap content synchronization failed"
grep -q "content sync refreshOnly of $P: changes up to change 3" "$E2E_DIR/GW.log" ||
	e2e_fail "the gateway did not log an incremental refresh"
kill -0 "$GW_PID" || e2e_fail "the gateway died"
e2e_pass
