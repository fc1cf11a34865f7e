#!/bin/bash
# Story: the operators change the link key while admins keep working, as
# the README's procedure says: a new key; the agent takes it with the old
# one as keyfile-previous and restarts; then the gateway likewise; then
# both drop the old key.  A password reset sealed under the old key
# while the gateway was down arrives after the change with its password;
# every change (console and LDAP) reaches cn=changelog exactly once; a
# key neither side holds is refused naming the ids.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "link key rotation: two keys during the change, nothing lost or doubled"

keyid() { "$ESMAGENTD" --key-id "$E2E_DIR/$1" | cut -d' ' -f1; }
# set_keys CONF CURRENT [PREVIOUS]: the conf's keyfile lines (the
# gateway's link key only: the changelog section's keyfile stays).
set_keys() {
	sed -i -e '/^keyfile-previous /d' \
	    -e "s|^keyfile link[0-9]*\.key\$|keyfile $2${3:+\nkeyfile-previous $3}|" \
	    "$E2E_DIR/$1.conf"
}
# ldap_name USER NAME: a NAME change through the gateway, remembered.
ldap_name() {
	as_admin ldapmodify > "$E2E_DIR/ldapmod.out" 2>&1 <<-LDIF ||
	dn: uid=$1,ou=People,$SUFFIX
	changetype: modify
	replace: cn
	cn: $2
	LDIF
		{ cat "$E2E_DIR/ldapmod.out"; e2e_fail "ldapmodify of $1 failed"; }
	echo "name $1 $2" >> "$EV_CHANGES"
}

ev_setup
ev_start U01 U02 U03
old=$(keyid link.key)
ldap_name U01 "U01 BEFORE"
ev_names 5

# --- 1. A new key.  A password reset while the gateway is down. --------
out=$("$ESMAGENTD" --genkey "$E2E_DIR/link2.key") || e2e_fail "--genkey failed"
new=$(keyid link2.key)
echo "$out" | grep -q "key id $new" || e2e_fail "--genkey does not show the key id"
[ "$new" != "$old" ] || e2e_fail "two keys with one id"
kill -TERM "$GW_PID"; wait "$GW_PID"
expect_rc 0 e2e_console SYS1 "ALTUSER U02 PASSWORD(ROT8PW1) NOEXPIRED"
ev_names 5

# --- 2. The gateway: the new key, the old one previous.  The agent still
# has the old key alone: both links settle on it, and the password
# sealed under it opens with the gateway's keyfile-previous. ------------
set_keys GW link2.key link.key
ev_restart GW
ev_drain
grep -q "gateway esmgated connected from .* key $old)" "$E2E_DIR/SYS1.log" ||
	e2e_fail "the request link did not settle on the old key"
grep -q "events link .* up .* key $old)" "$E2E_DIR/GW.log" ||
	e2e_fail "the events link did not settle on the old key"
ldap_name U03 "U03 DURING"
ev_names 5

# --- 3. The agent likewise, with an event sealed under the old key
# waiting in its ring across the restart. ------------------------------
kill -TERM "$GW_PID"; wait "$GW_PID"
expect_rc 0 e2e_console SYS1 "ALTUSER U03 PASSWORD(ROT8PW2) NOEXPIRED"
set_keys SYS1 link2.key link.key
kill -TERM "$SYS1_PID"; wait "$SYS1_PID"
ev_restart SYS1
ev_names 5
ev_restart GW
ldap_name U01 "U01 BOTH NEW"
ev_drain
grep -q "events link .* up .* key $new)" "$E2E_DIR/GW.log" ||
	e2e_fail "the events link did not move to the new key"
grep -q "gateway esmgated connected from .* key $new)" "$E2E_DIR/SYS1.log" ||
	e2e_fail "the request link did not move to the new key"

# A gateway with a key neither side holds is refused, naming the ids.
"$ESMAGENTD" --genkey "$E2E_DIR/stranger.key" >/dev/null
stranger=$(keyid stranger.key)
expect_rc 69 "$ESMLINKCMD" -k "$E2E_DIR/stranger.key" \
	-c "127.0.0.1:$SYS1_PORT" "LISTUSER U01"
grep -q "uses key $stranger, this agent has $new and $old: no link key in common" \
	"$E2E_DIR/SYS1.log" || e2e_fail "the agent did not name the keys"

# --- 4. Both drop the old key. ------------------------------------------
set_keys SYS1 link2.key
kill -TERM "$SYS1_PID"; wait "$SYS1_PID"
ev_restart SYS1
set_keys GW link2.key
kill -TERM "$GW_PID"; wait "$GW_PID"
ev_restart GW
ev_names 5
ldap_name U02 "U02 AFTER"
ev_drain
grep -q "gateway esmgated connected from .* key $new)" "$E2E_DIR/SYS1.log" ||
	e2e_fail "the request link does not use the new key"

# Every change once; the password reset once, with its password.
ev_verdict --extra 2
grep -c "^esmEventType: password" "$E2E_DIR/changelog.ldif" | grep -qx 2 ||
	e2e_fail "the password resets are not in cn=changelog once each"
grep -q "recorded without it" "$E2E_DIR"/GW.log* &&
	e2e_fail "a password event was recorded without its password"
[ "$(cat "$E2E_DIR"/GW.log* | grep -c "password-reset.*, new password sealed")" = 2 ] ||
	e2e_fail "the gateway did not open both passwords sealed under the old key"
e2e_pass
