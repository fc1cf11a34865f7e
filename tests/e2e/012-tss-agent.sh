#!/bin/bash
# Story: a gateway provisions CA Top Secret ACIDs through the encrypted
# link, with or without the leading TSS, while the security administrator
# works at the console; the agent refuses protected ACIDs and commands
# whose ACIDs it cannot read, masks passwords in its audit file, and
# users sign on through the link with an expired password, a change, and
# suspension at the threshold.
. "$(dirname "$0")/lib.sh"
e2e_begin "TSS: provisioning over the link, console alongside, refusals, signon"

e2e_agent_conf TSS1 "esm tss"
e2e_agent_start TSS1

# The administrator (the MSCA by default) builds the organisation natively.
expect_rc 0 e2e_console TSS1 "TSS CREATE(PAYDIV) TYPE(DIV) NAME('PAYROLL DIVISION')"
expect_rc 0 e2e_console TSS1 "TSS CREATE(PAYDEPT) TYPE(DEPT) NAME('PAYROLL') DIVISION(PAYDIV)"
expect_rc 0 e2e_console TSS1 "TSS CREATE(PAYPROF) TYPE(PROFILE) NAME('PAY PROFILE') DEPARTMENT(PAYDEPT)"
# The agent defined its own ACID as a central administrator at start.
expect_rc 0 e2e_console TSS1 "TSS LIST(ESMAGENT) DATA(BASIC)"
expect_out "TYPE       = CENTRAL"

# The gateway creates a user with an expired password, then fills it in.
expect_rc 0 e2e_link TSS1 --dn "cn=esmadmin,dc=tss,dc=com" --realm esmgate \
	--client 10.9.8.7 \
	"CREATE(ALICE) TYPE(USER) NAME('ALICE O''BRIEN') DEPARTMENT(PAYDEPT) PASSWORD(TEMP1,30,EXP) FACILITY(TSO)"
expect_out "TSS0300I  CREATE   FUNCTION SUCCESSFUL"
expect_rc 0 e2e_link TSS1 "ADDTO(ALICE) PROFILE(PAYPROF) TSOLPROC(ISPFPROC) UID(1919) HOME('/u/alice')"
expect_rc 0 e2e_link TSS1 "PERMIT(ALICE) DSN(PAY.) ACCESS(READ)"

# Commands in the form TSS's manuals print, with the leading TSS, pass.
expect_rc 0 e2e_link TSS1 "TSS CREATE(BOB) TYPE(USER) NAME('BOB O''NEIL') DEPT(PAYDEPT) PASSWORD(TEMP2,30)"
expect_out "TSS0300I  CREATE   FUNCTION SUCCESSFUL"
expect_rc 0 e2e_link TSS1 "TSS ADD(BOB) PROFILE(PAYPROF)"
expect_rc 0 e2e_link TSS1 "TSS LIST(BOB) DATA(ALL)"
expect_out "NAME       = BOB O'NEIL"
expect_out "PROFILES   = PAYPROF"
expect_rc 0 e2e_link TSS1 "TSS REMOVE(BOB) PROFILE(PAYPROF)"
expect_rc 0 e2e_link TSS1 "TSS DELETE(BOB)"

# The console sees what came over the link, in TSS's layout.
expect_rc 0 e2e_console TSS1 "TSS LIST(ALICE) DATA(ALL,PASSWORD)"
expect_out "ACCESSORID = ALICE     NAME       = ALICE O'BRIEN"
expect_out "PROFILES   = PAYPROF"
expect_out "-----------  SEGMENT TSO"
expect_out "TSOLPROC   = ISPFPROC"
expect_out "HOME       = /u/alice"
expect_out "XA DATASET = PAY."
expect_out "EXPIRES    = EXPIRED"
expect_rc 0 e2e_link TSS1 "WHOHAS DSN(PAY.DATA)"
expect_out "ACID    = ALICE     ACCESS     = READ"
expect_rc 0 e2e_link TSS1 "LIST(ACIDS) TYPE(USER)"
expect_out "ACCESSORID = ALICE     TYPE       = USER"

# A value that tries to smuggle a keyword stays a literal NAME.
expect_rc 0 e2e_link TSS1 "REPLACE(ALICE) NAME('X'') SUSPEND')"
expect_rc 0 e2e_console TSS1 "LIST(ALICE) DATA(BASIC)"
expect_out "NAME       = X') SUSPEND"
expect_no_out "SUSPENDED"

# TSS's own refusals come back with its message and return code.
expect_rc 8 e2e_link TSS1 "DELETE(PAYDEPT)"
expect_out "TSS0220E"
expect_out "TSS0301I  DELETE   FUNCTION FAILED, RETURN CODE =  8"
expect_rc 8 e2e_link TSS1 "DELETE(ALICE)"
expect_out "TSS0222E"

# The agent refuses protected ACIDs and what it cannot read with certainty.
expect_rc 101 e2e_link TSS1 "ADDTO(MSCA) SUSPEND"
expect_out "ESMA104E USERID MSCA IS PROTECTED"
expect_rc 101 e2e_link TSS1 "REPLACE(ESMAGENT) PASSWORD(X)"
expect_out "ESMA104E USERID ESMAGENT IS PROTECTED"
expect_rc 101 e2e_link TSS1 "ADDTO(ALICE) PROFILE(MSCA)"
expect_out "ESMA104E USERID MSCA IS PROTECTED"
expect_rc 101 e2e_link TSS1 "ADDTO(ALICE) /* MSCA */ SUSPEND"
expect_out "ESMA103E"
expect_rc 101 e2e_link TSS1 "ADDTO(ALICE) FACILITY ADDTO(MSCA) SUSPEND"
expect_out "ESMA103E"
expect_rc 101 e2e_link TSS1 "LIST(ACIDS) TYPE(USER) DATA(BASIC) /*"
expect_out "ESMA103E"
expect_rc 101 e2e_link TSS1 "TSS ADDTO(MSCA) SUSPEND"
expect_out "ESMA104E USERID MSCA IS PROTECTED"
expect_rc 101 e2e_link TSS1 "TSS TSS LIST(ALICE)"
expect_out "ESMA101E TSS TSS LIST IS NOT A tss COMMAND"
expect_rc 101 e2e_link TSS1 "TSS ALTER(ALICE) PASSWORD(SECRET9)"
expect_out "ESMA101E TSS ALTER PASSWORD IS NOT A tss COMMAND"
expect_rc 101 e2e_link TSS1 "ALTUSER ALICE REVOKE"
expect_out "ESMA101E ALTUSER ALICE REVOKE IS NOT A tss COMMAND"

# Signon through the link: expired, changed, then the new password.
expect_rc 12 e2e_link TSS1 --verify ALICE TEMP1
expect_rc 0 e2e_link TSS1 --verify ALICE TEMP1 N3WPASS
expect_rc 0 e2e_link TSS1 --verify ALICE N3WPASS
expect_rc 0 e2e_console TSS1 "LOGON ALICE/N3WPASS"
expect_out "TSS0130I"
# Three violations suspend her; then even the right password fails.
expect_rc 8 e2e_link TSS1 --verify ALICE WRONG1
expect_rc 8 e2e_console TSS1 "LOGON ALICE/WRONG2"
expect_rc 8 e2e_link TSS1 --verify ALICE WRONG3
expect_rc 28 e2e_link TSS1 --verify ALICE N3WPASS
expect_rc 0 e2e_console TSS1 "LIST(ALICE) DATA(BASIC)"
expect_out "REASON     = VIOLATIONS"
# The administrator resumes her (REMOVE ... SUSPEND, not REVOKE).
expect_rc 0 e2e_link TSS1 "REMOVE(ALICE) SUSPEND"
expect_rc 0 e2e_link TSS1 --verify ALICE N3WPASS
expect_rc 4 e2e_link TSS1 --verify NOBODY X
expect_rc 101 e2e_link TSS1 --verify MSCA MSCA
expect_out "ESMA104E"

# REVOKE takes the permission away; then ALICE can go.
expect_rc 0 e2e_link TSS1 "REVOKE(ALICE) DSN(PAY.)"
expect_rc 0 e2e_link TSS1 "REMOVE(ALICE) PROFILE(PAYPROF)"
expect_rc 0 e2e_link TSS1 "DELETE(ALICE)"
expect_rc 0 e2e_console TSS1 "TSS DELETE(PAYPROF)"

# Every request is audited with the distributed identity, never a password.
grep 'VERB=CREATE' "$E2E_DIR/TSS1.audit" | head -1 > "$E2E_DIR/last.out"
expect_out 'DN="cn=esmadmin,dc=tss,dc=com"'
expect_out 'CLIENT=10.9.8.7'
expect_out 'PASSWORD(\*\*\*\*\*\*\*\*)'
grep 'VERB=CREATE' "$E2E_DIR/TSS1.audit" | grep -q 'CMD="TSS CREATE(BOB)' ||
	e2e_fail "the TSS form of CREATE not audited"
if grep -q -e TEMP1 -e TEMP2 -e N3WPASS -e SECRET9 "$E2E_DIR/TSS1.audit" "$E2E_DIR/TSS1.log"; then
	e2e_fail "a password reached the audit file or the log"
fi
grep -q 'VERB=VERIFY.*TARGET=ALICE' "$E2E_DIR/TSS1.audit" || e2e_fail "verify not audited"
grep -q 'STATUS=refused.*VERB=ADDTO' "$E2E_DIR/TSS1.audit" || e2e_fail "refusal not audited"

expect_rc 0 e2e_console TSS1 -o DISPLAY
expect_out "ESMA200I AGENT TSS1 ESM tss"

e2e_pass
