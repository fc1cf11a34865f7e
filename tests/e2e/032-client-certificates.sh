#!/bin/bash
# Story: clients bind with TLS client certificates (SASL EXTERNAL) over
# ldaps:// and StartTLS.  cert-map rules turn the subject into a DN: the
# admin's certificate provisions a user, and the agent's audit names the
# certificate subject and its issuer as the realm next to the command; a
# user's certificate reads its own entry, a revoked user's certificate is
# refused, a subject no rule maps is refused, EXTERNAL without a
# certificate is inappropriateAuthentication, and with tls-verify require
# a certificate of another CA (or none) ends the handshake.  An identity
# longer than the 246 bytes the mainframe records runs no command.
# Access rules name certificate subjects; with cert-map-required no an
# unmapped subject binds as itself, unless it is an admin's or a user's
# DN.
. "$(dirname "$0")/lib.sh"
e2e_begin "client certificates: SASL EXTERNAL, cert-map, revoked users, realms"

P="ou=People,$SUFFIX"
e2e_agent_conf SYS1
e2e_agent_start SYS1
expect_rc 0 e2e_console SYS1 "ADDUSER ALICE NAME('ALICE') DFLTGRP(SYS1)"
expect_rc 0 e2e_console SYS1 "ADDUSER BOB NAME('BOB') DFLTGRP(SYS1)"
expect_rc 0 e2e_console SYS1 "ALTUSER BOB REVOKE"

# A CA, the gateway's certificate, and client certificates of it; a
# second CA nobody configured.
cd "$E2E_DIR" || e2e_fail "no story directory"
ossl() { openssl "$@" >> openssl.log 2>&1 || e2e_fail "openssl $1 failed"; }
make_ca() {	# NAME SUBJECT
	ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "$2" \
		-keyout "$1.key" -out "$1.crt"
}
make_cert() {	# NAME SUBJECT CA [openssl req options...]
	local name=$1 subj=$2 ca=$3; shift 3
	ossl req -newkey rsa:2048 -nodes -subj "$subj" "$@" \
		-keyout "$name.key" -out "$name.csr"
	ossl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" \
		-CAcreateserial -days 2 -out "$name.crt" -copy_extensions copy
	chmod 600 "$name.key"
}
make_ca ca "/O=Example/CN=Example Issuing CA"
make_ca other "/O=Elsewhere/CN=Other CA"
make_cert gw "/CN=127.0.0.1" ca -addext "subjectAltName=IP:127.0.0.1"
make_cert admin "/O=Example/OU=Admins/CN=esmadmin" ca
make_cert alice "/O=Example/OU=People/CN=alice" ca
make_cert bob "/O=Example/OU=People/CN=bob" ca
make_cert stranger "/O=Example/OU=Contractors/CN=eve" ca
make_cert forged "/O=Example/OU=People/CN=alice" other
# A subject that tries to smuggle RDNs through the template's $1.
make_cert hostile "/O=Example/OU=People/CN=x,ou=Groups\\+uid=ALICE" ca
# A certificate whose subject is longer than the mainframe records.
long=$(printf 'L%.0s' $(seq 1 60))
make_cert long "/O=Example/OU=Admins/CN=esmadmin/OU=$long/OU=$long/OU=$long/OU=$long" ca
# Subjects that are DNs of the gateway: an ESM user's, the admin's.
make_cert userdn "/DC=com/DC=racf/OU=People/UID=ALICE" ca
make_cert admindn "/DC=com/DC=racf/CN=esmadmin" ca
cd - >/dev/null || e2e_fail "cd back"

sport=$(e2e_free_port)
e2e_gateway_conf GW SYS1 "listen ldaps://127.0.0.1:$sport" "tls-cert gw.crt" \
	"tls-key gw.key" "tls-ca ca.crt" "tls-verify optional" \
	"realm EXAMPLE-GW" \
	'cert-map "^(OU=L+,)*CN=esmadmin,OU=Admins,O=Example$" "cn=esmadmin,dc=racf,dc=com"' \
	"cert-map \"^CN=(.+),OU=People,O=Example\$\" \"uid=\$1,$P\""
e2e_gateway_start GW
LDAPS="ldaps://127.0.0.1:$sport"
export LDAPTLS_CACERT="$E2E_DIR/ca.crt" LDAPTLS_REQCERT=demand
with_cert() {	# NAME TOOL args...: the tool presenting NAME's certificate
	local name=$1; shift
	LDAPTLS_CERT="$E2E_DIR/$name.crt" LDAPTLS_KEY="$E2E_DIR/$name.key" "$@"
}

# The root DSE offers EXTERNAL.
expect_rc 0 ldapsearch -H "$LDAPS" -x -LLL -b "" -s base supportedSASLMechanisms
expect_out "supportedSASLMechanisms: EXTERNAL"

# The admin by certificate, over ldaps:// and over StartTLS.
expect_rc 0 with_cert admin ldapwhoami -H "$LDAPS" -Y EXTERNAL
expect_out "dn:$ADMIN_DN"
expect_rc 0 with_cert admin ldapwhoami -H "$GW_URI" -ZZ -Y EXTERNAL
expect_out "dn:$ADMIN_DN"
grep -q 'certificate "CN=esmadmin,OU=Admins,O=Example" maps to "cn=esmadmin,dc=racf,dc=com"' \
	"$E2E_DIR/GW.log" || e2e_fail "the log does not show the subject mapped to the admin DN"
# ... provisions a user; the agent's audit names the certificate.
expect_rc 0 with_cert admin ldapadd -H "$LDAPS" -Y EXTERNAL <<LDIF
dn: uid=CARL,$P
objectClass: racfUser
uid: CARL
cn: CARL
LDIF
expect_rc 0 e2e_console SYS1 "LISTUSER CARL"
expect_out "NAME=CARL"
grep 'CMD="*ADDUSER CARL' "$E2E_DIR/SYS1.audit" > "$E2E_DIR/last.out" ||
	{ cat "$E2E_DIR/SYS1.audit"; e2e_fail "no ADDUSER CARL in the agent's audit"; }
expect_out 'DN="CN=esmadmin,OU=Admins,O=Example"'
expect_out 'REALM="CN=Example Issuing CA,O=Example"'
expect_out 'CLIENT=127.0.0.1:'
# A simple bind carries the configured realm.
expect_rc 0 as_admin ldapsearch -LLL -b "uid=CARL,$P" -s base cn
grep 'LISTUSER.*CARL' "$E2E_DIR/SYS1.audit" | grep -q "DN=\"$ADMIN_DN\" REALM=EXAMPLE-GW " ||
	{ cat "$E2E_DIR/SYS1.audit"; e2e_fail "no LISTUSER under the admin DN and realm EXAMPLE-GW"; }

# A user's certificate: ALICE reads her own entry, and only hers.
expect_rc 0 with_cert alice ldapwhoami -H "$LDAPS" -Y EXTERNAL
expect_out "dn:uid=alice,$P"
expect_rc 0 with_cert alice ldapsearch -H "$LDAPS" -Y EXTERNAL -LLL \
	-b "uid=ALICE,$P" -s base cn
expect_out "cn: ALICE"
expect_rc 50 with_cert alice ldapsearch -H "$LDAPS" -Y EXTERNAL -LLL \
	-b "uid=BOB,$P" -s base cn
# An authorization identity must be the certificate's own.
expect_rc 0 with_cert alice ldapwhoami -H "$LDAPS" -Y EXTERNAL -X "u:alice"
expect_rc 50 with_cert alice ldapwhoami -H "$LDAPS" -Y EXTERNAL -X "dn:$ADMIN_DN"

# BOB is revoked: his certificate does not get in.
expect_rc 49 with_cert bob ldapwhoami -H "$LDAPS" -Y EXTERNAL
expect_out "user is revoked"
grep -q "certificate bind as uid=bob,$P refused: the user is revoked" "$E2E_DIR/GW.log" ||
	e2e_fail "the log does not say BOB is revoked"
# No rule maps the contractor: refused, the log names the subject.
expect_rc 49 with_cert stranger ldapwhoami -H "$LDAPS" -Y EXTERNAL
grep -q 'certificate "CN=eve,OU=Contractors,O=Example": no cert-map rule matches' \
	"$E2E_DIR/GW.log" || e2e_fail "the log does not name the unmapped subject"
# The hostile subject stays one value: uid=x\,ou\=Groups\+uid\=ALICE,
# which no user is.
expect_rc 49 with_cert hostile ldapwhoami -H "$LDAPS" -Y EXTERNAL
grep -qF 'maps to "uid=x\,ou=groups\+uid=alice,ou=people,dc=racf,dc=com"' \
	"$E2E_DIR/GW.log" || { grep 'maps to' "$E2E_DIR/GW.log"; \
	e2e_fail "the hostile subject was not escaped into one value"; }
# A certificate of another CA ends the handshake (openssl s_client
# sends it whatever CAs the gateway names).  The client may see the
# connection end before the gateway has logged why: wait for the line.
log_shows() {	# PATTERN LOG
	for _ in $(seq 1 30); do
		grep -q "$1" "$2" && return 0
		sleep 0.1
	done
	return 1
}
forged_handshake() {	# PORT LOG
	echo | openssl s_client -connect "127.0.0.1:$1" -CAfile "$E2E_DIR/ca.crt" \
		-cert "$E2E_DIR/forged.crt" -key "$E2E_DIR/forged.key" > "$E2E_DIR/last.out" 2>&1
	log_shows "TLS error: .*certificate verify failed" "$2" ||
		{ cat "$E2E_DIR/last.out"; e2e_fail "a certificate of another CA was not refused"; }
	grep -q 'issued by "CN=Other CA' "$2" && e2e_fail "a certificate of another CA was accepted"
}
forged_handshake "$sport" "$E2E_DIR/GW.log"
# EXTERNAL without a certificate, and without TLS at all (sent as
# bytes: ldap-utils do not send EXTERNAL without a certificate); other
# mechanisms are not supported.
raw_bind() { $PY "$top_srcdir/tests/e2e/raw_bind.py" 127.0.0.1 "$@"; }
expect_rc 0 raw_bind "$sport" tls EXTERNAL
expect_out "^48 SASL EXTERNAL needs a client certificate: none was presented"
expect_rc 0 raw_bind "${GW_URI##*:}" starttls EXTERNAL
expect_out "^48 SASL EXTERNAL needs a client certificate"
expect_rc 0 raw_bind "${GW_URI##*:}" plain EXTERNAL
expect_out "^48 SASL EXTERNAL needs TLS"
expect_rc 0 raw_bind "$sport" tls DIGEST-MD5
expect_out "^7 SASL mechanism DIGEST-MD5 is not supported"
# The long subject maps to the admin, but no command runs under it.
expect_rc 53 with_cert long ldapsearch -H "$LDAPS" -Y EXTERNAL -LLL -b "uid=CARL,$P" -s base cn
expect_out "longer than the 246 bytes the mainframe records"
# python3-ldap binds the same way.
LDAPTLS_CERT="$E2E_DIR/alice.crt" LDAPTLS_KEY="$E2E_DIR/alice.key" $PY - "$LDAPS" \
	"$E2E_DIR/ca.crt" "$E2E_DIR/alice.crt" "$E2E_DIR/alice.key" <<'PY' > "$E2E_DIR/last.out" 2>&1 ||
import sys, ldap, ldap.sasl
ldap.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)
l = ldap.initialize(sys.argv[1])
l.set_option(ldap.OPT_X_TLS_CACERTFILE, sys.argv[2])
l.set_option(ldap.OPT_X_TLS_CERTFILE, sys.argv[3])
l.set_option(ldap.OPT_X_TLS_KEYFILE, sys.argv[4])
l.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
l.sasl_interactive_bind_s("", ldap.sasl.external())
print(l.whoami_s())
PY
	{ cat "$E2E_DIR/last.out"; e2e_fail "python3-ldap SASL EXTERNAL failed"; }
expect_out "dn:uid=alice,$P"

# tls-verify require: no certificate, or one of another CA, no handshake.
rport=$(e2e_free_port)
e2e_gateway_conf REQ SYS1 "listen ldaps://127.0.0.1:$rport" "tls-cert gw.crt" \
	"tls-key gw.key" "tls-ca ca.crt" "tls-verify require" \
	"cert-map \"^CN=([^,]+),OU=People,O=Example\$\" \"uid=\$1,$P\""
e2e_gateway_start REQ
ldapwhoami -H "ldaps://127.0.0.1:$rport" -x > "$E2E_DIR/last.out" 2>&1 &&
	e2e_fail "a client without a certificate was served"
log_shows "TLS error: .*peer did not return a certificate" "$E2E_DIR/REQ.log" ||
	e2e_fail "a handshake without a certificate was not refused"
forged_handshake "$rport" "$E2E_DIR/REQ.log"
expect_rc 0 with_cert alice ldapwhoami -H "ldaps://127.0.0.1:$rport" -Y EXTERNAL
expect_out "dn:uid=alice,$P"

# Access rules name certificates: a contractor's certificate no cert-map
# rule maps binds as its subject (cert-map-required no), and a group of
# certificate subjects may read users' names, nothing else.  A subject
# that is an admin's DN or a DN of an ESM's tree does not bind as itself:
# only a rule may grant those.
aport=$(e2e_free_port)
e2e_gateway_conf ACL SYS1 "listen ldaps://127.0.0.1:$aport" "tls-cert gw.crt" \
	"tls-key gw.key" "tls-ca ca.crt" "tls-verify optional" \
	"cert-map-required no" \
	"group contractors cert:CN=eve,OU=Contractors,O=Example" \
	"access admins to * by admins read,write,password-reset,password-events,changelog" \
	"access contractors-read to $P by group:contractors read attrs objectClass,uid,cn"
e2e_gateway_start ACL
ACLS="ldaps://127.0.0.1:$aport"
expect_rc 0 with_cert stranger ldapwhoami -H "$ACLS" -Y EXTERNAL
expect_out "dn:CN=eve,OU=Contractors,O=Example"
expect_rc 0 with_cert stranger ldapsearch -H "$ACLS" -Y EXTERNAL -LLL \
	-b "uid=ALICE,$P" -s base
expect_out "^cn: ALICE$"
expect_no_out "^defaultGroup:"
expect_rc 50 with_cert stranger ldapmodify -H "$ACLS" -Y EXTERNAL <<LDIF
dn: uid=ALICE,$P
changetype: modify
replace: cn
cn: EVE WAS HERE
LDIF
grep -q "rule contractors-read" "$E2E_DIR/ACL.log" ||
	e2e_fail "the log does not name the rule that refused the contractor's write"
expect_rc 0 e2e_console SYS1 "LISTUSER ALICE"
expect_out "NAME=ALICE  "
expect_rc 49 with_cert userdn ldapwhoami -H "$ACLS" -Y EXTERNAL
grep -q 'certificate "UID=ALICE,OU=People,DC=racf,DC=com": no cert-map rule maps it and the subject is a DN of the racf backend' \
	"$E2E_DIR/ACL.log" || e2e_fail "the log does not say why a subject that is a user's DN was refused"
expect_rc 49 with_cert admindn ldapwhoami -H "$ACLS" -Y EXTERNAL
grep -q 'certificate "CN=esmadmin,DC=racf,DC=com": no cert-map rule maps it and the subject is an administrator' \
	"$E2E_DIR/ACL.log" || e2e_fail "the log does not say why a subject that is the admin's DN was refused"
# A subject no group names binds as itself and reads nothing; the same
# subject from another CA's certificate does not even end its handshake.
expect_rc 0 with_cert alice ldapwhoami -H "$ACLS" -Y EXTERNAL
expect_out "dn:CN=alice,OU=People,O=Example"
expect_rc 50 with_cert alice ldapsearch -H "$ACLS" -Y EXTERNAL -LLL \
	-b "uid=BOB,$P" -s base cn
forged_handshake "$aport" "$E2E_DIR/ACL.log"

# Configurations that cannot work are refused, naming the problem.
e2e_gateway_conf BAD SYS1 "tls-cert gw.crt" "tls-key gw.key" "tls-verify require"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/BAD.conf"
expect_out "tls-verify require needs tls-ca"
e2e_gateway_conf BAD SYS1 'cert-map "^CN=(x)$" "uid=$2,ou=People"'
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/BAD.conf"
expect_out 'uses $2 but the regex captures 1 group'
e2e_gateway_conf BAD SYS1 "tls-protocol-min 1.1"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/BAD.conf"
expect_out "tls-protocol-min wants 1.2 or 1.3"
e2e_pass
