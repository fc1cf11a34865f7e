#!/bin/bash
# Story: the security team puts both links inside TLS with mutual
# certificates from its own CA (esmlinks://, as AT-TLS would on z/OS).
# The gateway provisions a user through the agent and the console's
# changes reach cn=changelog, all over TLS.  A machine with a certificate
# from another CA, one whose certificate from the right CA carries
# another name than tls-peer-name / link-tls-peer-name, one with no
# certificate, and a plain esmlink:// peer are refused at once, and the
# logs say why.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "link TLS: mutual certificates on requests and events; strangers refused"

# --- A CA, the two machines' certificates, and a rogue CA's. -----------
pki=$E2E_DIR/pki
mkdir -p "$pki"
mkca() {	# mkca NAME
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" \
		-keyout "$pki/$1.key" -out "$pki/$1.crt" >/dev/null 2>&1 ||
		e2e_fail "cannot make CA $1"
}
mkcert() {	# mkcert CA NAME DNS
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$2" \
		-keyout "$pki/$2.key" -out "$pki/$2.csr" >/dev/null 2>&1 &&
	printf 'subjectAltName=DNS:%s\n' "$3" > "$pki/$2.ext" &&
	openssl x509 -req -in "$pki/$2.csr" -CA "$pki/$1.crt" \
		-CAkey "$pki/$1.key" -CAcreateserial -days 2 \
		-extfile "$pki/$2.ext" -out "$pki/$2.crt" >/dev/null 2>&1 ||
		e2e_fail "cannot make certificate $2"
	chmod 600 "$pki/$2.key"
}
mkca linkca
mkca rogueca
mkcert linkca sys1 sys1.link.example
mkcert linkca gw gw.link.example
mkcert rogueca sys2 sys2.link.example

# --- Both daemons with esmlinks:// on both links. ----------------------
ev_setup "tls-cert pki/sys1.crt" "tls-key pki/sys1.key" \
	"tls-ca pki/linkca.crt" "tls-peer-name gw.link.example"
sed -i 's|esmlink://|esmlinks://|' "$E2E_DIR/SYS1.conf" "$E2E_DIR/GW.conf"
sed -i '0,/^keyfile link.key$/s||keyfile link.key\nlink-tls-cert pki/gw.crt\nlink-tls-key pki/gw.key\nlink-tls-ca pki/linkca.crt\nlink-tls-peer-name sys1.link.example|' \
	"$E2E_DIR/GW.conf"
# A key others may read is refused, naming the file.
chmod 644 "$pki/gw.key"
expect_rc 1 "$ESMGATED" -t -f "$E2E_DIR/GW.conf"
expect_out "pki/gw.key"
chmod 600 "$pki/gw.key"
ev_start U01 U02 U03
grep -q "listening for gateways on esmlinks://127.0.0.1:$SYS1_PORT (TLS" \
	"$E2E_DIR/SYS1.log" || e2e_fail "the agent does not listen with TLS"

# --- Provisioning over the request link, events over the event link. ---
cat > "$E2E_DIR/add.ldif" <<LDIF
dn: uid=TLSUSR,ou=People,$SUFFIX
objectClass: racfUser
uid: TLSUSR
cn: TLS USER
sn: USER
defaultGroup: SYS1
LDIF
expect_rc 0 as_admin ldapadd -f "$E2E_DIR/add.ldif"
expect_rc 0 e2e_console SYS1 "LISTUSER TLSUSR"
expect_out "NAME=TLS USER"
ev_names 10
ev_drain
as_admin ldapsearch -LLL -b cn=changelog -s one -E pr=500/noprompt \
	targetDN esmEventType > "$E2E_DIR/cl.ldif" 2>&1 ||
	e2e_fail "cannot read cn=changelog"
[ "$(grep -ci "^targetDN: uid=TLSUSR," "$E2E_DIR/cl.ldif")" = 1 ] ||
	e2e_fail "the provisioned user's create is not in cn=changelog once"
grep -q "gateway=127.0.0.1:$EV_PORT .*link up\|events link .* up" \
	"$E2E_DIR/GW.log" || e2e_fail "no events link up on the gateway"

# stranger NAME CERT GW_SAYS: an agent NAME with pki/CERT.crt sending
# events to the gateway, until the gateway says GW_SAYS of it and the
# agent's log has a failed TLS link.
stranger() {
	e2e_agent_conf "$1" "gateway esmlinks://127.0.0.1:$EV_PORT" \
		"tls-cert pki/$2.crt" "tls-key pki/$2.key" "tls-ca pki/linkca.crt"
	sed -i "s|^listen .*|listen esmlinks://127.0.0.1:$(e2e_free_port)|" \
		"$E2E_DIR/$1.conf"
	e2e_agent_start "$1"
	for i in $(seq 1 100); do
		grep -q "$3" "$E2E_DIR/GW.log" &&
			grep -q "TLS .* failed" "$E2E_DIR/$1.log" && break
		sleep 0.1
	done
	grep -q "TLS handshake with peer 127.0.0.1:[0-9]* failed: $3" \
		"$E2E_DIR/GW.log" ||
		e2e_fail "the gateway did not say why it refused $1's certificate"
}

# --- A machine whose certificate comes from another CA. ----------------
stranger SYS2 sys2 "its certificate is refused: unable to get local issuer certificate"
# It learns so by the gateway's alert, or, when the gateway's reset
# overtakes the alert (TLS 1.3 clients finish first), by the reset.
grep -Eq "TLS .* 127.0.0.1:$EV_PORT failed: .*(alert unknown ca|the connection broke \(the peer may have refused this side's certificate\))" \
	"$E2E_DIR/SYS2.log" ||
	e2e_fail "the rogue agent's log does not say its certificate was refused"
# Refused, it retries with backoff like any link that goes down.
grep -q "gateway=127.0.0.1:$EV_PORT reconnecting in 1s" "$E2E_DIR/SYS2.log" ||
	e2e_fail "the rogue agent does not back off"
kill -TERM "$SYS2_PID"; wait "$SYS2_PID"

# --- A machine with a certificate from our CA, but not named as
# link-tls-peer-name requires (sys1.link.example). ---------------------
mkcert linkca sys3 sys3.link.example
stranger SYS3 sys3 "its certificate is refused: hostname mismatch"
grep -q "TLS .* 127.0.0.1:$EV_PORT failed: " "$E2E_DIR/SYS3.log" ||
	e2e_fail "the misnamed agent's log does not say it was refused"
grep -q "agent=SYS3 " "$E2E_DIR/GW.log" &&
	e2e_fail "the misnamed agent got past TLS"
kill -TERM "$SYS3_PID"; wait "$SYS3_PID"

# --- A client with no certificate at all. ------------------------------
openssl s_client -connect "127.0.0.1:$SYS1_PORT" -CAfile "$pki/linkca.crt" \
	< /dev/null > "$E2E_DIR/nocert.out" 2>&1
for i in $(seq 1 50); do
	grep -q "did not return a certificate\|no certificate" "$E2E_DIR/SYS1.log" && break
	sleep 0.1
done
grep "TLS handshake with peer 127.0.0.1:" "$E2E_DIR/SYS1.log" |
	grep -q "did not return a certificate" ||
	e2e_fail "the agent did not say the client had no certificate"

# --- A plain esmlink:// peer on the TLS port: refused, not hung. -------
expect_rc 69 timeout 10 "$ESMLINKCMD" -k "$E2E_DIR/link.key" \
	-c "127.0.0.1:$SYS1_PORT" "LISTUSER U01"
grep -q "plain esmlink:// peer" "$E2E_DIR/SYS1.log" ||
	e2e_fail "the agent did not name the plain peer"

# The good links stayed up: the gateway still provisions.
expect_rc 0 as_admin ldapmodify <<LDIF
dn: uid=TLSUSR,ou=People,$SUFFIX
changetype: modify
replace: cn
cn: TLS USER TWO
LDIF
expect_rc 0 e2e_console SYS1 "LISTUSER TLSUSR"
expect_out "NAME=TLS USER TWO"
# Each change made at the console reached cn=changelog once (besides
# the provisioned user's two changes).
ev_drain
ev_verdict --extra 2
e2e_pass
