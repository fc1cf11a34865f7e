#!/bin/bash
# Story: python3-ldap clients page through every user, send controls the
# gateway does and does not know, provoke precise errors, run eight at
# once, keep several operations in flight on one connection, and send
# malformed PDUs that cost only their own connection.
. "$(dirname "$0")/lib.sh"
e2e_begin "python3-ldap clients: paging, controls, errors, concurrency, bad PDUs"

e2e_agent_conf SYS1
e2e_agent_start SYS1
e2e_sample_users SYS1 30
e2e_gateway_conf GW SYS1
e2e_gateway_start GW
n=$(e2e_console SYS1 "SEARCH CLASS(USER)" | grep -c -v -e '^IBMUSER$' -e '^ESMAGENT$')
$PY "$(dirname "$0")/gateway_clients.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" "$n" > "$E2E_DIR/py.out" 2>&1
rc=$?
cat "$E2E_DIR/py.out"
[ $rc = 0 ] || e2e_fail "python3-ldap stories failed"
kill -0 "$GW_PID" || e2e_fail "the gateway died"
e2e_pass
