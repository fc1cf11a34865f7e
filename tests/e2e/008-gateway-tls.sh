#!/bin/bash
# Story: clients reach the gateway over TLS, through an ldaps://
# listener and with StartTLS on the plain one; the certificate is the
# configured one, old protocol versions are refused, and a gateway
# without TLS says so to a client asking for StartTLS.
. "$(dirname "$0")/lib.sh"
e2e_begin "TLS: ldaps://, StartTLS, TLS 1.2 at least"

e2e_agent_conf SYS1
e2e_agent_start SYS1
expect_rc 0 e2e_console SYS1 "ADDUSER ALICE NAME('ALICE') DFLTGRP(SYS1)"

# A self-signed certificate for 127.0.0.1, made for this story.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$E2E_DIR/gw.key" \
	-out "$E2E_DIR/gw.crt" > "$E2E_DIR/openssl.log" 2>&1 || e2e_fail "openssl req failed"
chmod 600 "$E2E_DIR/gw.key"
sport=$(e2e_free_port)
e2e_gateway_conf GW SYS1 "listen ldaps://127.0.0.1:$sport" "tls-cert gw.crt" "tls-key gw.key"
e2e_gateway_start GW
export LDAPTLS_CACERT="$E2E_DIR/gw.crt" LDAPTLS_REQCERT=demand

# LDAPS.
expect_rc 0 ldapsearch -H "ldaps://127.0.0.1:$sport" -x -D "$ADMIN_DN" -w "$ADMIN_PW" \
	-LLL -b "uid=ALICE,ou=People,$SUFFIX" -s base cn
expect_out "cn: ALICE"
# StartTLS on the plain listener (-ZZ: TLS or nothing).
expect_rc 0 ldapwhoami -H "$GW_URI" -ZZ -x -D "$ADMIN_DN" -w "$ADMIN_PW"
expect_out "dn:$ADMIN_DN"
# The certificate is the configured one.
echo | openssl s_client -connect "127.0.0.1:$sport" -CAfile "$E2E_DIR/gw.crt" \
	> "$E2E_DIR/last.out" 2>&1
expect_out "Verify return code: 0 (ok)"
# TLS 1.1 is refused.
if echo | openssl s_client -connect "127.0.0.1:$sport" -tls1_1 > "$E2E_DIR/last.out" 2>&1; then
	grep -q "Protocol  *: TLSv1.1" "$E2E_DIR/last.out" && e2e_fail "TLS 1.1 was accepted"
fi
# A key file others may read is refused at start.
chmod 644 "$E2E_DIR/gw.key"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/GW.conf"
chmod 600 "$E2E_DIR/gw.key"

# A gateway without TLS answers StartTLS with "unavailable".
GWNAME=PLAIN
e2e_gateway_conf PLAIN SYS1
e2e_gateway_start PLAIN
expect_rc 1 ldapwhoami -H "$PLAIN_URI" -ZZ -x
expect_out "TLS is not configured"
e2e_pass
