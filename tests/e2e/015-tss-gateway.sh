#!/bin/bash
# Story: an IAM suite manages CA Top Secret through the gateway.  It
# reads ACIDs of TYPE USER as people and profiles and groups as groups,
# reconciles every user in pages, provisions a user with ldapadd,
# changes it with ldapmodify, attaches it to profiles and groups from
# either side, grants and revokes a permission, resets, expires and
# changes passwords, suspends and resumes, and deletes.  After every
# step Top Secret itself is asked at the console.  Hostile values are
# refused or stored literally over every writable attribute, and bad
# requests get a precise result code and change nothing.
E2E_ESM=tss
. "$(dirname "$0")/lib.sh"
e2e_begin "Top Secret through LDAP: read, reconcile, provision, members, permissions, passwords"

e2e_agent_conf TSS1
e2e_agent_start TSS1

# The organisation, built at the console as the MSCA would, and some 300
# sample users (esmgen) for the reconciliation.
{
	echo "CREATE(PAYDIV) TYPE(DIV) NAME('PAYROLL DIVISION')"
	echo "CREATE(PAYDEPT) TYPE(DEPT) NAME('PAYROLL') DIVISION(PAYDIV)"
	echo "CREATE(PAYPROF) TYPE(PROFILE) NAME('PAY PROFILE') DEPT(PAYDEPT)"
	echo "CREATE(AUDPROF) TYPE(PROFILE) NAME('AUDIT PROFILE') DEPT(PAYDEPT)"
	echo "CREATE(PAYGRP) TYPE(GROUP) NAME('PAY GROUP') DEPT(PAYDEPT)"
	echo "CREATE(AUDGRP) TYPE(GROUP) NAME('AUDIT GROUP') DEPT(PAYDEPT)"
	echo "CREATE(CAROL) TYPE(USER) NAME('CAROL') DEPT(PAYDEPT) PASSWORD(CAROL1,30)"
} | e2e_console TSS1 -q -b - > "$E2E_DIR/load.out" 2>&1 || e2e_fail "loading the organisation failed"
e2e_sample_users TSS1 300

GW_BACKEND_EXTRA="protect CAROL" e2e_gateway_conf GW TSS1
e2e_gateway_start GW
P="ou=People,$SUFFIX"
G="ou=Groups,$SUFFIX"

# The words of one LIST line of the console's last output ("ACIDS ...").
list_words() {
	sed -n "s/^$1 *= //p" "$E2E_DIR/last.out" | tr -s ' ' '\n' | grep -c .
}

# --- reading -----------------------------------------------------------
expect_rc 0 as_anon ldapsearch -LLL -b "" -s base
expect_out "namingContexts: $SUFFIX"
expect_rc 0 as_anon ldapsearch -LLL -b cn=Subschema -s base attributeTypes objectClasses
expect_out "NAME 'tssUser'"
expect_out "NAME 'tssPermission'"

# One user: the entry matches LIST at the console.
user=$(e2e_console TSS1 "LIST(ACIDS) TYPE(USER)" | awk '$1 == "ACCESSORID" && $3 != "CAROL" {print $3; exit}')
U2=$(e2e_console TSS1 "LIST(ACIDS) TYPE(USER)" | awk '$1 == "ACCESSORID" && $3 != "CAROL" {n++} n == 2 {print $3; exit}')
expect_rc 0 e2e_console TSS1 "LIST($user) DATA(ALL)"
name=$(sed -n 's/^ACCESSORID = [^ ]* *NAME       = //p' "$E2E_DIR/last.out")
dept=$(sed -n 's/.*DEPT ACID  = \([^ ]*\).*/\1/p' "$E2E_DIR/last.out")
prof=$(sed -n 's/^PROFILES   = \([^ ]*\).*/\1/p' "$E2E_DIR/last.out")
proc=$(sed -n 's/^TSOLPROC   = \([^ ]*\).*/\1/p' "$E2E_DIR/last.out")
fac=$(sed -n 's/^FACILITY   = \([^ ]*\).*/\1/p' "$E2E_DIR/last.out" | head -1)
[ -n "$name" ] && [ -n "$dept" ] && [ -n "$prof" ] && [ -n "$fac" ] || e2e_fail "esmgen's $user lacks NAME, DEPARTMENT or PROFILES"
expect_rc 0 as_admin ldapsearch -LLL -b "uid=$user,$P" -s base
expect_out "objectClass: tssUser"
expect_out "cn: $name"
expect_out "departmentNumber: $dept"
expect_out "tssFacility: $fac"
expect_out "tssProfiles: cn=$prof,$G"
expect_out "memberOf: cn=$prof,$G"
[ -z "$proc" ] || expect_out "tsoProc: $proc"
expect_out "tssSuspended: FALSE"
expect_out "passwordExpired: FALSE"
expect_no_out "userPassword"
# A profile's DN under People is no user, nor a user's under Groups.
expect_rc 32 as_admin ldapsearch -LLL -b "uid=$prof,$P" -s base
expect_rc 32 as_admin ldapsearch -LLL -b "cn=$user,$G" -s base

# Full reconciliation, in pages: as many users as TSS lists, less the
# one the gateway protects.
want=$(e2e_console TSS1 "LIST(ACIDS) TYPE(USER)" | grep -c '^ACCESSORID' )
want=$((want - 1))
[ "$want" -ge 300 ] || e2e_fail "TSS lists only $want users"
expect_rc 0 as_admin ldapsearch -LLL -E pr=50/noprompt -b "$P" "(objectClass=*)" 1.1
got=$(grep -c '^dn: uid=' "$E2E_DIR/last.out")
[ "$got" = "$want" ] || e2e_fail "paged search gave $got users, TSS has $want"
expect_no_out "uid=CAROL"
# Filters the gateway evaluates over every user: as TSS counts.
expect_rc 0 e2e_console TSS1 "LIST($prof) DATA(ACIDS)"
want=$(list_words ACIDS)
expect_rc 0 as_admin ldapsearch -LLL -b "$P" "(tssProfiles=cn=$prof,$G)" uid
got=$(grep -c '^uid: ' "$E2E_DIR/last.out")
[ "$got" = "$want" ] || e2e_fail "$got users on $prof through LDAP, TSS has $want"
p1=$(echo "$user" | cut -c1)
want=$(e2e_console TSS1 "LIST(ACIDS) TYPE(USER)" | grep -c "^ACCESSORID = $p1")
[ "$p1" != C ] || want=$((want - 1))
expect_rc 0 as_admin ldapsearch -LLL -b "$P" "(uid=$p1*)" uid
got=$(grep -c '^uid: ' "$E2E_DIR/last.out")
[ "$got" = "$want" ] || e2e_fail "(uid=$p1*) gave $got users, TSS has $want"

# Profiles and groups, with their members.
want=$(e2e_console TSS1 "LIST(ACIDS) TYPE(PROFILE,GROUP)" | grep -c '^ACCESSORID')
expect_rc 0 as_admin ldapsearch -LLL -b "$G" "(objectClass=tssGroup)" cn tssAcidType
[ "$(grep -c '^dn: cn=' "$E2E_DIR/last.out")" = "$want" ] || e2e_fail "not the $want profiles and groups"
expect_rc 0 e2e_console TSS1 "LIST($prof) DATA(BASIC,ACIDS)"
want=$(list_words ACIDS)
pname=$(sed -n 's/^ACCESSORID = [^ ]* *NAME       = //p' "$E2E_DIR/last.out")
expect_rc 0 as_admin ldapsearch -LLL -b "cn=$prof,$G" -s base
expect_out "tssAcidType: PROFILE"
expect_out "description: $pname"
expect_out "member: uid=$user,$P"
[ "$(grep -c '^member: ' "$E2E_DIR/last.out")" = "$want" ] || e2e_fail "$prof has $want members"
expect_rc 0 as_admin ldapsearch -LLL -b "$G" "(tssAcidType=GROUP)" cn
expect_out "cn: AUDGRP"
expect_no_out "cn: PAYPROF"

# --- provisioning ------------------------------------------------------
cat > "$E2E_DIR/jdoe.ldif" <<LDIF
dn: uid=JDOE,$P
objectClass: tssUser
uid: JDOE
cn: JANE O'DOE
sn: O'DOE
userPassword: START123
departmentNumber: PAYDEPT
tssFacility: TSO
tssFacility: BATCH
tssGroups: cn=PAYGRP,$G
defaultGroup: PAYGRP
tsoProc: ISPFPROC
tsoCommand: ISPF PANEL('X')
omvsUid: 4711
omvsHome: /u/jdoe
LDIF
expect_rc 0 as_admin ldapadd -f "$E2E_DIR/jdoe.ldif"
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(ALL,PASSWORD)"
expect_out "NAME       = JANE O'DOE"
expect_out "DEPT ACID  = PAYDEPT"
expect_out "FACILITY   = TSO       BATCH"
expect_out "GROUPS     = PAYGRP"
expect_out "DFLTGRP    = PAYGRP"
expect_out "TSOLPROC   = ISPFPROC"
expect_out "TSOCOMMAND = ISPF PANEL('X')"
expect_out "UID        = 4711"
expect_out "HOME       = /u/jdoe"
expect_out "EXPIRES    = EXPIRED"
grep -q "$ADMIN_DN" "$E2E_DIR/TSS1.audit" || e2e_fail "the agent's audit lacks the admin's DN"
grep -q "START123" "$E2E_DIR/TSS1.audit" "$E2E_DIR/GW.log" && e2e_fail "a password reached a log"
expect_rc 68 as_admin ldapadd -f "$E2E_DIR/jdoe.ldif"
expect_out "already exists"
# TSS creates a user with NAME and DEPARTMENT: without, nothing is sent.
expect_rc 65 as_admin ldapadd <<LDIF
dn: uid=NODEPT,$P
objectClass: tssUser
uid: NODEPT
cn: NO DEPARTMENT
LDIF
expect_out "departmentNumber is required"
expect_rc 19 as_admin ldapadd <<LDIF
dn: uid=BADDEPT,$P
objectClass: tssUser
uid: BADDEPT
cn: BAD DEPARTMENT
departmentNumber: NODEPT
LDIF
expect_out "TSS0211E"
expect_rc 8 e2e_console TSS1 "LIST(NODEPT)"
expect_rc 8 e2e_console TSS1 "LIST(BADDEPT)"

# Modify: replace, add and delete values, clear a field.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: cn
cn: JANE Q DOE
-
add: tssFacility
tssFacility: CICS
-
delete: tssFacility
tssFacility: BATCH
-
delete: tsoProc
-
replace: omvsHome
omvsHome: /u/jane doe
LDIF
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(ALL)"
expect_out "NAME       = JANE Q DOE"
expect_out "FACILITY   = TSO       CICS"
expect_out "HOME       = /u/jane doe"
expect_no_out "TSOLPROC"
# Bad input changes nothing: too long a NAME with another change.
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: omvsHome
omvsHome: /SHOULD/NOT/BE/STORED
-
replace: cn
cn: A NAME FAR LONGER THAN THIRTY-TWO CHARACTERS
LDIF
expect_out "cn"
expect_rc 17 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: favouriteColour
favouriteColour: blue
LDIF
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: departmentNumber
departmentNumber: MSCADEPT
LDIF
expect_out "fixed"
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(ALL)"
expect_no_out "SHOULD"
expect_out "DEPT ACID  = PAYDEPT"

# --- memberships, from the user and from the profile or group ----------
expect_rc 0 as_admin ldapmodify <<LDIF
dn: cn=AUDPROF,$G
changetype: modify
add: member
member: uid=JDOE,$P
LDIF
expect_rc 0 as_admin ldapmodify <<LDIF
dn: cn=AUDGRP,$G
changetype: modify
add: member
member: uid=JDOE,$P
LDIF
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(PROFILES)"
expect_out "PROFILES   = AUDPROF"
expect_out "GROUPS     = PAYGRP    AUDGRP"
expect_rc 0 as_admin ldapsearch -LLL -b "uid=JDOE,$P" -s base memberOf
expect_out "memberOf: cn=AUDPROF,$G"
expect_out "memberOf: cn=AUDGRP,$G"
# The default group moves to AUDGRP; PAYGRP is left from the user side.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: defaultGroup
defaultGroup: AUDGRP
-
delete: tssGroups
tssGroups: cn=PAYGRP,$G
-
add: tssProfiles
tssProfiles: cn=PAYPROF,$G
LDIF
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(PROFILES)"
expect_out "PROFILES   = AUDPROF   PAYPROF"
expect_out "GROUPS     = AUDGRP"
expect_out "DFLTGRP    = AUDGRP"
# A profile in the groups' place is TSS's refusal, with its message.
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
add: tssGroups
tssGroups: cn=PAYPROF,$G
LDIF
expect_out "TSS0212E"
# The protected user is attached to nothing through a profile either.
expect_rc 50 as_admin ldapmodify <<LDIF
dn: cn=AUDPROF,$G
changetype: modify
add: member
member: uid=CAROL,$P
LDIF
expect_out "protected"
expect_rc 0 as_admin ldapmodify <<LDIF
dn: cn=AUDPROF,$G
changetype: modify
delete: member
member: uid=JDOE,$P
LDIF
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(PROFILES)"
expect_no_out "AUDPROF"

# --- permissions -------------------------------------------------------
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
add: tssPermission
tssPermission: dsn(pay.) access(read)
tssPermission: IBMFAC(BPX.SUPERUSER) ACCESS(READ)
LDIF
expect_rc 0 e2e_console TSS1 "WHOHAS DSN(PAY.DATA)"
expect_out "ACID    = JDOE      ACCESS     = READ"
expect_rc 0 as_admin ldapsearch -LLL -b "uid=JDOE,$P" -s base tssPermission
expect_out "tssPermission: DSN(PAY.) ACCESS(READ)"
expect_out "tssPermission: IBMFAC(BPX.SUPERUSER) ACCESS(READ)"
# A new access level: the old permission goes, the new one comes.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
delete: tssPermission
tssPermission: DSN(PAY.) ACCESS(READ)
-
add: tssPermission
tssPermission: DSN(PAY.) ACCESS(READ,UPDATE)
LDIF
expect_rc 0 e2e_console TSS1 "WHOHAS DSN(PAY.)"
expect_out "ACID    = JDOE      ACCESS     = READ,UPDATE"
# Two permissions on one resource, and a malformed one, are refused.
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
add: tssPermission
tssPermission: DSN(PAY.) ACCESS(ALL)
LDIF
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
add: tssPermission
tssPermission: DSN(PAY.X) ACCESS(READ) SUSPEND
LDIF
# A user holding permissions is not deleted; TSS says why.
expect_rc 53 as_admin ldapdelete "uid=JDOE,$P"
expect_out "TSS0222E"
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
delete: tssPermission
LDIF
expect_rc 0 e2e_console TSS1 "WHOHAS DSN(PAY.)"
expect_no_out "JDOE"
expect_rc 0 e2e_console TSS1 "WHOHAS IBMFAC(BPX.SUPERUSER)"
expect_no_out "JDOE"

# --- passwords, signon, suspension ---------------------------------------
# The initial password is expired, as TSS administrators set it.
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w START123
expect_out "expired"
# She changes it herself with the old one, as at a TSO signon.
expect_rc 0 ldappasswd -H "$GW_URI" -x -a START123 -s N3WPASS1 "uid=JDOE,$P"
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w N3WPASS1
expect_out "dn:uid=JDOE,$P"
expect_rc 0 e2e_console TSS1 "LOGON JDOE/N3WPASS1"
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w WRONGPW1
expect_rc 0 ldapsearch -H "$GW_URI" -x -D "uid=JDOE,$P" -w N3WPASS1 -LLL -b "uid=JDOE,$P" -s base cn
expect_out "cn: JANE Q DOE"
# The admin resets it: expired (Password Modify and userPassword alike).
expect_rc 0 as_admin ldappasswd -s TEMP9999 "uid=JDOE,$P"
expect_rc 12 e2e_console TSS1 "LOGON JDOE/TEMP9999"
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: userPassword
userPassword: TEMP8888
LDIF
expect_rc 12 e2e_console TSS1 "LOGON JDOE/TEMP8888"
expect_rc 0 as_admin ldapsearch -LLL -b "uid=JDOE,$P" -s base passwordExpired
expect_out "passwordExpired: TRUE"
expect_rc 0 as_admin ldappasswd "uid=JDOE,$P"
expect_out "New password: "
expect_rc 1 as_admin ldappasswd -s "A B" "uid=JDOE,$P"
expect_out "Constraint violation (19)"
# Suspended: the bind fails however right the password; resumed, it works.
expect_rc 0 as_admin ldappasswd -s FRESH111 "uid=JDOE,$P"
expect_rc 0 ldappasswd -H "$GW_URI" -x -a FRESH111 -s FRESH222 "uid=JDOE,$P"
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: tssSuspended
tssSuspended: TRUE
LDIF
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(BASIC)"
expect_out "REASON     = ADMIN"
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w FRESH222
# Setting it again is nothing to do, not a TSS error.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: tssSuspended
tssSuspended: TRUE
LDIF
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: tssSuspended
tssSuspended: FALSE
LDIF
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w FRESH222

# --- hostile values over every writable attribute ----------------------
# Each is refused (constraintViolation, invalidAttributeSyntax) or stored
# exactly as sent; TSS's LIST shows no other operand took effect.
# hostile CLASS DN: every hostile value into every writable attribute
# of the class the map lists.
hostile() {
	local cls=$1 dn=$2 attrs a v op rc
	attrs=$(awk -v c="$cls" '$1 == c && $0 ~ / set=/ && $0 !~ /via=create/ {print $2}' \
		"$top_srcdir/schema/tss.map")
	while IFS= read -r v; do
		for a in $attrs; do
			op=replace
			grep -q "^$cls[[:space:]]*$a[[:space:]].* via=command" \
				"$top_srcdir/schema/tss.map" && op=add
			printf 'dn: %s\nchangetype: modify\n%s: %s\n%s: %s\n' \
				"$dn" "$op" "$a" "$a" "$v" > "$E2E_DIR/h.ldif"
			as_admin ldapmodify -f "$E2E_DIR/h.ldif" > "$E2E_DIR/h.out" 2>&1
			rc=$?
			case $rc in
			0)	hostile_stored "$dn" "$a" "$v" ;;
			19|20|21) ;;
			*)	cat "$E2E_DIR/h.out"; e2e_fail "$a '$v': exit $rc" ;;
			esac
		done
	done <<'VALUES'
x') SUSPEND NAME('y
a) FACILITY(CICS) (
/* SUSPEND */
abc -
'
TSS CREATE(X)
%{tssAcidType}
DSN(PAY.) ACCESS(READ)) SUSPEND (
VALUES
}

# What a write took is there as sent: read back, or signed on with.
hostile_stored() {
	if [ "$2" = userPassword ]; then
		e2e_console TSS1 "LOGON JDOE/$3" > /dev/null 2>&1
		[ $? = 12 ] || e2e_fail "userPassword '$3' was not stored as sent"
		return
	fi
	as_admin ldapsearch -LLL -b "$1" -s base "$2" > "$E2E_DIR/h.out" 2>&1
	grep -qxF -- "$2: $3" "$E2E_DIR/h.out" ||
		{ cat "$E2E_DIR/h.out"; e2e_fail "$2 '$3' not stored literally"; }
}

[ "$(awk '$1 == "user" && / set=/' "$top_srcdir/schema/tss.map" | wc -l)" -ge 25 ] ||
	e2e_fail "the map lists too few writable attributes"
hostile user "uid=JDOE,$P"
hostile group "cn=AUDPROF,$G"
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(ALL)"
expect_no_out "SUSPENDED"
expect_out "^FACILITY   = TSO       CICS$"
expect_out "^GROUPS     = AUDGRP$"
expect_no_out "XA "
expect_rc 8 e2e_console TSS1 "LIST(X)"
# A newline or a NUL in a value is refused before TSS sees it.
expect_rc 19 $PY - "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" "uid=JDOE,$P" <<'PY'
import sys, ldap
c = ldap.initialize(sys.argv[1])
c.simple_bind_s(sys.argv[2], sys.argv[3])
for v in (b"a\nREPLACE(JDOE) SUSPEND", b"a\x00 SUSPEND", "\u00e9t\u00e9".encode()):
    try:
        c.modify_s(sys.argv[4], [(ldap.MOD_REPLACE, "omvsHome", v)])
        sys.exit(0)
    except ldap.CONSTRAINT_VIOLATION:
        pass
sys.exit(19)
PY
expect_rc 0 e2e_console TSS1 "LIST(JDOE) DATA(BASIC)"
expect_no_out "SUSPENDED"
expect_rc 0 e2e_console TSS1 "LIST(AUDPROF) DATA(ALL,ACIDS)"
expect_out "TYPE       = PROFILE"
expect_no_out "XA "
expect_no_out "ACIDS"

# --- profiles and groups through LDAP, delete ---------------------------
expect_rc 0 as_admin ldapadd <<LDIF
dn: cn=PROJX,$G
objectClass: tssGroup
cn: PROJX
tssAcidType: PROFILE
description: PROJECT X
departmentNumber: PAYDEPT
member: uid=$user,$P
LDIF
expect_rc 0 e2e_console TSS1 "LIST(PROJX) DATA(BASIC,ACIDS)"
expect_out "TYPE       = PROFILE"
expect_out "ACIDS      = $user"
expect_rc 65 as_admin ldapadd <<LDIF
dn: cn=PROJY,$G
objectClass: tssGroup
cn: PROJY
description: NO TYPE
departmentNumber: PAYDEPT
LDIF
expect_out "tssAcidType is required"
expect_rc 53 as_admin ldapdelete "cn=PROJX,$G"
expect_out "TSS0221E"
expect_rc 0 as_admin ldapmodify <<LDIF
dn: cn=PROJX,$G
changetype: modify
delete: member
LDIF
expect_rc 0 as_admin ldapdelete "cn=PROJX,$G"
expect_rc 8 e2e_console TSS1 "LIST(PROJX)"

expect_rc 53 as_admin ldapmodrdn "uid=JDOE,$P" "uid=JSMITH"
expect_rc 50 as_anon ldapdelete "uid=JDOE,$P"
expect_rc 50 as_admin ldapmodify <<LDIF
dn: uid=CAROL,$P
changetype: modify
replace: cn
cn: NOT CAROL
LDIF
expect_rc 0 as_admin ldapdelete "uid=JDOE,$P"
expect_rc 8 e2e_console TSS1 "LIST(JDOE)"
expect_rc 32 as_admin ldapdelete "uid=JDOE,$P"

# --- python3-ldap clients: paging, controls, errors, concurrency ---------
n=$(e2e_console TSS1 "LIST(ACIDS) TYPE(USER)" | grep -c '^ACCESSORID')
$PY "$(dirname "$0")/gateway_clients.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" "$((n - 1))" > "$E2E_DIR/py.out" 2>&1 ||
	{ cat "$E2E_DIR/py.out"; e2e_fail "python3-ldap stories failed"; }
kill -0 "$GW_PID" || e2e_fail "the gateway died"

# --- a gateway whose administrators' resets are not expired -------------
e2e_gateway_conf GW2 TSS1 "password-reset-expired no"
e2e_gateway_start GW2
GWNAME=GW2 as_admin ldappasswd -s KEEP1234 "uid=$U2,$P" > "$E2E_DIR/last.out" 2>&1 ||
	e2e_fail "a reset through the second gateway failed"
expect_rc 0 e2e_console TSS1 "LOGON $U2/KEEP1234"
e2e_pass
