#!/bin/bash
# Story: an administrator fills new ACF2 and Top Secret databases with
# esmgen's sample data through the console's batch mode.  Every command
# is accepted, and what the ESM lists afterwards is what was generated:
# logonids and rule sets, ACIDs of each type, suspensions and expired
# passwords, and names with apostrophes quoted by the ESM's rules.  The
# same seed gives the same commands.
. "$(dirname "$0")/lib.sh"
e2e_begin "esmgen: ACF2 and TSS sample data load whole and list back"

# count PATTERN FILE: the number of lines of FILE matching PATTERN.
count() {
	grep -c -- "$1" "$2"
}

# load NAME ESM: generate 200 users for ESM and load them into NAME.
load() {
	local name=$1 esm=$2 n
	"$ESMGEN" --esm "$esm" --users 200 --seed 11 > "$E2E_DIR/$esm.cmds" ||
		e2e_fail "esmgen --esm $esm failed"
	"$ESMGEN" --esm "$esm" --users 200 --seed 11 | cmp -s - "$E2E_DIR/$esm.cmds" ||
		e2e_fail "esmgen --esm $esm: the same seed gave other commands"
	n=$(wc -l < "$E2E_DIR/$esm.cmds")
	expect_rc 0 e2e_console "$name" -q -b "$E2E_DIR/$esm.cmds"
	expect_out "esmconsole: $n commands, 0 failed"
}

# listed NAME COMMAND PATTERN WANT: COMMAND's output has WANT lines
# matching PATTERN.
listed() {
	local got
	e2e_console "$1" "$2" > "$E2E_DIR/list.out" 2>&1
	got=$(count "$3" "$E2E_DIR/list.out")
	[ "$got" = "$4" ] || e2e_fail "$2: $got lines match '$3', not $4"
}

# ACF2: the logonids (and ACF2ADM), the rule sets, suspensions and
# expired passwords (ACF2ADM's too).
e2e_agent_conf GA "esm acf2"
load GA acf2
C=$E2E_DIR/acf2.cmds
users=$(count '^INSERT ' "$C")
[ "$users" = 200 ] || e2e_fail "esmgen printed $users INSERTs, not 200"
expect_rc 0 e2e_console GA "LIST LIKE(-)"
expect_out "ACF6C041I 201 LOGONIDS LISTED"
listed GA "LIST LIKE(-)" '^  .*\<SUSPEND\>' "$(count '^INSERT .* SUSPEND' "$C")"
listed GA "LIST LIKE(-)" '\<PSWD-EXP\>' $(( $(count '^INSERT ' "$C") -
	$(count '^INSERT .* NOPSWD-EXP' "$C") + 1 ))
listed GA "SET RULE LIST" '^\$KEY(' "$(count '^SET RULE COMPILE ' "$C")"
listed GA "SET RESOURCE(FAC) LIST" '^\$KEY(.*\.ADMIN) TYPE(FAC)' \
	"$(count '^SET RESOURCE(FAC) COMPILE ' "$C")"
listed GA "LIST LIKE(-)" 'GROUP(' 200
id=$(grep -m1 "NAME('[^']*O''" "$C" | cut -d' ' -f2)
[ -n "$id" ] || e2e_fail "no ACF2 name with an apostrophe was generated"
expect_rc 0 e2e_console GA "LIST $id"
expect_out "^$id  .* O'[A-Z]*\$"
key=$(grep -m1 '^SET RULE COMPILE ' "$C" | sed 's/.*\$KEY(\([^)]*\)).*/\1/')
expect_rc 0 e2e_console GA "SET RULE DECOMP $key"
expect_out "R(A) W(A) A(A)"
expect_rc 0 e2e_console GA "SET RESOURCE(FAC) DECOMP $key.ADMIN"
expect_out "^ UID([A-Z0-9]*) SERVICE(READ,UPDATE) ALLOW$"

# TSS: ACIDs of every type (the MSCA's department and division come
# with the new file), suspensions, expired passwords, permissions.
e2e_agent_conf GT "esm tss"
load GT tss
C=$E2E_DIR/tss.cmds
for t in USER PROFILE GROUP ZONE; do
	listed GT "LIST(ACIDS) TYPE($t)" '^ACCESSORID' "$(count "TYPE($t)" "$C")"
done
listed GT "LIST(ACIDS) TYPE(DEPT)" '^ACCESSORID' $(( $(count 'TYPE(DEPT)' "$C") + 1 ))
listed GT "LIST(ACIDS) TYPE(DIVISION)" '^ACCESSORID' $(( $(count 'TYPE(DIV)' "$C") + 1 ))
listed GT "LIST(ACIDS) TYPE(USER) DATA(BASIC)" '^SUSPENDED' "$(count ') SUSPEND$' "$C")"
listed GT "LIST(ACIDS) TYPE(USER) DATA(PASSWORD)" 'EXPIRED' "$(count ',30,EXP)' "$C")"
id=$(grep -m1 "NAME('[^']*O''" "$C" | sed 's/^CREATE(\([^)]*\)).*/\1/')
[ -n "$id" ] || e2e_fail "no TSS name with an apostrophe was generated"
expect_rc 0 e2e_console GT "LIST($id) DATA(BASIC)"
expect_out "NAME       = .* O'[A-Z]*\$"
expect_rc 0 e2e_console GT "WHOHAS DSN(PAYROLL.SALARY)"
expect_out "ACID    = PPAYROLL  ACCESS     = UPDATE"

e2e_pass
