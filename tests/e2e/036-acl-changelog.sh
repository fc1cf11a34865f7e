#!/bin/bash
# Story: the changelog under access rules.  An auditor who may read the
# users but has no "changelog" right can neither search cn=changelog
# nor open a persistent search or a content synchronization; a reader
# with "changelog" reads the change records but, without
# "password-events", not the new password of a reset.  Each record is
# judged by the entry it names: the reader, who may read some
# attributes of the users only, sees neither the records of the groups
# nor the installation data the users' records carry; a helpdesk group
# granted password-events on ou=People reads the reset's password
# there.  password-readers cannot be combined with access lines: the
# configuration is refused with its file:line.
. "$(dirname "$0")/lib.sh"
e2e_begin "access rules: the changelog, subscriptions and password events"

CLFILL=$top_builddir/tests/tools/clfill
[ -x "$CLFILL" ] || e2e_fail "$CLFILL is missing: run make check"
P="ou=People,$SUFFIX"
AUD="uid=AUDITOR,$P"
CLR="uid=CLREAD,$P"
HD="uid=HELPD,$P"
NEWPW="R3set-Pw-0036"

e2e_agent_conf SYS1
e2e_agent_start SYS1
cat > "$E2E_DIR/users.cmds" <<CMDS
ADDUSER AUDITOR NAME('AUDIT TEAM') DFLTGRP(SYS1) OWNER(SYS1)
ALTUSER AUDITOR PASSWORD(AUDITPW1) NOEXPIRED
ADDUSER CLREAD NAME('CHANGE READER') DFLTGRP(SYS1) OWNER(SYS1)
ALTUSER CLREAD PASSWORD(CLREADP1) NOEXPIRED
ADDUSER HELPD NAME('HELP DESK') DFLTGRP(SYS1) OWNER(SYS1)
ALTUSER HELPD PASSWORD(HELPDPW1) NOEXPIRED
CMDS
e2e_console SYS1 -q -b "$E2E_DIR/users.cmds" > "$E2E_DIR/users.out" 2>&1 ||
	{ cat "$E2E_DIR/users.out"; e2e_fail "the users could not be made"; }

# Four changes, as the agent's events would have left them.
"$ESMAGENTD" --genkey "$E2E_DIR/changelog.key" >/dev/null ||
	e2e_fail "cannot generate the changelog key"
cat > "$E2E_DIR/records" <<RECORDS
SYS1|1|racf|add|create|native|IBMUSER|uid=ALICE,$P|NAME|objectClass: racfUser\nuid: ALICE\ninstdata: PROJECT-X-0036\n|
SYS1|2|racf|modify|password-reset|native|IBMUSER|uid=ALICE,$P|PASSWORD||$NEWPW
SYS1|3|racf|modify|revoke|native|IBMUSER|uid=ALICE,$P|REVOKE|replace: revoked\nrevoked: TRUE\n-\nreplace: instdata\ninstdata: PROJECT-Y-0036\n-\n|
SYS1|4|racf|add|group-create|native|IBMUSER|cn=PAYROLL,ou=Groups,$SUFFIX|SUPGROUP|objectClass: racfGroup\ncn: PAYROLL\n|
RECORDS
"$CLFILL" -d "$E2E_DIR/changelog.db" -k "$E2E_DIR/changelog.key" \
	< "$E2E_DIR/records" > "$E2E_DIR/clfill.out" 2>&1 ||
	{ cat "$E2E_DIR/clfill.out"; e2e_fail "clfill failed"; }

e2e_gateway_conf GW SYS1 \
	"group helpdesk dn:$HD" \
	"access admins to * by admins read,write,password-reset,password-events,changelog" \
	"access cl-reader to cn=changelog by dn:$CLR read,changelog" \
	"access cl-auditor to cn=changelog by dn:$AUD read" \
	"access cl-helpdesk to cn=changelog by group:helpdesk read,changelog" \
	"access users-reader to $P by dn:$CLR read,changelog attrs objectClass,uid,cn,revoked" \
	"access users-auditor to $SUFFIX by dn:$AUD read" \
	"access users-helpdesk to $P by group:helpdesk read,password-events"
cat >> "$E2E_DIR/GW.conf" <<CONF
backend changelog
directory changelog.db
keyfile changelog.key
max-entries 0
CONF
e2e_gateway_start GW
# The auditor reads users, not the changelog.
expect_rc 0 as_dn "$AUD" AUDITPW1 ldapsearch -b "$P" -s one "(uid=CLREAD)" cn
expect_out "cn: CHANGE READER"
expect_rc 50 as_dn "$AUD" AUDITPW1 ldapsearch -b cn=changelog "(changeNumber>=1)"
expect_out "may not read the changelog at \"cn=changelog\""
grep -q "access denied: $AUD may not read the changelog at \"cn=changelog\": rule cl-auditor ($E2E_DIR/GW.conf:$(conf_line_of GW.conf "access cl-auditor ")) does not grant changelog" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not name the rule refusing the auditor the changelog"
expect_rc 50 as_dn "$AUD" AUDITPW1 ldapsearch -b changeNumber=2,cn=changelog -s base "(objectClass=*)"
# ... nor subscribe to changes, of the users or of the changelog.
expect_rc 0 env PYTHONPATH="$(dirname "$0")" $PY "$(dirname "$0")/acl_subscribers.py" \
	"$GW_URI" "$AUD" AUDITPW1 "$SUFFIX" refused
grep -q "access denied: $AUD may not subscribe to the changes of \"$P\": rule users-auditor ($E2E_DIR/GW.conf:$(conf_line_of GW.conf "access users-auditor ")) does not grant changelog" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not name the rule refusing the auditor a persistent search"

# changes_of N: the decoded changes of record N in the last output.
changes_of() {
	awk -v dn="dn: changeNumber=$1,cn=changelog" '
		/^dn: / { on = ($0 == dn) }
		on && /^changes:: / { print substr($0, 11) }' \
	    "$E2E_DIR/last.out" | base64 -d
}

# The reader reads the records, not the reset's password ...
expect_rc 0 as_dn "$CLR" CLREADP1 ldapsearch -b cn=changelog "(changeNumber>=1)" changeNumber changeType esmEventType esmNewPassword changes targetDN
expect_out "dn: changeNumber=2,cn=changelog"
expect_out "esmEventType: password-reset"
expect_no_out "^esmNewPassword:"
expect_no_out "$NEWPW"
# ... nor the records of entries it may not see (the group), nor the
# attributes its rule leaves out of the users (instdata) ...
expect_out "dn: changeNumber=1,cn=changelog"
expect_out "dn: changeNumber=3,cn=changelog"
expect_no_out "changeNumber=4,"
expect_no_out "PAYROLL"
changes_of 1 > "$E2E_DIR/changes1" && changes_of 3 > "$E2E_DIR/changes3"
grep -q "^uid: ALICE$" "$E2E_DIR/changes1" ||
	e2e_fail "the reader lost the add's uid: $(cat "$E2E_DIR/changes1")"
grep -q "^replace: revoked$" "$E2E_DIR/changes3" ||
	e2e_fail "the reader lost the revoke: $(cat "$E2E_DIR/changes3")"
grep -q "instdata\|PROJECT-" "$E2E_DIR/changes1" "$E2E_DIR/changes3" &&
	e2e_fail "the reader reads instdata in the changes: $(cat "$E2E_DIR/changes1" "$E2E_DIR/changes3")"
# ... not even by a filter, nor by naming the record.
expect_rc 0 as_dn "$CLR" CLREADP1 ldapsearch -b cn=changelog "(targetDN=cn=PAYROLL,ou=Groups,$SUFFIX)" changeNumber
expect_no_out "^dn:"
expect_rc 0 as_dn "$CLR" CLREADP1 ldapsearch -b cn=changelog "(changes=*PROJECT-X*)" changeNumber
expect_no_out "^dn:"
expect_rc 32 as_dn "$CLR" CLREADP1 ldapsearch -b changeNumber=4,cn=changelog -s base "(objectClass=*)"
# The helpdesk's password-events on ou=People applies to the records of
# its users: it reads the reset's password, and nothing of the groups.
expect_rc 0 as_dn "$HD" HELPDPW1 ldapsearch -b cn=changelog "(changeNumber>=1)" esmNewPassword targetDN
expect_out "^esmNewPassword: $NEWPW"
expect_no_out "changeNumber=4,"
expect_rc 0 as_dn "$HD" HELPDPW1 ldapsearch -b changeNumber=2,cn=changelog -s base "(objectClass=*)" esmNewPassword
expect_out "^esmNewPassword: $NEWPW"
# ... and may subscribe.
expect_rc 0 env PYTHONPATH="$(dirname "$0")" $PY "$(dirname "$0")/acl_subscribers.py" \
	"$GW_URI" "$CLR" CLREADP1 "$SUFFIX" allowed
# The administrators' rule grants password-events.
expect_rc 0 as_admin ldapsearch -b changeNumber=2,cn=changelog -s base "(objectClass=*)" esmNewPassword
expect_out "^esmNewPassword: $NEWPW"
grep -q -- "$NEWPW" "$E2E_DIR/GW.log" && e2e_fail "a password is in the gateway's log"

# password-readers is for configurations without access lines.
cp "$E2E_DIR/GW.conf" "$E2E_DIR/readers.conf"
echo "password-readers $ADMIN_DN" >> "$E2E_DIR/readers.conf"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/readers.conf"
expect_out "readers.conf:$(conf_line_of GW.conf "backend changelog"): backend changelog: password-readers cannot be combined with access lines"
expect_out "grant password-events instead"
e2e_pass
