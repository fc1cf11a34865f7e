#!/bin/bash
# Story: an IAM suite provisions a RACF account with ldapadd, changes it
# with ldapmodify, resets and changes its password with ldappasswd, the
# user binds and asks who they are, and the account is deleted.  After
# every step RACF itself is asked at the console.  Bad requests get a
# precise result code and change nothing.
. "$(dirname "$0")/lib.sh"
e2e_begin "provisioning through LDAP: add, modify, passwords, bind, delete"

e2e_agent_conf SYS1
e2e_agent_start SYS1
expect_rc 0 e2e_console SYS1 "ADDGROUP PAYROLL SUPGROUP(SYS1) OWNER(SYS1)"
expect_rc 0 e2e_console SYS1 "ADDGROUP AUDIT SUPGROUP(SYS1) OWNER(SYS1)"
expect_rc 0 e2e_console SYS1 "ADDUSER CAROL NAME('CAROL') DFLTGRP(PAYROLL)"
GW_BACKEND_EXTRA="protect CAROL" e2e_gateway_conf GW SYS1
e2e_gateway_start GW
P="ou=People,$SUFFIX"
G="ou=Groups,$SUFFIX"

# Add a user with TSO data, connected to a second group.
cat > "$E2E_DIR/jdoe.ldif" <<LDIF
dn: uid=JDOE,$P
objectClass: racfUser
uid: JDOE
cn: JANE DOE
sn: DOE
userPassword: START123
defaultGroup: PAYROLL
instdata: EMPLOYEE 4711
tsoProc: ISPFPROC
tsoAcctNum: ACCT1
memberOf: cn=AUDIT,$G
LDIF
expect_rc 0 as_admin ldapadd -f "$E2E_DIR/jdoe.ldif"
expect_rc 0 e2e_console SYS1 "LISTUSER JDOE TSO"
expect_out "NAME=JANE DOE"
expect_out "DEFAULT-GROUP=PAYROLL"
expect_out "INSTALLATION-DATA=EMPLOYEE 4711"
expect_out "PROC= ISPFPROC"
expect_out "GROUP=AUDIT"
# The audit record names the LDAP client behind the commands.
grep -q "$ADMIN_DN" "$E2E_DIR/SYS1.audit" || e2e_fail "the agent's audit lacks the admin's DN"
grep -q "START123" "$E2E_DIR/SYS1.audit" "$E2E_DIR/GW.log" && e2e_fail "a password reached a log"

# Adding it again is refused and says why.
expect_rc 68 as_admin ldapadd -f "$E2E_DIR/jdoe.ldif"
expect_out "already exists"

# Modify: replace, add a flag, delete a TSO field, connect to a group.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: instdata
instdata: EMPLOYEE 4712
-
add: attributes
attributes: AUDITOR
-
delete: tsoAcctNum
LDIF
expect_rc 0 e2e_console SYS1 "LISTUSER JDOE TSO"
expect_out "INSTALLATION-DATA=EMPLOYEE 4712"
expect_out "AUDITOR"
expect_no_out "ACCTNUM= ACCT1"

# A hostile value is stored literally; no other operand takes effect.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: instdata
instdata: X') SPECIAL DATA('Y
LDIF
expect_rc 0 e2e_console SYS1 "LISTUSER JDOE"
expect_out "INSTALLATION-DATA=X') SPECIAL DATA('Y"
expect_no_out "ATTRIBUTES=.*SPECIAL"
# Bad input changes nothing: a name too long for RACF, an unknown
# attribute, a second value for a single-valued one.
expect_rc 19 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: instdata
instdata: SHOULD NOT BE STORED
-
replace: cn
cn: A NAME FAR LONGER THAN TWENTY CHARACTERS
LDIF
expect_out "cn"
expect_rc 17 as_admin ldapmodify <<LDIF
dn: uid=JDOE,$P
changetype: modify
replace: favouriteColour
favouriteColour: blue
LDIF
expect_rc 0 e2e_console SYS1 "LISTUSER JDOE"
expect_no_out "SHOULD NOT BE STORED"
expect_out "NAME=JANE DOE"

# The admin's initial password is expired, as RACF does for resets.
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w START123
expect_out "expired"
# Jane changes it herself with the old one, as at a TSO logon: the old
# password proves who she is, so she need not (and cannot) bind first.
expect_rc 0 ldappasswd -H "$GW_URI" -x -a START123 -s N3WPASS1 "uid=JDOE,$P"
expect_rc 0 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w N3WPASS1
expect_out "dn:uid=JDOE,$P"
expect_rc 0 e2e_console SYS1 "LOGON JDOE/N3WPASS1"
# A wrong password is invalidCredentials; RACF counts it.
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JDOE,$P" -w WRONGPW1
# She may read her own entry, not anyone else's, and change nothing.
expect_rc 0 ldapsearch -H "$GW_URI" -x -D "uid=JDOE,$P" -w N3WPASS1 -LLL -b "uid=JDOE,$P" -s base cn
expect_out "cn: JANE DOE"
expect_rc 50 ldapsearch -H "$GW_URI" -x -D "uid=JDOE,$P" -w N3WPASS1 -LLL -b "$P" "(uid=*)"
expect_rc 50 ldapdelete -H "$GW_URI" -x -D "uid=JDOE,$P" -w N3WPASS1 "uid=JDOE,$P"

# The admin resets it; the new password is expired again.
expect_rc 0 as_admin ldappasswd -s TEMP9999 "uid=JDOE,$P"
expect_rc 12 e2e_console SYS1 "LOGON JDOE/TEMP9999"
# Without -s the gateway generates one and returns it.
expect_rc 0 as_admin ldappasswd "uid=JDOE,$P"
expect_out "New password: "

# Renaming is something RACF cannot do.
expect_rc 53 as_admin ldapmodrdn "uid=JDOE,$P" "uid=JSMITH"
expect_out "rename"

# Anonymous clients change nothing.
expect_rc 50 as_anon ldapdelete "uid=JDOE,$P"

# Delete; RACF no longer knows her.
expect_rc 0 as_admin ldapdelete "uid=JDOE,$P"
expect_rc 4 e2e_console SYS1 "LISTUSER JDOE"
expect_rc 32 as_admin ldapdelete "uid=JDOE,$P"

# Groups: add one, connect a member through the group, delete it.
expect_rc 0 e2e_console SYS1 "ADDUSER BOB NAME('BOB') DFLTGRP(PAYROLL)"
expect_rc 0 as_admin ldapadd <<LDIF
dn: cn=PROJX,$G
objectClass: racfGroup
cn: PROJX
superiorGroup: SYS1
instdata: PROJECT X
LDIF
expect_rc 0 as_admin ldapmodify <<LDIF
dn: cn=PROJX,$G
changetype: modify
add: member
member: uid=BOB,$P
LDIF
expect_rc 0 e2e_console SYS1 "LISTGRP PROJX"
expect_out "BOB"
# A user the gateway protects is not connected through a group either.
expect_rc 50 as_admin ldapmodify <<LDIF
dn: cn=PROJX,$G
changetype: modify
add: member
member: uid=CAROL,$P
LDIF
expect_out "protected"
expect_rc 0 e2e_console SYS1 "LISTGRP PROJX"
expect_no_out "CAROL"
expect_rc 0 as_admin ldapmodify <<LDIF
dn: cn=PROJX,$G
changetype: modify
delete: member
member: uid=BOB,$P
LDIF
expect_rc 0 as_admin ldapdelete "cn=PROJX,$G"
expect_rc 4 e2e_console SYS1 "LISTGRP PROJX"

# The agent goes away: LDAP clients are told the ESM is unavailable.
kill "$SYS1_PID"
sleep 0.5
expect_rc 52 as_admin ldapsearch -LLL -b "uid=BOB,$P" -s base
e2e_pass
