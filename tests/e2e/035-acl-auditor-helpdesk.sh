#!/bin/bash
# Story: the operator replaces the built-in policy with access rules.
# A read-only auditor, an ESM user with no admin line, sees the users
# but not their installation data, cannot test it in a filter, and
# cannot change anything: insufficientAccessRights, the log names the
# rule, the audit feed records the denial, LISTUSER shows nothing
# changed.  A helpdesk group resets passwords and resumes users but
# may neither rename nor delete them.  A user reads only its own entry;
# anonymous clients get the root DSE and cn=Subschema and nothing else.
# A configuration with a wrong rule is refused with its file:line.
. "$(dirname "$0")/lib.sh"
e2e_begin "access rules: an auditor, a helpdesk, self, anonymous, errors"

P="ou=People,$SUFFIX"
AUD="uid=AUDITOR,$P"
HELP="uid=HELP1,$P"
A=$E2E_DIR/audit.cef

e2e_agent_conf SYS1
e2e_agent_start SYS1
cat > "$E2E_DIR/users.cmds" <<CMDS
ADDUSER AUDITOR NAME('AUDIT TEAM') DFLTGRP(SYS1) OWNER(SYS1)
ALTUSER AUDITOR PASSWORD(AUDITPW1) NOEXPIRED
ADDUSER HELP1 NAME('HELP DESK') DFLTGRP(SYS1) OWNER(SYS1)
ALTUSER HELP1 PASSWORD(HELPPW01) NOEXPIRED
ADDUSER BOB NAME('BOB BROWN') DFLTGRP(SYS1) OWNER(SYS1)
ALTUSER BOB PASSWORD(BOBPW001) NOEXPIRED
ADDUSER JANE NAME('JANE DOE') DFLTGRP(SYS1) OWNER(SYS1) DATA('SALARY 90K')
ALTUSER JANE PASSWORD(JANEPW01) NOEXPIRED
ALTUSER JANE REVOKE
CMDS
e2e_console SYS1 -q -b "$E2E_DIR/users.cmds" > "$E2E_DIR/users.out" 2>&1 ||
	{ cat "$E2E_DIR/users.out"; e2e_fail "the users could not be made"; }

e2e_gateway_conf GW SYS1 "audit-file audit.cef" \
	"group helpdesk dn:$HELP" \
	"access admins to * by admins read,write,password-reset,password-events,changelog" \
	"access auditor to $SUFFIX by dn:$AUD read attrs objectClass,uid,cn,owner,defaultGroup,revoked,memberOf" \
	"access helpdesk-unlock to $P by group:helpdesk read,write,password-reset attrs revoked,resumeDate,revokeDate,passwordExpired" \
	"access helpdesk-read to $SUFFIX by group:helpdesk read" \
	"access self to $SUFFIX by self read"
e2e_gateway_start GW

# The administrators keep everything through the "admins" rule.
expect_rc 0 as_admin ldapsearch -b "uid=JANE,$P" -s base "(instdata=SALARY*)" instdata
expect_out "instdata: SALARY 90K"

# The auditor sees the users, without their installation data.
expect_rc 0 as_dn "$AUD" AUDITPW1 ldapsearch -b "$P" -s one "(objectClass=*)" uid cn instdata
expect_out "dn: uid=JANE,$P"
expect_out "dn: uid=BOB,$P"
expect_out "cn: JANE DOE"
expect_no_out "^instdata:"
expect_no_out "SALARY"
# ... and cannot use a filter to guess it: no oracle either way.
expect_rc 0 as_dn "$AUD" AUDITPW1 ldapsearch -b "$P" -s one "(instdata=SALARY*)" uid
expect_no_out "^dn:"
# (its own entry it reads whole, by the self rule after its own)
expect_rc 0 as_dn "$AUD" AUDITPW1 ldapsearch -b "$P" -s one "(!(instdata=SALARY*))" uid
[ "$(grep -c '^dn:' "$E2E_DIR/last.out")" = 1 ] || { cat "$E2E_DIR/last.out"; e2e_fail "the auditor tested others' instdata"; }
expect_out "^dn: $AUD"
expect_rc 0 as_dn "$AUD" AUDITPW1 ldapsearch -b "$P" -s one "(instdata=*)" uid
expect_no_out "^dn:"
# A compare is a read of the attribute too.
expect_rc 50 as_dn "$AUD" AUDITPW1 ldapcompare "uid=JANE,$P" "instdata:SALARY 90K"
expect_rc 6 as_dn "$AUD" AUDITPW1 ldapcompare "uid=JANE,$P" "cn:JANE DOE"

# The auditor writes nothing: each refusal says what, the log says which rule.
expect_rc 50 as_dn "$AUD" AUDITPW1 ldapmodify <<LDIF
dn: uid=JANE,$P
changetype: modify
replace: cn
cn: JANE CHANGED
LDIF
expect_out "Insufficient access"
expect_out "may not change cn of \"uid=JANE,$P\""
expect_no_out "GW.conf"
grep -q "access denied: $AUD may not change cn of \"uid=JANE,$P\": rule auditor ($E2E_DIR/GW.conf:$(conf_line_of GW.conf "access auditor ")) does not grant write" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not name the rule that refused the auditor's modify"
expect_rc 50 as_dn "$AUD" AUDITPW1 ldapdelete "uid=BOB,$P"
expect_rc 1 as_dn "$AUD" AUDITPW1 ldappasswd -s NEWPW123 "uid=BOB,$P"
expect_out "Insufficient access (50)"
expect_out "may not reset the password of \"uid=BOB,$P\""
expect_rc 0 e2e_console SYS1 "LISTUSER JANE"
expect_out "NAME=JANE DOE"
expect_rc 0 e2e_console SYS1 "LISTUSER BOB"
expect_out "NAME=BOB BROWN"
grep -q "|access-denied|Access denied|7|.* suser=uid\\\\=AUDITOR,.* act=modify duser=uid\\\\=JANE,.*cn1=50 " "$A" ||
	{ cat "$A"; e2e_fail "no access-denied audit record for the auditor's modify"; }

# The helpdesk resumes JANE and resets her password ...
expect_rc 0 as_dn "$HELP" HELPPW01 ldapmodify <<LDIF
dn: uid=JANE,$P
changetype: modify
replace: revoked
revoked: FALSE
LDIF
expect_rc 0 e2e_console SYS1 "LISTUSER JANE"
expect_no_out "REVOKED"
expect_rc 0 as_dn "$HELP" HELPPW01 ldappasswd -s RESETPW7 "uid=JANE,$P"
expect_rc 0 as_dn "$HELP" HELPPW01 ldapmodify <<LDIF
dn: uid=JANE,$P
changetype: modify
replace: userPassword
userPassword: RESETPW8
LDIF
# (a reset leaves the password expired: the new one is proved by the
# ESM's answer to a logon with it)
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JANE,$P" -w RESETPW8
expect_out "expired"
# ... but renames and deletes nothing, and reads everything.
expect_rc 50 as_dn "$HELP" HELPPW01 ldapmodify <<LDIF
dn: uid=JANE,$P
changetype: modify
replace: cn
cn: JANE RENAMED
LDIF
grep -q "rule helpdesk-read ($E2E_DIR/GW.conf:$(conf_line_of GW.conf "access helpdesk-read ")) does not grant write" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not name helpdesk-read for the helpdesk's rename"
expect_rc 50 as_dn "$HELP" HELPPW01 ldapdelete "uid=JANE,$P"
expect_out "may not delete \"uid=JANE,$P\""
grep -q "rule helpdesk-unlock ($E2E_DIR/GW.conf:$(conf_line_of GW.conf "access helpdesk-unlock ")) grants write on its attrs only, not on the whole entry" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not say why the helpdesk may not delete"
expect_rc 0 e2e_console SYS1 "LISTUSER JANE"
expect_out "NAME=JANE DOE"
expect_rc 0 as_dn "$HELP" HELPPW01 ldapsearch -b "uid=JANE,$P" -s base "(objectClass=*)" instdata
expect_out "instdata: SALARY 90K"

# A user reads its own entry, and no other.
expect_rc 0 as_dn "uid=BOB,$P" BOBPW001 ldapsearch -b "uid=BOB,$P" -s base "(objectClass=*)" cn
expect_out "cn: BOB BROWN"
expect_rc 50 as_dn "uid=BOB,$P" BOBPW001 ldapsearch -b "uid=JANE,$P" -s base "(objectClass=*)" cn
expect_rc 0 as_dn "uid=BOB,$P" BOBPW001 ldapsearch -b "$P" -s one "(objectClass=*)" 1.1
[ "$(grep -c '^dn:' "$E2E_DIR/last.out")" = 1 ] || { cat "$E2E_DIR/last.out"; e2e_fail "BOB sees more than himself"; }
expect_out "dn: uid=BOB,$P"

# Anonymous: the root DSE and the schema, nothing more.
expect_rc 0 as_anon ldapsearch -b "" -s base "(objectClass=*)" namingContexts
expect_out "namingContexts: $SUFFIX"
expect_rc 0 as_anon ldapsearch -b cn=Subschema -s base "(objectClass=*)" cn
expect_out "cn: Subschema"
expect_rc 50 as_anon ldapsearch -b "$SUFFIX" "(objectClass=*)"
expect_out "anonymous may not search \"$SUFFIX\""
grep -q "access denied: anonymous may not search \"$SUFFIX\": no access rule grants read" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not say that no rule grants anonymous a read"
expect_rc 50 as_anon ldapdelete "uid=BOB,$P"

# Rules with mistakes are refused with their file and line.
bad() {
	{ sed '/^backend/,$d' "$E2E_DIR/GW.conf"; echo "$1"; sed -n '/^backend/,$p' "$E2E_DIR/GW.conf"; } > "$E2E_DIR/bad.conf"
	BADLINE=$(grep -c '' <(sed '/^backend/,$d' "$E2E_DIR/GW.conf"))
	BADLINE=$((BADLINE + 1))
	expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/bad.conf"
	expect_out "bad.conf:$BADLINE: $2"
}
bad "access x1 to $SUFFIX by group:auditors read" "access x1: group auditors is not defined"
bad "access x2 to $SUFFIX by users read attrs cn,salary" "access x2: attribute type salary is not in the schema"
bad "access x3 to $SUFFIX by users read,browse" "access x3: \"browse\" is not a right"
bad "access x4 to dc=xracf,dc=com by users read" "access x4: no naming context of this gateway holds dc=xracf,dc=com"
bad "access x5 to ou=People,$SUFFIX by admins write" "access x5 can never match: rule admins"
bad "access x6 to uid=BOB,,$SUFFIX by users read" "access x6: \"to uid=BOB,,$SUFFIX\" is not a DN"
e2e_pass
