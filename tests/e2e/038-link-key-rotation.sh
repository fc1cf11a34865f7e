#!/bin/bash
# Story: the operators change the link key while admins keep working, as
# the README's procedure says, agent first: a new key; the agent takes it
# with the old one as keyfile-previous and restarts while the gateway is
# down, with a password reset waiting in its ring and another made after
# the restart; the gateway comes back on the old key alone and opens
# both; then the gateway takes both keys; then the agent drops the old
# key once its journal is empty, with a password sealed under the old key
# still in its ring; the gateway drops it once the agent's cache is
# empty.  Every password reset arrives with its password, every change
# (console and LDAP) reaches cn=changelog exactly once; a key neither
# side holds is refused naming the ids.
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
# password USER PW: a password reset at the console (not a name change:
# ev_verdict counts these as extra records).
PASSWORDS=0
password() {
	expect_rc 0 e2e_console SYS1 "ALTUSER $1 PASSWORD($2) NOEXPIRED"
	PASSWORDS=$((PASSWORDS + 1))
}
stop() { kill -TERM "$1"; wait "$1"; }

ev_setup
ev_start U01 U02 U03
old=$(keyid link.key)
ldap_name U01 "U01 BEFORE"
ev_names 5

# --- 1. A new key; the gateway goes down for a while. -------------------
out=$("$ESMAGENTD" --genkey "$E2E_DIR/link2.key") || e2e_fail "--genkey failed"
new=$(keyid link2.key)
echo "$out" | grep -q "key id $new" || e2e_fail "--genkey does not show the key id"
[ "$new" != "$old" ] || e2e_fail "two keys with one id"
stop "$GW_PID"
password U02 ROT8PW1		# sealed under the old key, waits in the ring

# --- 2. The agent first: the new key, the old one previous.  A password
# reset after its restart is sealed under the old key, which the gateway
# (old key alone) holds: the agent names it in DISPLAY. -----------------
set_keys SYS1 link2.key link.key
stop "$SYS1_PID"
ev_restart SYS1
ev_display_until "ESMA209I LINK KEY $new PREVIOUS $old" ||
	{ cat "$E2E_DIR/display.out"; e2e_fail "DISPLAY does not show the key ids"; }
password U03 ROT8PW2
ev_names 5
ev_restart GW
ev_drain
grep -q "events link .* up .* key $old)" "$E2E_DIR/GW.log" ||
	e2e_fail "the events link did not settle on the old key"
ldap_name U03 "U03 DURING"
grep -q "gateway esmgated connected from .* key $old)" "$E2E_DIR/SYS1.log" ||
	e2e_fail "the request link did not settle on the old key"
ev_drain

# --- 3. The gateway likewise: links move to the new key; passwords are
# still sealed under the old one, which both sides hold. ---------------
set_keys GW link2.key link.key
stop "$GW_PID"
ev_restart GW
password U01 ROT8PW3
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
# A keyfile-previous others may read is refused, under its own name.
cp "$E2E_DIR/link.key" "$E2E_DIR/link-open.key"
chmod 644 "$E2E_DIR/link-open.key"
sed "s|^keyfile-previous link.key\$|keyfile-previous link-open.key|" \
	"$E2E_DIR/GW.conf" > "$E2E_DIR/GW-open.conf"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/GW-open.conf"
expect_out "keyfile-previous .*link-open.key"

# --- 4. The end, agents first.  A password sealed under the old key
# waits in the ring (the gateway is down) while the agent, its journal
# empty, drops the old key; the next one is sealed under the new key.
# The gateway, still holding both, opens both; once the agent's cache is
# empty it drops the old key too. --------------------------------------
stop "$GW_PID"
password U02 ROT8PW4
ev_cache_says "JOURNAL .* RECORDS 0 "
set_keys SYS1 link2.key
stop "$SYS1_PID"
ev_restart SYS1
ev_display_until "ESMA209I LINK KEY $new PREVIOUS NONE" ||
	{ cat "$E2E_DIR/display.out"; e2e_fail "DISPLAY still shows the old key"; }
password U03 ROT8PW5
ev_restart GW
ev_drain
ev_cache_says "DEPTH 0 "
ev_cache_says "JOURNAL .* RECORDS 0 "
set_keys GW link2.key
stop "$GW_PID"
ev_restart GW
ev_names 5
ldap_name U02 "U02 AFTER"
ev_drain
grep -q "gateway esmgated connected from .* key $new)" "$E2E_DIR/SYS1.log" ||
	e2e_fail "the request link does not use the new key"

# Every change once; every password reset once, with its password.
ev_verdict --extra "$PASSWORDS"
grep -c "^esmEventType: password" "$E2E_DIR/changelog.ldif" | grep -qx "$PASSWORDS" ||
	e2e_fail "the password resets are not in cn=changelog once each"
grep -q "recorded without it" "$E2E_DIR"/GW.log* &&
	e2e_fail "a password event was recorded without its password"
[ "$(cat "$E2E_DIR"/GW.log* | grep -c "password-reset.*, new password sealed")" = "$PASSWORDS" ] ||
	e2e_fail "the gateway did not open every password"
e2e_pass
