#!/bin/bash
# Story: an IAM suite polls the gateway's changelog.  The gateway serves
# cn=changelog next to a RACF suffix; its store already holds twelve
# changes (written before the gateway starts by tests/tools/clfill, as
# an agent's events would have been), and max-entries 10 trims the two
# oldest at start.  An administrator finds the changelog in the root
# DSE, reads it by base, one-level and subtree searches, polls with
# (changeNumber>=N), pages through it; only the password reader sees a
# reset's new password; nobody may change it; anonymous clients and ESM
# users see nothing of it.  Restarted with origin-gateway suppress, the
# gateway hides the changes its own requests made; with three hundred
# more, it paces a long read and a filter that matches nothing.
. "$(dirname "$0")/lib.sh"
e2e_begin "the changelog: root DSE, searches, polling, paging, trimming, suppression, passwords"

CLFILL=$top_builddir/tests/tools/clfill
[ -x "$CLFILL" ] || e2e_fail "$CLFILL is missing: run make check"
CL=cn=changelog
P="ou=People,$SUFFIX"
READER_DN="cn=auditor,$SUFFIX"
READER_PW="aud1t-secret"
NEWPW="R3set-Pw-0042"

e2e_agent_conf SYS1
e2e_agent_start SYS1
expect_rc 0 e2e_console SYS1 "ADDUSER CAROL NAME('CAROL') DFLTGRP(SYS1) OWNER(SYS1)"
expect_rc 0 e2e_console SYS1 "ALTUSER CAROL PASSWORD(CAR0LPW1) NOEXPIRED"

# Twelve changes, as the agent's events would have left them.
"$ESMAGENTD" --genkey "$E2E_DIR/changelog.key" >/dev/null ||
	e2e_fail "cannot generate the changelog key"
cat > "$E2E_DIR/records" <<RECORDS
SYS1|1|racf|add|create|native|IBMUSER|uid=OLD1,$P|NAME|objectClass: racfUser\nuid: OLD1\n|
SYS1|2|racf|delete|delete|native|IBMUSER|uid=OLD1,$P|||
SYS1|3|racf|add|create|native|IBMUSER|uid=ALICE,$P|NAME OWNER|objectClass: racfUser\nuid: ALICE\ncn: ALICE ONE\n|
SYS1|4|racf|modify|modify|gateway|ESMAGENT|uid=ALICE,$P|NAME|replace: cn\ncn: ALICE TWO\n-\n|
SYS1|5|racf|modify|password-reset|native|IBMUSER|uid=ALICE,$P|PASSWORD||$NEWPW
SYS1|6|racf|modify|revoke|native|IBMUSER|uid=ALICE,$P|REVOKE|replace: revoked\nrevoked: TRUE\n-\n|
SYS1|7|racf|modify|resume|gateway|ESMAGENT|uid=ALICE,$P|RESUME|replace: revoked\nrevoked: FALSE\n-\n|
SYS1|8|racf|add|group-create|native|IBMUSER|cn=PAYROLL,ou=Groups,$SUFFIX|SUPGROUP|objectClass: racfGroup\ncn: PAYROLL\n|
SYS1|9|racf|modify|connect|gateway|ESMAGENT|uid=ALICE,$P|GROUP|replace: memberOf\nmemberOf: cn=PAYROLL,ou=Groups,$SUFFIX\n-\n|
SYS1|10|racf|modify|logon-failure|native|ALICE|uid=ALICE,$P|||
SYS1|11|racf|modify|password-change|native|ALICE|uid=ALICE,$P|PASSWORD||
SYS1|12|racf|delete|delete|native|IBMUSER|uid=ALICE,$P|||
SYS1|4|racf|modify|modify|gateway|ESMAGENT|uid=ALICE,$P|NAME|replace: cn\ncn: ALICE TWO\n-\n|
RECORDS
"$CLFILL" -d "$E2E_DIR/changelog.db" -k "$E2E_DIR/changelog.key" \
	< "$E2E_DIR/records" > "$E2E_DIR/clfill.out" 2>&1 ||
	{ cat "$E2E_DIR/clfill.out"; e2e_fail "clfill failed"; }
grep -q "^duplicate 4$" "$E2E_DIR/clfill.out" ||
	e2e_fail "a redelivered event was not recognised: $(cat "$E2E_DIR/clfill.out")"
[ "$(grep -c '^change ' "$E2E_DIR/clfill.out")" = 12 ] ||
	e2e_fail "clfill did not store twelve changes"
# The reset's password is sealed at rest: not in the store's bytes.
if grep -aq -- "$NEWPW" "$E2E_DIR/changelog.db/data.mdb"; then
	e2e_fail "the new password lies in clear in the changelog"
fi

changelog_conf() {
	cat <<-CONF
	backend changelog
	directory changelog.db
	keyfile changelog.key
	max-entries 10
	max-age 3650d
	origin-gateway $1
	password-readers $READER_DN
	CONF
}
e2e_gateway_conf GW SYS1 "admin $READER_DN $("$ESMCTL" passwd "$READER_PW")"
cp "$E2E_DIR/GW.conf" "$E2E_DIR/GW.base"
changelog_conf show >> "$E2E_DIR/GW.conf"

# A password reader must be an administrator: said before anything starts.
{ cat "$E2E_DIR/GW.conf"; echo "password-readers cn=nobody,$SUFFIX"; } \
	> "$E2E_DIR/bad.conf"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/bad.conf"
expect_out "password-readers: cn=nobody,$SUFFIX is not a gateway administrator"
expect_rc 0 "$ESMGATED" -t -f "$E2E_DIR/GW.conf"

e2e_gateway_start GW
grep -q "trimmed 2 entries at start" "$E2E_DIR/GW.log" ||
	e2e_fail "max-entries 10 did not trim the two oldest changes at start"

# The root DSE: the changelog and its bounds, for administrators.
expect_rc 0 as_admin ldapsearch -LLL -b "" -s base changelog \
	firstChangeNumber lastChangeNumber namingContexts
expect_out "^changelog: $CL$"
expect_out "^firstChangeNumber: 3$"
expect_out "^lastChangeNumber: 12$"
expect_out "^namingContexts: $SUFFIX$"
expect_no_out "namingContexts: $CL"
expect_rc 0 as_anon ldapsearch -LLL -b "" -s base '*' '+'
expect_no_out "hangeNumber"
expect_no_out "changelog"

# Base, one level, subtree.
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" -s base 1.1
[ "$(grep -c '^dn: ' "$E2E_DIR/last.out")" = 1 ] || e2e_fail "base search"
expect_out "^dn: $CL$"
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" -s one 1.1
[ "$(grep -c '^dn: changeNumber=' "$E2E_DIR/last.out")" = 10 ] ||
	e2e_fail "one-level search: not the ten changes"
expect_no_out "^dn: $CL$"
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" -s sub 1.1
[ "$(grep -c '^dn: ' "$E2E_DIR/last.out")" = 11 ] || e2e_fail "subtree search"

# One change as a poller sees it.
expect_rc 0 as_admin ldapsearch -LLL -b "changeNumber=3,$CL" -s base
expect_out "^objectClass: changeLogEntry$"
expect_out "^changeNumber: 3$"
expect_out "^targetDN: uid=ALICE,$P$"
expect_out "^changeType: add$"
expect_out "^changes:: "
expect_out "^changeTime: 20231114221323Z$"
expect_out "^esmOrigin: native$"
expect_out "^esmType: racf$"
expect_out "^esmAgent: SYS1$"
expect_out "^esmEventType: create$"
expect_out "^esmChangedFields: OWNER$"
# Trimmed, or never given: no such entry, below cn=changelog.
expect_rc 32 as_admin ldapsearch -LLL -b "changeNumber=2,$CL" -s base
expect_out "Matched DN: $CL"
expect_out "holds 3 to 12"
expect_rc 32 as_admin ldapsearch -LLL -b "changeNumber=13,$CL" -s base

# Polling: everything after the last change seen.
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" "(changeNumber>=8)" \
	changeNumber
[ "$(ldif_attr changeNumber | tr '\n' ' ')" = "8 9 10 11 12 " ] ||
	e2e_fail "(changeNumber>=8): $(ldif_attr changeNumber | tr '\n' ' ')"
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" \
	"(&(changeNumber>=5)(changeNumber<=6)(objectClass=changeLogEntry))" \
	changeNumber
[ "$(ldif_attr changeNumber | tr '\n' ' ')" = "5 6 " ] ||
	e2e_fail "a range: $(ldif_attr changeNumber | tr '\n' ' ')"
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" \
	"(&(esmEventType=password-*)(targetDN=uid=alice,$P))" changeNumber
[ "$(ldif_attr changeNumber | tr '\n' ' ')" = "5 11 " ] ||
	e2e_fail "a filter the frontend evaluates: $(ldif_attr changeNumber | tr '\n' ' ')"
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" "(changeNumber>=13)"
[ ! -s "$E2E_DIR/last.out" ] || e2e_fail "changes after the last one"

# Paged: four, four, two.
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" -s one -E pr=4/noprompt \
	changeNumber
[ "$(ldif_attr changeNumber | tr '\n' ' ')" = "3 4 5 6 7 8 9 10 11 12 " ] ||
	e2e_fail "paged: $(ldif_attr changeNumber | tr '\n' ' ')"
[ "$(grep -c '^# pagedresults: cookie=.' "$E2E_DIR/last.out")" = 2 ] ||
	e2e_fail "paged: not three pages"

# The reset's new password: for the password reader only.
expect_rc 0 ldapsearch -H "$GW_URI" -x -D "$READER_DN" -w "$READER_PW" \
	-LLL -b "changeNumber=5,$CL" -s base esmNewPassword esmEventType
expect_out "^esmEventType: password-reset$"
expect_out "^esmNewPassword: $NEWPW$"
expect_rc 0 as_admin ldapsearch -LLL -b "changeNumber=5,$CL" -s base \
	esmNewPassword esmEventType
expect_out "^esmEventType: password-reset$"
expect_no_out "esmNewPassword"
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" "(esmNewPassword=*)" 1.1
[ ! -s "$E2E_DIR/last.out" ] || e2e_fail "a filter told the password's presence"
if grep -q -- "$NEWPW" "$E2E_DIR/GW.log"; then
	e2e_fail "the new password was logged"
fi

# Read-only, whoever asks.
expect_rc 53 as_admin ldapdelete "changeNumber=3,$CL"
expect_out "read-only"
expect_rc 53 as_admin ldapmodify <<LDIF
dn: changeNumber=3,$CL
changetype: modify
replace: targetDN
targetDN: uid=BOB,$P
LDIF
expect_out "read-only"
expect_rc 53 as_admin ldapadd <<LDIF
dn: changeNumber=99,$CL
objectClass: changeLogEntry
changeNumber: 99
targetDN: uid=BOB,$P
changeType: add
LDIF
expect_rc 53 as_admin ldapmodrdn "changeNumber=3,$CL" "changeNumber=98"

# Nothing of it for anonymous clients or ESM users.
expect_rc 50 as_anon ldapsearch -LLL -b "$CL" -s one
expect_out "bind first"
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=CAROL,$P" -w CAR0LPW1
expect_rc 50 ldapsearch -H "$GW_URI" -x -D "uid=CAROL,$P" -w CAR0LPW1 \
	-LLL -b "$CL" -s one
expect_rc 0 ldapsearch -H "$GW_URI" -x -D "uid=CAROL,$P" -w CAR0LPW1 \
	-LLL -b "" -s base '+'
expect_no_out "hangeNumber"

# The operator's view.
expect_rc 0 "$ESMCTL" -s "$E2E_DIR/GW.sock" status
expect_out "backend changelog suffix $CL"
expect_out "changelog .*changelog.db first 3 last 12 entries 10 .*trimmed 2 "
expect_out "gateway-changes shown"

# Restarted with origin-gateway suppress: the gateway's own echo is gone.
kill "$GW_PID"
wait "$GW_PID" 2>/dev/null
cp "$E2E_DIR/GW.base" "$E2E_DIR/GW.conf"
changelog_conf suppress >> "$E2E_DIR/GW.conf"
: > "$E2E_DIR/GW.log"
e2e_gateway_start GW
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" -s one changeNumber esmOrigin
[ "$(ldif_attr changeNumber | tr '\n' ' ')" = "3 5 6 8 10 11 12 " ] ||
	e2e_fail "suppress: $(ldif_attr changeNumber | tr '\n' ' ')"
expect_no_out "esmOrigin: gateway"
expect_rc 32 as_admin ldapsearch -LLL -b "changeNumber=4,$CL" -s base
expect_rc 0 as_admin ldapsearch -LLL -b "" -s base lastChangeNumber
expect_out "^lastChangeNumber: 12$"
expect_rc 0 "$ESMCTL" -s "$E2E_DIR/GW.sock" status
expect_out "gateway-changes suppressed"

# A longer changelog: three hundred more changes, read by a client whose
# output the gateway paces (output-buffer 4k), and by a filter matching
# none, which the gateway reads in stretches between its other clients.
kill "$GW_PID"
wait "$GW_PID" 2>/dev/null
for i in $(seq 13 312); do
	echo "SYS1|$i|racf|modify|modify|native|IBMUSER|uid=U$i,$P|NAME|replace: cn\ncn: USER $i\n-\n|"
done > "$E2E_DIR/more"
"$CLFILL" -d "$E2E_DIR/changelog.db" -k "$E2E_DIR/changelog.key" \
	< "$E2E_DIR/more" > "$E2E_DIR/clfill.out" 2>&1 ||
	{ cat "$E2E_DIR/clfill.out"; e2e_fail "clfill failed"; }
{ echo "output-buffer 4k"; cat "$E2E_DIR/GW.base"; } > "$E2E_DIR/GW.conf"
changelog_conf suppress | sed 's/^max-entries 10$/max-entries 1000/' \
	>> "$E2E_DIR/GW.conf"
: > "$E2E_DIR/GW.log"
e2e_gateway_start GW
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" -s one changeNumber
[ "$(grep -c '^dn: ' "$E2E_DIR/last.out")" = 307 ] ||
	e2e_fail "a long changelog: $(grep -c '^dn: ' "$E2E_DIR/last.out") entries, not 307"
[ "$(ldif_attr changeNumber | tail -n 1)" = 312 ] ||
	e2e_fail "a long changelog does not end with change 312"
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" "(esmIssuer=NOBODY)"
[ ! -s "$E2E_DIR/last.out" ] || e2e_fail "(esmIssuer=NOBODY) matched"
expect_rc 0 as_admin ldapsearch -LLL -b "$CL" "(changeNumber>=300)" 1.1
[ "$(grep -c '^dn: ' "$E2E_DIR/last.out")" = 13 ] ||
	e2e_fail "(changeNumber>=300) in a long changelog"
e2e_pass
