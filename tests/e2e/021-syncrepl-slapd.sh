#!/bin/bash
# Story: Debian's slapd replicates the gateway's people as an RFC 4533
# syncrepl consumer.  It refreshes every user, keeps the gateway's cookie
# as its contextCSN, polls again with it (refreshOnly) and gets nothing
# new; as a refreshAndPersist consumer it stays connected to the gateway.
# Runs when slapd is installed (apt-get install slapd); skipped otherwise.
. "$(dirname "$0")/lib.sh"
e2e_begin "a slapd syncrepl consumer of the gateway"

SLAPD=/usr/sbin/slapd
SLAPADD=/usr/sbin/slapadd
if [ ! -x "$SLAPD" ] || [ ! -x "$SLAPADD" ] || [ ! -d /usr/lib/ldap ]; then
	echo "SKIP: Debian's slapd is not installed (apt-get install slapd)"
	exit 77
fi
P="ou=People,$SUFFIX"

e2e_agent_conf SYS1
e2e_agent_start SYS1
e2e_sample_users SYS1 12
n=$(e2e_console SYS1 "SEARCH CLASS(USER)" | grep -c -v -e '^IBMUSER$' -e '^ESMAGENT$')
one=$(e2e_console SYS1 "SEARCH CLASS(USER)" | grep -v -e '^IBMUSER$' -e '^ESMAGENT$' | head -n 1)
"$ESMAGENTD" --genkey "$E2E_DIR/changelog.key" >/dev/null ||
	e2e_fail "cannot generate the changelog key"
e2e_gateway_conf GW SYS1
cat >> "$E2E_DIR/GW.conf" <<CONF
backend changelog
directory changelog.db
keyfile changelog.key
CONF
e2e_gateway_start GW

# The consumer: slapd's own schemas, the gateway's memberOf (a user
# attribute here, the memberof overlay's operational one there) and
# racf.schema; a database with the suffix and ou=People already in it.
S=$E2E_DIR/slapd
mkdir -p "$S/db"
awk '/^attributetype.*NAME .memberOf./,/\)$/' "$top_srcdir/schema/core.schema" |
	sed 's/LDAPSyntax:12/1.3.6.1.4.1.1466.115.121.1.12/' > "$S/memberof.schema"
slapd_conf() {
	cat <<-CONF
	include /etc/ldap/schema/core.schema
	include /etc/ldap/schema/cosine.schema
	include /etc/ldap/schema/inetorgperson.schema
	include $S/memberof.schema
	include $top_srcdir/schema/racf.schema
	pidfile $S/slapd.pid
	modulepath /usr/lib/ldap
	moduleload back_mdb
	database mdb
	suffix "$SUFFIX"
	rootdn "cn=admin,$SUFFIX"
	rootpw secret
	directory $S/db
	syncrepl rid=001 provider=$GW_URI type=$1 interval=00:00:00:01 retry="1 +" searchbase="$P" scope=one bindmethod=simple binddn="$ADMIN_DN" credentials=$ADMIN_PW schemachecking=off
	CONF
}
slapd_conf refreshOnly > "$S/slapd.conf"
cat > "$S/base.ldif" <<LDIF
dn: $SUFFIX
objectClass: dcObject
objectClass: organization
dc: racf
o: racf

dn: $P
objectClass: organizationalUnit
ou: People
LDIF
"$SLAPADD" -f "$S/slapd.conf" -l "$S/base.ldif" > "$S/slapadd.out" 2>&1 ||
	{ cat "$S/slapadd.out"; e2e_fail "slapadd failed"; }
SP=$(e2e_free_port)
slapd_start() {
	"$SLAPD" -f "$S/slapd.conf" -h "ldap://127.0.0.1:$SP" -d sync \
		>> "$S/slapd.log" 2>&1 &
	E2E_PIDS="$E2E_PIDS $!"
	SLAPD_PID=$!
}
slapd_start
# It replicates every user within a few seconds.
got=0
for _ in $(seq 1 50); do
	got=$(ldapsearch -LLL -x -H "ldap://127.0.0.1:$SP" -b "$P" -s one 1.1 2>/dev/null |
		grep -c '^dn: ')
	[ "$got" = "$n" ] && break
	sleep 0.2
done
[ "$got" = "$n" ] || { tail -n 30 "$S/slapd.log"; e2e_fail "slapd holds $got users, not $n"; }
expect_rc 0 ldapsearch -LLL -x -H "ldap://127.0.0.1:$SP" -b "uid=$one,$P" -s base cn entryUUID
want=$(as_admin ldapsearch -LLL -b "uid=$one,$P" -s base cn | grep '^cn: ')
expect_out "^$want$"
expect_out "^entryUUID: "
# Its contextCSN is the gateway's cookie, and the next poll sends it.
expect_rc 0 ldapsearch -LLL -x -H "ldap://127.0.0.1:$SP" -b "$SUFFIX" -s base contextCSN
expect_out "^contextCSN: 20000101000000.000000Z#000000#000#000000$"
for _ in $(seq 1 30); do
	grep -q "sending cookie=rid=001,csn=20000101000000.000000Z" "$S/slapd.log" && break
	sleep 0.2
done
grep -q "sending cookie=rid=001,csn=20000101000000.000000Z" "$S/slapd.log" ||
	e2e_fail "slapd did not poll with the gateway's cookie"
grep -qi "content sync refreshOnly of $P: changes up to change 0" "$E2E_DIR/GW.log" ||
	e2e_fail "the gateway did not serve slapd an incremental refresh"

# refreshAndPersist: slapd stays connected, counted as persisting.
kill "$SLAPD_PID"
wait "$SLAPD_PID" 2>/dev/null
slapd_conf refreshAndPersist > "$S/slapd.conf"
slapd_start
for _ in $(seq 1 50); do
	"$ESMCTL" -f "$E2E_DIR/GW.conf" status 2>/dev/null |
		grep -q "^persistent-searches 1 " && break
	sleep 0.2
done
expect_rc 0 "$ESMCTL" -f "$E2E_DIR/GW.conf" status
expect_out "^persistent-searches 1 "
grep -qi "content sync refreshAndPersist of $P" "$E2E_DIR/GW.log" ||
	e2e_fail "slapd did not ask for refreshAndPersist"
e2e_pass
