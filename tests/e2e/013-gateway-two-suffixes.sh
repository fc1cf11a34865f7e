#!/bin/bash
# Story: one gateway serves two mainframe security databases, each under
# its own suffix and through its own agent (two sysplexes that share
# nothing).  Each suffix shows its own users only, a user provisioned
# under one suffix appears in that database alone, and the operator sees
# both backends.
. "$(dirname "$0")/lib.sh"
e2e_begin "one gateway, two suffixes, two agents, two databases"

SUFFIX2="dc=plex2,dc=com"
e2e_agent_conf PLEX1
e2e_agent_start PLEX1
e2e_agent_conf PLEX2
e2e_agent_start PLEX2
expect_rc 0 e2e_console PLEX1 "ADDUSER ALICE NAME('ALICE ONE') DFLTGRP(SYS1) OWNER(SYS1)"
expect_rc 0 e2e_console PLEX2 "ADDUSER BOB NAME('BOB TWO') DFLTGRP(SYS1) OWNER(SYS1)"

e2e_gateway_conf GW PLEX1
cat >> "$E2E_DIR/GW.conf" <<CONF
backend racf
suffix $SUFFIX2
map $top_srcdir/schema/racf.map
agent PLEX2 esmlink://127.0.0.1:$PLEX2_PORT
keyfile link.key
request-timeout 10
CONF
e2e_gateway_start GW
for i in $(seq 1 100); do
	[ "$(grep -c 'link up: backend' "$E2E_DIR/GW.log")" -ge 2 ] && break
	sleep 0.1
done
grep -q "backend $SUFFIX2 can reach RACF" "$E2E_DIR/GW.log" ||
	e2e_fail "the second backend's link did not come up"

# The root DSE names both databases.
expect_rc 0 as_anon ldapsearch -LLL -b "" -s base namingContexts
expect_out "namingContexts: $SUFFIX"
expect_out "namingContexts: $SUFFIX2"

# Each suffix shows its own users, and only those.
expect_rc 0 as_admin ldapsearch -LLL -b "$SUFFIX" "(uid=ALICE)" cn
expect_out "dn: uid=ALICE,ou=People,$SUFFIX"
expect_out "cn: ALICE ONE"
expect_rc 0 as_admin ldapsearch -LLL -b "$SUFFIX" "(uid=BOB)" cn
expect_no_out "BOB"
expect_rc 0 as_admin ldapsearch -LLL -b "$SUFFIX2" "(uid=BOB)" cn
expect_out "dn: uid=BOB,ou=People,$SUFFIX2"
expect_out "cn: BOB TWO"
expect_rc 32 as_admin ldapsearch -LLL -b "uid=ALICE,ou=People,$SUFFIX2" -s base
expect_rc 0 as_admin ldapsearch -LLL -b "$SUFFIX2" "(objectClass=racfUser)" 1.1
expect_no_out "ALICE"
expect_out "uid=BOB,ou=People,$SUFFIX2"

# A user added under the second suffix lands in the second database.
cat > "$E2E_DIR/carol.ldif" <<LDIF
dn: uid=CAROL,ou=People,$SUFFIX2
objectClass: racfUser
uid: CAROL
cn: CAROL THREE
defaultGroup: SYS1
LDIF
expect_rc 0 as_admin ldapadd -f "$E2E_DIR/carol.ldif"
expect_rc 0 e2e_console PLEX2 "LISTUSER CAROL"
expect_out "NAME=CAROL THREE"
expect_rc 4 e2e_console PLEX1 "LISTUSER CAROL"

# The operator sees both backends and their agents.
expect_rc 0 "$ESMCTL" -s "$E2E_DIR/GW.sock" status
expect_out "backend racf $SUFFIX "
expect_out "backend racf $SUFFIX2 "
expect_out "PLEX2"
e2e_pass
