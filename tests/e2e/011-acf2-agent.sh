#!/bin/bash
# Story: an agent on a CA ACF2 system.  The gateway provisions logonids
# through the link while the security administrator works at the ACF
# console on the same database; the agent refuses mask changes and
# protected logonids, never writes a password down, and users log on
# through the link with an expired password, a change, and a
# suspension after too many violations.  An allow list tells logonid
# commands from rule commands by the mode a leading SET names.
. "$(dirname "$0")/lib.sh"
e2e_begin "ACF2: provisioning over the link, console alongside, refusals, audit, logons"

e2e_agent_conf ACF1 "esm acf2"
e2e_agent_start ACF1

# The agent defined its own logonid; the administrator sees it.
expect_rc 0 e2e_console ACF1 "LIST ESMAGENT"
expect_out "ESMAGENT                                       ESMGATE AGENT"
expect_out "SECURITY"

# The gateway creates a logonid with TSO and CICS fields, then sets a
# password that is not expired.
expect_rc 0 e2e_link ACF1 --dn "cn=idfAcf2Admin,dc=acf2,dc=com" --realm esmgate \
	"INSERT ALICE NAME('ALICE O''BRIEN') GROUP(PAYROLL) TSO JCL TSOPROC(ISPFPROC) TSOACCT('ACCT 1') CICSID(A01) IDLE(30)"
expect_out "ACF6C001I LOGONID ALICE INSERTED"
expect_rc 0 e2e_link ACF1 "CHANGE ALICE PASSWORD(S3CRET1) NOPSWD-EXP"

# The console sees what came over the link, in ACF2's layout.
expect_rc 0 e2e_console ACF1 "LIST ALICE"
expect_out "^ALICE                                          ALICE O'BRIEN$"
expect_out "^ IDENTIFICATION$"
expect_out "GROUP(PAYROLL)"
expect_out "TSOACCT('ACCT 1')"
expect_out "TSOPROC(ISPFPROC)"
expect_out "CICSID(A01)"
expect_no_out "PSWD-EXP"

# A value that tries to smuggle an operand stays a literal NAME.
expect_rc 0 e2e_link ACF1 "CHANGE ALICE NAME('X'') SECURITY')"
expect_rc 0 e2e_console ACF1 "LIST ALICE"
expect_out "X') SECURITY$"
expect_out "^  JCL TSO$"

# The console keeps an ACF session: SET RULE holds for the next lines.
printf 'SET RULE\nCOMPILE $KEY(PAY) SALARY.- UID(ALICE) R(A) W(L) - UID(-) R(P)\nDECOMP PAY\nSET LID\nLIST ALICE\n' |
	e2e_console ACF1 -b - > "$E2E_DIR/last.out" 2>&1 || e2e_fail "the console session failed"
expect_out "ACF6R769I RULE PAY STORED"
expect_out "^ SALARY.- UID(ALICE) R(A) W(L)$"
expect_out "^ALICE  "

# Over the link a rule change is one line, naming ALICE alone...
expect_rc 0 e2e_link ACF1 "SET RULE RECKEY PAY ADD(TAX.- UID(ALICE) R(A))"
expect_out "ACF6R768I RULE PAY REPLACED"
expect_rc 0 e2e_link ACF1 "SET RULE DECOMP PAY"
expect_out "TAX.- UID(ALICE) R(A)"
# ...and one that would reach every user through a UID mask is refused.
expect_rc 101 e2e_link ACF1 "SET RULE RECKEY PAY ADD(- UID(PAY-) R(A))"
expect_out "ESMA105E RULE-RECKEY MAY NOT NAME EVERY USER OR A MASK"

# Mask changes, protected logonids, a lone SET and GSO changes are
# refused; a mask LIST is a read and runs, in LID mode named or not.
expect_rc 101 e2e_link ACF1 "CHANGE LIKE(AL-) SUSPEND"
expect_out "ESMA105E CHANGE MAY NOT NAME EVERY USER OR A MASK"
expect_rc 101 e2e_link ACF1 "CHANGE * SUSPEND"
expect_out "ESMA105E"
expect_rc 101 e2e_link ACF1 "CHANGE ACF2ADM NOSECURITY"
expect_out "ESMA104E USERID ACF2ADM IS PROTECTED"
expect_rc 101 e2e_link ACF1 "DELETE ESMAGENT"
expect_out "ESMA104E USERID ESMAGENT IS PROTECTED"
expect_rc 101 e2e_link ACF1 "SET RULE"
expect_out "ESMA102E SET IS NOT ALLOWED"
expect_rc 101 e2e_link ACF1 "SET CONTROL(GSO) CHANGE PSWD MAXTRY(0)"
expect_out "ESMA102E GSO-CHANGE IS NOT ALLOWED"
expect_rc 101 e2e_link ACF1 "COMPILE \$KEY(PAY) - R(A)"
expect_out "ESMA101E COMPILE \$KEY - IS NOT A acf2 COMMAND"
expect_rc 101 e2e_link ACF1 "SET RULE INSERT BOB"
expect_out "ESMA101E SET RULE INSERT IS NOT A acf2 COMMAND"
expect_rc 0 e2e_link ACF1 "SET LID LIST LIKE(-)"
expect_out "ACF6C041I 3 LOGONIDS LISTED"
expect_rc 101 e2e_link ACF1 "CHANGE ALICE;CHANGE ACF2ADM NOSECURITY"
expect_out "ESMA103E"
expect_rc 0 e2e_link ACF1 "LIST LIKE(-)"
expect_out "ACF6C041I 3 LOGONIDS LISTED"
expect_rc 0 e2e_console ACF1 "LIST ACF2ADM"
expect_out "SECURITY"

# The ESM's own errors come back with ACF2's return code and message.
expect_rc 8 e2e_link ACF1 "INSERT ALICE"
expect_out "ACF6C010E LOGONID ALICE ALREADY EXISTS"
expect_rc 12 e2e_link ACF1 "CHANGE ALICE MAXDAYS(999)"
expect_out "ACF6C013E INVALID VALUE FOR MAXDAYS"

# Logons through the link: an administrator's reset is expired.
expect_rc 0 e2e_console ACF1 "SET CONTROL(GSO) CHANGE PSWD MAXTRY(3)"
expect_rc 0 e2e_link ACF1 "INSERT CAROL NAME('CAROL KING') TSO PASSWORD(TEMP1)"
expect_rc 12 e2e_link ACF1 --verify CAROL TEMP1
expect_out "ACF01008E PASSWORD EXPIRED"
expect_rc 0 e2e_link ACF1 --verify CAROL TEMP1 N3WPASS
expect_rc 0 e2e_link ACF1 --verify CAROL N3WPASS
expect_rc 8 e2e_console ACF1 "LOGON CAROL/TEMP1"
expect_rc 0 e2e_console ACF1 "LIST CAROL"
expect_out "ACC-CNT(2)"
# Three violations suspend her; the right password then fails.
expect_rc 8 e2e_link ACF1 --verify CAROL WRONG2
expect_rc 8 e2e_link ACF1 --verify CAROL WRONG3
expect_out "ACF01013E LOGONID CAROL SUSPENDED BECAUSE OF PASSWORD VIOLATIONS"
expect_rc 28 e2e_link ACF1 --verify CAROL N3WPASS
expect_rc 0 e2e_console ACF1 "LIST CAROL"
expect_out "SUSPEND"
expect_out "PSWD-VIO(3)"
# The administrator lifts the suspension through the link.
expect_rc 0 e2e_link ACF1 "CHANGE CAROL NOSUSPEND"
expect_rc 0 e2e_link ACF1 --verify CAROL N3WPASS
expect_rc 4 e2e_link ACF1 --verify NOBODY X1
expect_rc 101 e2e_link ACF1 --verify ACF2ADM ACF2ADM
expect_out "ESMA104E"

# Every request is audited with the person behind it, never a password.
grep -q 'VERB=INSERT' "$E2E_DIR/ACF1.audit" || e2e_fail "no INSERT audit record"
grep 'VERB=INSERT' "$E2E_DIR/ACF1.audit" | head -1 > "$E2E_DIR/last.out"
expect_out 'DN="cn=idfAcf2Admin,dc=acf2,dc=com"'
grep -q 'PASSWORD(\*\*\*\*\*\*\*\*) NOPSWD-EXP' "$E2E_DIR/ACF1.audit" || e2e_fail "password not masked in audit"
if grep -q -e S3CRET1 -e TEMP1 -e N3WPASS "$E2E_DIR/ACF1.audit" "$E2E_DIR/ACF1.log"; then
	e2e_fail "a password reached the audit file or the log"
fi
grep -q 'STATUS=refused.*VERB=CHANGE' "$E2E_DIR/ACF1.audit" || e2e_fail "refusal not audited"
grep -q 'VERB=VERIFY.*TARGET=CAROL' "$E2E_DIR/ACF1.audit" || e2e_fail "verify not audited"

grep -q 'VERB=RULE-RECKEY' "$E2E_DIR/ACF1.audit" || e2e_fail "no RULE-RECKEY audit record"

expect_rc 0 e2e_console ACF1 -o DISPLAY
expect_out "ESMA200I AGENT ACF1 ESM acf2"

# A second agent allows logonid commands only: the mode a SET names is
# part of the verb, so rule commands are refused and LID reads are not.
e2e_agent_conf ACF2 "esm acf2" "allow INSERT CHANGE DELETE LIST"
e2e_agent_start ACF2
expect_rc 0 e2e_link ACF2 "INSERT BOB NAME(BOB) TSO"
expect_rc 0 e2e_link ACF2 "SET LID CHANGE BOB SUSPEND"
expect_rc 0 e2e_link ACF2 "LIST LIKE(-)"
expect_rc 0 e2e_link ACF2 "SET LID LIST LIKE(-)"
expect_out "^BOB  "
expect_rc 101 e2e_link ACF2 "SET RULE COMPILE \$KEY(PAY) SALARY.- UID(BOB) R(A)"
expect_out "ESMA102E RULE-COMPILE IS NOT ALLOWED THROUGH THE AGENT"
expect_rc 101 e2e_link ACF2 "SET RULE DELETE PAY"
expect_out "ESMA102E RULE-DELETE IS NOT ALLOWED"
expect_rc 101 e2e_link ACF2 "SET RESOURCE(FAC) DECOMP BPX.SUPERUSER"
expect_out "ESMA102E RESOURCE-DECOMP IS NOT ALLOWED"
expect_rc 4 e2e_console ACF2 "SET RULE DECOMP PAY"
grep -q 'STATUS=refused.*VERB=RULE-COMPILE' "$E2E_DIR/ACF2.audit" ||
	e2e_fail "rule refusal not audited"

e2e_pass
