#!/bin/bash
# Story: someone guesses RACF users' passwords through the gateway.
# With bind-fail-limit 2 60 4, after two wrong passwords binds as that DN
# are refused with a clear text before any password is checked, so RACF
# (which revokes at the third failure) does not see the next guesses;
# after four failures from one address, binds from it are refused too.
# A good bind forgets its own DN's failures and nothing else: one valid
# credential does not reset the address's count for a guesser spraying
# many DNs.  Another address is not affected; the log, the audit feed
# and esmctl status tell the story.
# Without the limit, pass-through binds still honour RACF's revocation.
. "$(dirname "$0")/lib.sh"
e2e_begin "failed binds: limited per DN and per address, a good bind resets only its DN"

P="ou=People,$SUFFIX"
A=$E2E_DIR/audit.cef
e2e_agent_conf SYS1
e2e_agent_start SYS1
expect_rc 0 e2e_console SYS1 "SETROPTS PASSWORD(REVOKE(3))"
for u in JANE BOB; do
	expect_rc 0 e2e_console SYS1 "ADDUSER $u NAME('$u') DFLTGRP(SYS1)"
	expect_rc 0 e2e_console SYS1 "ALTUSER $u PASSWORD(${u}PW01) NOEXPIRED"
done
e2e_gateway_conf GW SYS1 "bind-fail-limit 2 60 4" "audit-file audit.cef"
e2e_gateway_start GW
port=${GW_URI##*:}
bind_from() {	# ADDR DN PASSWORD: a simple bind from that loopback address
	$PY "$top_srcdir/tests/e2e/raw_bind.py" --from "$1" 127.0.0.1 "$port" plain -s "$2" "$3"
}

# Two wrong passwords reach RACF and fail.
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JANE,$P" -w WRONG001
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=JANE,$P" -w WRONG002
# The third attempt, even with the right password, is not checked.
expect_rc 53 ldapwhoami -H "$GW_URI" -x -D "uid=JANE,$P" -w JANEPW01
expect_out "too many failed binds as uid=JANE,$P; try again in [0-9]* seconds"
for i in 3 4 5 6; do
	expect_rc 53 ldapwhoami -H "$GW_URI" -x -D "uid=JANE,$P" -w "WRONG00$i"
done
# The guesser holds one valid credential: its good bind does not reset
# the address's two failures, so two guesses at other DNs reach four.
expect_rc 0 as_admin ldapwhoami
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=BOB,$P" -w WRONG001
expect_rc 49 ldapwhoami -H "$GW_URI" -x -D "uid=NOBODY,$P" -w WRONG001
# From now on that address binds as no one, the admin included.
expect_rc 53 as_admin ldapwhoami
expect_out "too many failed binds from 127.0.0.1; try again in [0-9]* seconds"
expect_rc 53 ldapwhoami -H "$GW_URI" -x -D "uid=JANE,$P" -w JANEPW01
expect_out "too many failed binds from 127.0.0.1; try again in"
# Another address is not refused, except as the DN under attack.
expect_rc 0 bind_from 127.0.0.2 "$ADMIN_DN" "$ADMIN_PW"
expect_out "^0 "
expect_rc 0 bind_from 127.0.0.2 "uid=JANE,$P" JANEPW01
expect_out "^53 too many failed binds as uid=JANE,$P; try again in"
# BOB's good bind forgets BOB's failure: one more wrong password is
# his first again, and his password still works after it.
expect_rc 0 bind_from 127.0.0.2 "uid=BOB,$P" BOBPW01
expect_out "^0 "
expect_rc 0 bind_from 127.0.0.2 "uid=BOB,$P" WRONG002
expect_out "^49 "
expect_rc 0 bind_from 127.0.0.2 "uid=BOB,$P" BOBPW01
expect_out "^0 "
# esmctl status shows the table in use: JANE's and NOBODY's DNs and the
# two addresses; BOB's good binds freed his.
e2e_gateway_status GW > /dev/null
grep -q "^bind-limit slots-used 4 of 16384$" "$E2E_DIR/status.out" ||
	{ cat "$E2E_DIR/status.out"; e2e_fail "esmctl status does not show 4 failed-bind slots in use"; }

# RACF saw two failures: JANE is not revoked.
expect_rc 0 e2e_console SYS1 "LISTUSER JANE"
expect_no_out "REVOKED"
grep -q "bind as \"uid=JANE,$P\" from 127.0.0.1:[0-9]* refused without checking the credentials: too many failed binds as uid=JANE" \
	"$E2E_DIR/GW.log" || e2e_fail "no log line for a bind refused for its DN"
grep -q "bind as \"uid=JANE,$P\" from 127.0.0.1:[0-9]* refused without checking the credentials: too many failed binds from 127.0.0.1" \
	"$E2E_DIR/GW.log" || e2e_fail "no log line for a bind refused for its address"
grep -q "2 failed binds as uid=JANE,$P within 60s: further binds as uid=JANE,$P are refused for 60s" \
	"$E2E_DIR/GW.log" || e2e_fail "no log line when the DN's limit was reached"
grep -q "4 failed binds from 127.0.0.1 within 60s: further binds from 127.0.0.1 are refused for 60s" \
	"$E2E_DIR/GW.log" || e2e_fail "no log line when the address's limit was reached"
[ "$(grep -c '|bind-limit|Failed bind limit reached|8|' "$A")" = 2 ] ||
	{ cat "$A"; e2e_fail "not two bind-limit records (DN and address)"; }
grep -q "|bind-limit|.* reason=4 failed binds from 127.0.0.1 within 60s" "$A" ||
	{ cat "$A"; e2e_fail "no bind-limit record naming the address and its limit"; }
grep -q "|bind-failure|.*suser=uid\\\\=JANE,.* reason=too many failed binds from 127.0.0.1; .*cn1=53 .*cs1Label=realm cs1=esmgate:" "$A" ||
	{ cat "$A"; e2e_fail "no audit record of a refused bind with its realm"; }

# Without a limit, RACF revokes at its third failure and the gateway
# says so: pass-through binds honour the ESM's revocation.
e2e_gateway_conf OPEN SYS1 "bind-fail-limit 0"
e2e_gateway_start OPEN
for i in 1 2 3; do
	expect_rc 49 ldapwhoami -H "$OPEN_URI" -x -D "uid=BOB,$P" -w "WRONG00$i"
done
expect_rc 49 ldapwhoami -H "$OPEN_URI" -x -D "uid=BOB,$P" -w BOBPW01
expect_out "user is revoked"
expect_rc 0 e2e_console SYS1 "LISTUSER BOB"
expect_out "REVOKED"

# Settings that make no sense are refused.
e2e_gateway_conf BAD SYS1 "bind-fail-limit 5"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/BAD.conf"
expect_out "bind-fail-limit wants N SECONDS"
e2e_gateway_conf BAD SYS1 "bind-fail-limit 5 60 0"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/BAD.conf"
expect_out "bind-fail-limit wants N SECONDS \[ADDRESS-N\]"
e2e_pass
