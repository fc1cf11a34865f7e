#!/bin/bash
# Story: an IAM suite manages CA ACF2 through the gateway.  It reads the
# logonids (one, a prefix, all of them in pages, with ldapsearch and
# python3-ldap), provisions one with ldapadd and ldapmodify, resets its
# password with and without expiry, lets the user bind and change the
# password, suspends and resumes it, grants and removes access rules and
# resource rules, throws the injection corpus at every writable
# attribute and at rule entries, and deletes what it made.  After every
# step ACF2 itself is asked at the console.
E2E_ESM=acf2
. "$(dirname "$0")/lib.sh"
e2e_begin "ACF2 through LDAP: reads, paging, provisioning, passwords, suspension, rules, injection"

e2e_agent_conf ACF1
e2e_agent_start ACF1
P="ou=People,$SUFFIX"
R="ou=Rules,$SUFFIX"
RS="ou=Resources,$SUFFIX"

# A few hundred of esmgen's logonids and their departments' rule sets,
# loaded at the console; C holds the commands, the truth to check by.
C=$E2E_DIR/load.acf
"$ESMGEN" --esm acf2 --users 300 --groups 4 --seed 14 --password DEMO1234 > "$C" ||
	e2e_fail "esmgen --esm acf2 failed"
e2e_console ACF1 -q -b "$C" > "$E2E_DIR/load.out" 2>&1 ||
	e2e_fail "loading 300 logonids failed"
# A TSO user with a password that is not expired, another one, a
# suspended one, one whose password is expired.
user=$(grep 'TSO JCL TSOPROC' "$C" | grep ' NOPSWD-EXP' | grep -v -e SUSPEND \
	-e SECURITY -e ACCOUNT -e AUDIT -e READALL | head -n 1 | cut -d' ' -f2)
user2=$(grep '^INSERT ' "$C" | grep -v -e SUSPEND -e "^INSERT $user " | head -n 1 | cut -d' ' -f2)
susp=$(grep '^INSERT .* SUSPEND$' "$C" | grep ' NOPSWD-EXP' | head -n 1 | cut -d' ' -f2)
expd=$(grep '^INSERT ' "$C" | grep -v -e NOPSWD-EXP -e SUSPEND | head -n 1 | cut -d' ' -f2)
[ -n "$user" ] && [ -n "$user2" ] && [ -n "$susp" ] && [ -n "$expd" ] ||
	e2e_fail "esmgen gave no user of some kind: '$user' '$user2' '$susp' '$expd'"
expect_rc 0 e2e_console ACF1 "SET RULE COMPILE \$KEY(SYS1) LINKLIB UID($user) R(A)"
expect_rc 0 e2e_console ACF1 "SET RESOURCE(FAC) COMPILE \$KEY(BPX.SUPERUSER) UID($user) SERVICE(READ) ALLOW"
expect_rc 0 e2e_console ACF1 "SET RESOURCE(FAC) COMPILE \$KEY(BPX.DAEMON) UID($user2) ALLOW"
expect_rc 0 e2e_console ACF1 "SET RESOURCE(SAF) COMPILE \$KEY(IRR.RADMIN) UID(-) PREVENT"
e2e_gateway_conf GW ACF1
e2e_gateway_start GW

# The root DSE and the schema say what this suffix is.
expect_rc 0 as_anon ldapsearch -LLL -b "" -s base
expect_out "namingContexts: $SUFFIX"
expect_rc 0 as_anon ldapsearch -LLL -b cn=Subschema -s base objectClasses
expect_out "NAME 'acf2User'"
expect_out "NAME 'acf2RuleSet'"

# One logonid, as LIST shows it at the console.
expect_rc 0 e2e_console ACF1 "LIST $user"
name=$(sed -n "s/^$user  *//p" "$E2E_DIR/last.out")
grp=$(sed -n 's/.*GROUP(\([^)]*\)).*/\1/p' "$E2E_DIR/last.out")
rgn=$(sed -n 's/.*TSORGN(\([0-9]*\)).*/\1/p' "$E2E_DIR/last.out")
expect_rc 0 as_admin ldapsearch -LLL -b "$P" "(uid=$user)"
expect_out "dn: uid=$user,$P"
expect_out "objectClass: acf2User"
[ "$(ldif_attr cn)" = "$name" ] || e2e_fail "cn '$(ldif_attr cn)' is not ACF2's NAME '$name'"
[ "$(ldif_attr sn)" = "${name##* }" ] || e2e_fail "sn is not NAME's last word"
expect_out "defaultGroup: $grp"
expect_out "prefix: $user"
expect_out "tsoProc: ISPFPROC"
expect_out "tsoSize: $rgn"
expect_out "privileges: TSO"
expect_out "tsoJcl: TRUE"
expect_out "passwordExpire: FALSE"
expect_out "suspend: FALSE"
expect_no_out "userPassword"

# Full reconciliation: every logonid but the ones the agent protects
# (its own and ACF2ADM), in pages, as LIST LIKE(-) LIDS counts them.
want=$(e2e_console ACF1 "LIST LIKE(-) LIDS" | grep -c -v -e '^ACF2ADM$' -e '^ESMAGENT$' -e ' ')
[ "$want" = 300 ] || e2e_fail "the console lists $want logonids, not 300"
expect_rc 0 as_admin ldapsearch -LLL -E pr=50/noprompt -b "$P" -s one "(objectClass=*)" 1.1
got=$(grep -c '^dn: uid=' "$E2E_DIR/last.out")
[ "$got" = "$want" ] || e2e_fail "paged reconciliation gave $got logonids, ACF2 has $want"
expect_no_out "uid=ACF2ADM"
expect_no_out "uid=ESMAGENT"
# A uid prefix goes down to LIST LIKE(prefix-) LIDS.
x=$(echo "$user" | cut -c1)
want=$(e2e_console ACF1 "LIST LIKE($x-) LIDS" | grep -c -v -e '^ACF2ADM$' -e '^ESMAGENT$' -e ' ')
expect_rc 0 as_admin ldapsearch -LLL -b "$P" "(uid=$x*)" uid
[ "$(grep -c '^uid: ' "$E2E_DIR/last.out")" = "$want" ] || e2e_fail "(uid=$x*) did not give $want"
grep -q "CMD=\"LIST LIKE($x-) LIDS\"" "$E2E_DIR/ACF1.audit" || e2e_fail "the prefix was not pushed down"
# Lists went in batches: one LIST named many logonids.
grep -q 'CMD="LIST [A-Z0-9#$@]* [A-Z0-9#$@]* [A-Z0-9#$@]* ' "$E2E_DIR/ACF1.audit" ||
	e2e_fail "no batched LIST"
# A filter the gateway evaluates: the TSO users with big regions.
want=$(grep -c 'TSORGN(16384)\|TSORGN(12288)' "$C")
expect_rc 0 as_admin ldapsearch -LLL -b "$P" "(&(privileges=TSO)(tsoSize>=12288))" uid
[ "$(grep -c '^uid: ' "$E2E_DIR/last.out")" = "$want" ] || e2e_fail "tsoSize>=12288 did not give $want"
# The departments' rule sets, as SET RULE LIST and DECOMP show them.
want=$(e2e_console ACF1 "SET RULE LIST" | grep -c '^\$KEY(')
expect_rc 0 as_admin ldapsearch -LLL -b "$R" -s one "(objectClass=acf2RuleSet)" acf2RuleKey
[ "$(grep -c '^acf2RuleKey: ' "$E2E_DIR/last.out")" = "$want" ] || e2e_fail "not $want rule sets"
expect_rc 0 as_admin ldapsearch -LLL -b "acf2RuleKey=$grp,$R" -s base acf2RuleEntry
ldif_attr acf2RuleEntry > "$E2E_DIR/ldap.entries"
e2e_console ACF1 "SET RULE DECOMP $grp" | sed -n 's/^ //p' > "$E2E_DIR/acf2.entries"
cmp -s "$E2E_DIR/ldap.entries" "$E2E_DIR/acf2.entries" || e2e_fail "rule set $grp differs from DECOMP"
# Binds with esmgen's password: good, suspended, expired.
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=$user,$P" -w DEMO1234
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=$susp,$P" -w DEMO1234
expect_out "revoked"
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=$expd,$P" -w DEMO1234
expect_out "expired"
expect_rc 0 as_admin ldapsearch -LLL -b "uid=$susp,$P" -s base suspend
expect_out "suspend: TRUE"

# python3-ldap: paging with cookies, controls, errors, concurrent
# clients, abandon, malformed PDUs, against this suffix.
$PY "$(dirname "$0")/gateway_clients.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" 300 > "$E2E_DIR/py.out" 2>&1 ||
	{ cat "$E2E_DIR/py.out"; e2e_fail "python3-ldap stories failed"; }

# Provision a logonid: INSERT with TSO and CICS fields and a password.
cat > "$E2E_DIR/jdoe.ldif" <<LDIF
dn: uid=JDOE,$P
objectClass: acf2User
uid: JDOE
cn: JANE O'DOE
sn: O'DOE
userPassword: START123
defaultGroup: PAYROLL
privileges: TSO
tsoJcl: TRUE
tsoProc: ISPFPROC
tsoAcctNum: ACCT (1)
cicsid: J01
maxDays: 60
expire: 20351231000000Z
LDIF
expect_rc 0 as_admin ldapadd -f "$E2E_DIR/jdoe.ldif"
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_out "^JDOE .*JANE O'DOE$"
expect_out "GROUP(PAYROLL)"
expect_out "^  JCL TSO$"
expect_out "TSOACCT('ACCT (1)')"
expect_out "TSOPROC(ISPFPROC)"
expect_out "CICSID(J01)"
expect_out "MAXDAYS(60)"
expect_out "EXPIRE(12/31/35)"
expect_out "PSWD-EXP"
grep -q "$ADMIN_DN" "$E2E_DIR/ACF1.audit" || e2e_fail "the audit lacks the admin's DN"
grep -q "START123" "$E2E_DIR/ACF1.audit" "$E2E_DIR/GW.log" && e2e_fail "a password reached a log"
expect_rc 68 as_admin ldapadd -f "$E2E_DIR/jdoe.ldif"
expect_out "already exists"

# Modify: replace, add a privilege, delete a TSO field, a flag off.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: tsoProc
tsoProc: NEWPROC
-
add: privileges
privileges: readall
-
delete: tsoAcctNum
-
replace: tsoJcl
tsoJcl: FALSE
LDIF
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_out "TSOPROC(NEWPROC)"
expect_out "^  READALL TSO$"
expect_no_out "TSOACCT"
# Bad input changes nothing: one bad value spoils the whole request.
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: tsoProc
tsoProc: NOTSAVED
-
replace: maxDays
maxDays: 999
LDIF
expect_out "maxDays"
expect_rc 17 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: favouriteColour
favouriteColour: blue
LDIF
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: accessCnt
accessCnt: 99
LDIF
expect_out "read-only"
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_out "TSOPROC(NEWPROC)"
expect_out "MAXDAYS(60)"

# Passwords.  The admin's initial one is expired, as ACF2 does it.
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w START123
expect_out "expired"
# Jane changes it with the old one, as at a TSO logon.
expect_rc 0 ldappasswd -H "$GW_URI" -x -a START123 -s N3WPASS1 "uid=JDOE,$P"
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w n3wpass1
expect_out "dn:uid=JDOE,$P"
expect_rc 0 e2e_console ACF1 "LOGON JDOE/N3WPASS1"
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w WRONGPW1
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_out "PSWD-INV(1)"
# Jane reads herself, nobody else, and changes nothing.
expect_rc 0 ldapsearch -H "$GW_URI" -x -D "uid=JDOE,$P" -w N3WPASS1 -LLL -b "uid=JDOE,$P" -s base cn
expect_out "cn: JANE O'DOE"
expect_rc 50 ldapdelete -H "$GW_URI" -x -D "uid=JDOE,$P" -w N3WPASS1 "uid=$user,$P"
# The admin resets it: expired (PSWD-EXP) ...
expect_rc 0 as_admin ldappasswd -s TEMP9999 "uid=JDOE,$P"
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_out "PSWD-EXP"
expect_rc 12 e2e_console ACF1 "LOGON JDOE/TEMP9999"
grep -q 'CMD="CHANGE JDOE PASSWORD(\*\*\*\*\*\*\*\*) PSWD-EXP"' "$E2E_DIR/ACF1.audit" ||
	e2e_fail "the reset was not CHANGE PASSWORD PSWD-EXP, masked"
# A gateway whose resets do not expire sends NOPSWD-EXP.
e2e_gateway_conf GW2 ACF1 "password-reset-expired no"
e2e_gateway_start GW2
GWNAME=GW2 expect_rc 0 as_admin ldappasswd -s TEMP8888 "uid=JDOE,$P"
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_no_out "PSWD-EXP"
expect_rc 0 e2e_console ACF1 "LOGON JDOE/TEMP8888"
grep -q 'CMD="CHANGE JDOE PASSWORD(\*\*\*\*\*\*\*\*) NOPSWD-EXP"' "$E2E_DIR/ACF1.audit" ||
	e2e_fail "the reset was not CHANGE PASSWORD NOPSWD-EXP, masked"
kill "$GW2_PID"
# ... or not expired, with userPassword and passwordExpire FALSE.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: userPassword
userPassword: FRESH#1
-
replace: passwordExpire
passwordExpire: FALSE
LDIF
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_no_out "PSWD-EXP"
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w "fresh#1"
# A password ACF2 cannot hold is refused before it is sent; one its GSO
# rules refuse (MINPSWD 4) comes back from ACF2.  Neither changed it.
expect_rc 1 as_admin ldappasswd -s 'BAD PW!' "uid=JDOE,$P"
expect_out "Constraint violation (19)"
expect_out "A-Z, 0-9, #, \$ and @"
expect_rc 1 as_admin ldappasswd -s AB1 "uid=JDOE,$P"
expect_out "Constraint violation (19)"
expect_out "ACF6C030E"
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w "FRESH#1"
# Without -s the gateway generates one and returns it.
expect_rc 0 as_admin ldappasswd "uid=JDOE,$P"
expect_out "New password: "
gen=$(sed -n 's/^New password: //p' "$E2E_DIR/last.out")
expect_rc 12 e2e_console ACF1 "LOGON JDOE/$gen"

# Suspend and resume through LDAP: SUSPEND / NOSUSPEND.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: userPassword
userPassword: FRESH#2
-
replace: passwordExpire
passwordExpire: FALSE
-
replace: suspend
suspend: TRUE
LDIF
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_out "^  .*SUSPEND"
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w FRESH#2
expect_out "revoked"
expect_rc 28 e2e_console ACF1 "LOGON JDOE/FRESH#2"
expect_rc 0 as_admin ldapsearch -LLL -b "uid=JDOE,$P" -s base suspend
expect_out "suspend: TRUE"
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: suspend
suspend: FALSE
LDIF
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w FRESH#2
expect_rc 0 e2e_console ACF1 "LIST JDOE"
expect_no_out "^  .*SUSPEND"
# A logonid ACF2 expired (EXPIRE in the past) cannot bind either.
expect_rc 0 e2e_console ACF1 "CHANGE JDOE EXPIRE(01/01/20)"
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w FRESH#2
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
delete: expire
LDIF
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w FRESH#2

# Access rules: a rule set made through LDAP, read with DECOMP.
expect_rc 0 as_admin ldapadd <<LDIF
dn: acf2RuleKey=PAY,$R
objectClass: acf2RuleSet
acf2RuleKey: PAY
acf2RuleEntry: salary.- uid(jdoe) read(a)
LDIF
expect_rc 0 e2e_console ACF1 "SET RULE DECOMP PAY"
expect_out "^\$KEY(PAY)$"
expect_out "^ SALARY.- UID(JDOE) R(A)$"
# Grant Jane write access to TAX.- and $user2 read access to SALARY.-.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: acf2RuleKey=PAY,$R
changetype: modify
add: acf2RuleEntry
acf2RuleEntry: TAX.- UID(JDOE) R(A) W(L)
acf2RuleEntry: SALARY.- UID($user2) R(A)
LDIF
expect_rc 0 e2e_console ACF1 "SET RULE DECOMP PAY"
expect_out "^ TAX.- UID(JDOE) R(A) W(L)$"
expect_out "^ SALARY.- UID($user2) R(A)$"
grep -q 'CMD="SET RULE RECKEY PAY ADD(TAX.- UID(JDOE) R(A) W(L))"' "$E2E_DIR/ACF1.audit" ||
	e2e_fail "no RECKEY ADD in the audit"
# Remove $user2's grant; change Jane's SALARY.- access in place.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: acf2RuleKey=PAY,$R
changetype: modify
delete: acf2RuleEntry
acf2RuleEntry: SALARY.- UID($user2) R(A)
-
delete: acf2RuleEntry
acf2RuleEntry: SALARY.- UID(JDOE) R(A)
-
add: acf2RuleEntry
acf2RuleEntry: SALARY.- UID(JDOE) R(A) W(A)
LDIF
expect_rc 0 e2e_console ACF1 "SET RULE DECOMP PAY"
expect_no_out "$user2"
expect_out "^ SALARY.- UID(JDOE) R(A) W(A)$"
expect_no_out "^ SALARY.- UID(JDOE) R(A)$"
# LDAP reads the rule sets back, with a filter on the grants.
expect_rc 0 as_admin ldapsearch -LLL -b "$R" "(acf2RuleEntry=*UID\\28JDOE\\29*)" acf2RuleEntry
expect_out "dn: acf2RuleKey=PAY,$R"
expect_out "acf2RuleEntry: TAX.- UID(JDOE) R(A) W(L)"
expect_no_out "SYS1"
expect_rc 0 as_admin ldapsearch -LLL -b "acf2RuleKey=SYS1,$R" -s base
expect_out "acf2RuleEntry: LINKLIB UID($user) R(A)"
expect_out "acf2RuleStoredBy: ACF2ADM"
# Refusals: an entry for everyone (the agent's policy), a malformed
# one, two for the same data set and UID, the last entry.
expect_rc 53 as_admin ldapmodify <<LDIF
dn: acf2RuleKey=PAY,$R
changetype: modify
add: acf2RuleEntry
acf2RuleEntry: - UID(-) R(A)
LDIF
expect_out "ESMA105E"
expect_rc 19 as_admin ldapmodify <<LDIF
dn: acf2RuleKey=PAY,$R
changetype: modify
add: acf2RuleEntry
acf2RuleEntry: BONUS.- UID(JDOE) R(A)) SET RULE DELETE PAY
LDIF
expect_out "acf2RuleEntry"
expect_rc 19 as_admin ldapmodify <<LDIF
dn: acf2RuleKey=PAY,$R
changetype: modify
add: acf2RuleEntry
acf2RuleEntry: TAX.- UID(JDOE) W(P)
LDIF
expect_out "two values grant on TAX.- UID(JDOE)"
expect_rc 65 as_admin ldapmodify <<LDIF
dn: acf2RuleKey=PAY,$R
changetype: modify
delete: acf2RuleEntry
LDIF
expect_rc 0 e2e_console ACF1 "SET RULE DECOMP PAY"
expect_out "^ TAX.- UID(JDOE) R(A) W(L)$"
expect_no_out "BONUS"
expect_no_out "UID(-)"

# Resource rules: every rule set of every type under ou=Resources (the
# departments' from esmgen and three more), named TYPE/KEY, in pages, as
# SET RESOURCE(-) LIST counts them.
expect_rc 0 as_admin ldapsearch -LLL -E pr=2/noprompt -b "$RS" -s one "(objectClass=*)" 1.1
expect_out "^dn: acf2Resource=FAC/BPX.DAEMON,$RS$"
expect_out "^dn: acf2Resource=FAC/BPX.SUPERUSER,$RS$"
expect_out "^dn: acf2Resource=SAF/IRR.RADMIN,$RS$"
got=$(grep -c '^dn: ' "$E2E_DIR/last.out")
want=$(e2e_console ACF1 "SET RESOURCE(-) LIST" | grep -c '^\$KEY(')
[ "$got" = "$want" ] && [ "$want" -gt 3 ] || e2e_fail "$got resource rule sets, not $want"
grep -q 'CMD="SET RESOURCE(-) LIST"' "$E2E_DIR/ACF1.audit" || e2e_fail "no SET RESOURCE(-) LIST in the audit"
grep -q 'CMD="SET RESOURCE(FAC) DECOMP [^"]*BPX.DAEMON BPX.SUPERUSER[ "]' "$E2E_DIR/ACF1.audit" ||
	e2e_fail "the FAC rule sets were not decompiled in one command"
expect_rc 0 as_admin ldapsearch -LLL -b "acf2Resource=fac/bpx.superuser,$RS" -s base
expect_out "^acf2ResourceType: FAC$"
expect_out "^acf2ResourceKey: BPX.SUPERUSER$"
expect_out "^acf2ResourceEntry: UID($user) SERVICE(READ) ALLOW$"
expect_out "^acf2RuleStoredBy: ACF2ADM$"
# A name prefix goes down to SET RESOURCE(type) LIST LIKE(prefix-).
expect_rc 0 as_admin ldapsearch -LLL -b "$SUFFIX" "(acf2Resource=FAC/BPX.S*)" 1.1
expect_out "^dn: acf2Resource=FAC/BPX.SUPERUSER,$RS$"
expect_no_out "DAEMON"
grep -q 'CMD="SET RESOURCE(FAC) LIST LIKE(BPX.S-)"' "$E2E_DIR/ACF1.audit" ||
	e2e_fail "no SET RESOURCE(FAC) LIST LIKE(BPX.S-) in the audit"
# A prefix that is not a name yet lists every type, and filters.
expect_rc 0 as_admin ldapsearch -LLL -b "$RS" "(acf2Resource=SAF/*)" 1.1
expect_out "^dn: acf2Resource=SAF/IRR.RADMIN,$RS$"
expect_no_out "FAC/"
# Who may do what with BPX.SUPERUSER, and every grant of $user.
expect_rc 0 as_admin ldapsearch -LLL -b "$RS" "(acf2ResourceEntry=*UID\\28$user\\29*)" 1.1
expect_out "^dn: acf2Resource=FAC/BPX.SUPERUSER,$RS$"
expect_no_out "IRR.RADMIN"
# A resource rule set made through LDAP, read with DECOMP.
expect_rc 0 as_admin ldapadd <<LDIF
dn: acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS
objectClass: acf2ResourceRuleSet
acf2ResourceEntry: uid(jdoe) service(read) allow
LDIF
expect_rc 0 e2e_console ACF1 "SET RESOURCE(FAC) DECOMP IRR.DIGTCERT.LIST"
expect_out "^\$KEY(IRR.DIGTCERT.LIST) TYPE(FAC)$"
expect_out "^ UID(JDOE) SERVICE(READ) ALLOW$"
grep -q 'CMD="SET RESOURCE(FAC) RECKEY IRR.DIGTCERT.LIST ADD(UID(JDOE) SERVICE(READ) ALLOW)"' \
	"$E2E_DIR/ACF1.audit" || e2e_fail "no RESOURCE RECKEY ADD in the audit"
# Grant $user2 read and update, logged; then take Jane's away and
# change $user2's in place.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS
changetype: modify
add: acf2ResourceEntry
acf2ResourceEntry: UID($user2) SERVICE(UPDATE,READ) LOG
LDIF
expect_rc 0 e2e_console ACF1 "SET RESOURCE(FAC) DECOMP IRR.DIGTCERT.LIST"
expect_out "^ UID($user2) SERVICE(READ,UPDATE) LOG$"
expect_rc 0 as_admin ldapmodify <<LDIF
dn: acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS
changetype: modify
delete: acf2ResourceEntry
acf2ResourceEntry: UID(JDOE) SERVICE(READ) ALLOW
-
delete: acf2ResourceEntry
acf2ResourceEntry: UID($user2) SERVICE(READ,UPDATE) LOG
-
add: acf2ResourceEntry
acf2ResourceEntry: UID($user2) SERVICE(READ) ALLOW
LDIF
expect_rc 0 e2e_console ACF1 "SET RESOURCE(FAC) DECOMP IRR.DIGTCERT.LIST"
expect_no_out "JDOE"
expect_out "^ UID($user2) SERVICE(READ) ALLOW$"
expect_no_out "LOG$"
# Refusals change nothing: a name that is not TYPE/KEY, an entry
# without its action, one after it, two for one UID, the last entry, a
# resource rule entry in an access rule set.
expect_rc 64 as_admin ldapadd <<LDIF
dn: acf2Resource=FAC/BPX.*,$RS
objectClass: acf2ResourceRuleSet
acf2ResourceEntry: UID(JDOE) ALLOW
LDIF
expect_out "TYPE/KEY"
expect_rc 19 as_admin ldapmodify <<LDIF
dn: acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS
changetype: modify
add: acf2ResourceEntry
acf2ResourceEntry: UID(JDOE) SERVICE(READ)
LDIF
expect_out "acf2ResourceEntry"
expect_rc 19 as_admin ldapmodify <<LDIF
dn: acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS
changetype: modify
add: acf2ResourceEntry
acf2ResourceEntry: UID(JDOE) ALLOW) DELETE IRR.DIGTCERT.LIST
LDIF
expect_rc 19 as_admin ldapmodify <<LDIF
dn: acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS
changetype: modify
add: acf2ResourceEntry
acf2ResourceEntry: UID($user2) PREVENT
LDIF
expect_out "two values grant on UID($user2)"
expect_rc 65 as_admin ldapmodify <<LDIF
dn: acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS
changetype: modify
delete: acf2ResourceEntry
LDIF
expect_rc 19 as_admin ldapmodify <<LDIF
dn: acf2RuleKey=PAY,$R
changetype: modify
add: acf2RuleEntry
acf2RuleEntry: UID(JDOE) SERVICE(READ) ALLOW
LDIF
expect_rc 32 as_admin ldapmodify <<LDIF
dn: acf2Resource=FAC/NO.SUCH.RULE,$RS
changetype: modify
add: acf2ResourceEntry
acf2ResourceEntry: UID(JDOE) ALLOW
LDIF
expect_rc 0 e2e_console ACF1 "SET RESOURCE(-) LIST"
expect_out "^\$KEY(IRR.DIGTCERT.LIST) TYPE(FAC) ENTRIES(1) "
expect_no_out "NO.SUCH.RULE"
expect_no_out "BPX.\*"

# The injection corpus over every writable attribute and rule entries.
expect_rc 0 e2e_console ACF1 "INSERT HOSTILE NAME(HOSTILE) TSO MAXDAYS(5)"
$PY "$(dirname "$0")/acf2_hostile.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" "$top_srcdir/schema/acf2.map" HOSTILE PAY "$ESMCONSOLE" \
	"$E2E_DIR/ACF1.conf" FAC/IRR.DIGTCERT.LIST > "$E2E_DIR/hostile.out" 2>&1 ||
	{ cat "$E2E_DIR/hostile.out"; e2e_fail "the injection corpus got through"; }
expect_rc 0 as_admin ldapdelete "uid=HOSTILE,$P"

# Renaming is something ACF2 cannot do; anonymous clients change nothing.
expect_rc 53 as_admin ldapmodrdn "uid=JDOE,$P" "uid=JSMITH"
expect_out "rename"
expect_rc 50 as_anon ldapdelete "uid=JDOE,$P"

# Delete the rule sets and the logonid; ACF2 no longer knows them.
expect_rc 0 as_admin ldapdelete "acf2RuleKey=PAY,$R"
expect_rc 4 e2e_console ACF1 "SET RULE DECOMP PAY"
expect_out "ACF6R771W RULE PAY NOT FOUND"
expect_rc 0 as_admin ldapdelete "acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS"
expect_rc 4 e2e_console ACF1 "SET RESOURCE(FAC) DECOMP IRR.DIGTCERT.LIST"
expect_out "ACF6R771W RULE IRR.DIGTCERT.LIST NOT FOUND"
expect_rc 32 as_admin ldapdelete "acf2Resource=FAC/IRR.DIGTCERT.LIST,$RS"
expect_rc 0 as_admin ldapdelete "uid=JDOE,$P"
expect_rc 4 e2e_console ACF1 "LIST JDOE"
expect_rc 32 as_admin ldapdelete "uid=JDOE,$P"
expect_rc 32 as_admin ldapsearch -LLL -b "acf2RuleKey=PAY,$R" -s base

# The agent goes away: LDAP clients are told ACF2 is unavailable.
kill "$ACF1_PID"
sleep 0.5
expect_rc 52 as_admin ldapsearch -LLL -b "uid=$user,$P" -s base
e2e_pass
