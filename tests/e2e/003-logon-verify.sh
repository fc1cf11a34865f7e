#!/bin/bash
# Story: users log on at the console (TSO logon) and through the link
# (pass-through verification): a password change at logon, failed logons
# that revoke the user at the SETROPTS limit, and protected userids.
. "$(dirname "$0")/lib.sh"
e2e_begin "logons: change at logon, revocation at the limit, verify over the link"

e2e_agent_conf SYS1
e2e_agent_start SYS1

expect_rc 0 e2e_console SYS1 "SETROPTS PASSWORD(REVOKE(3) INTERVAL(30))"
expect_rc 0 e2e_console SYS1 "ADDUSER CAROL NAME('CAROL KING') DFLTGRP(SYS1)"
expect_rc 0 e2e_console SYS1 "ALTUSER CAROL PASSWORD(TEMP1)"

# An admin's reset leaves the password expired: CAROL must change it.
expect_rc 12 e2e_console SYS1 "LOGON CAROL/TEMP1"
expect_rc 0 e2e_console SYS1 "LOGON CAROL/TEMP1/N3WPASS"
expect_rc 0 e2e_console SYS1 "LOGON CAROL/N3WPASS"
expect_rc 8 e2e_console SYS1 "LOGON CAROL/TEMP1"
# The same through the link, as the gateway's pass-through bind does.
expect_rc 0 e2e_link SYS1 --verify CAROL N3WPASS
expect_rc 8 e2e_link SYS1 --verify CAROL WRONG1
# Asked on standard input, as at a terminal.
printf 'N3WPASS\n\n' | e2e_console SYS1 "LOGON CAROL" > "$E2E_DIR/last.out" 2>&1 \
	|| e2e_fail "LOGON with the password on standard input failed"

# Three failures in a row revoke the user; the right password then fails.
expect_rc 8 e2e_console SYS1 "LOGON CAROL/WRONG1"
expect_rc 8 e2e_console SYS1 "LOGON CAROL/WRONG2"
expect_rc 8 e2e_console SYS1 "LOGON CAROL/WRONG3"
expect_rc 28 e2e_console SYS1 "LOGON CAROL/N3WPASS"
expect_rc 28 e2e_link SYS1 --verify CAROL N3WPASS
expect_rc 0 e2e_console SYS1 "LISTUSER CAROL"
expect_out "REVOKED"

# The admin resumes her.
expect_rc 0 e2e_link SYS1 "ALTUSER CAROL RESUME"
expect_rc 0 e2e_link SYS1 --verify CAROL N3WPASS

# Unknown users, and protected ones the agent never verifies.
expect_rc 4 e2e_link SYS1 --verify NOBODY X
expect_rc 101 e2e_link SYS1 --verify IBMUSER SYS1
expect_out "ESMA104E"

# Passwords never reach the agent's log or audit file.
if grep -q -e N3WPASS -e TEMP1 "$E2E_DIR/SYS1.log" "$E2E_DIR/SYS1.audit"; then
	e2e_fail "a password reached the log or the audit file"
fi
grep -q 'VERB=VERIFY.*TARGET=CAROL' "$E2E_DIR/SYS1.audit" || e2e_fail "verify not audited"

e2e_pass
