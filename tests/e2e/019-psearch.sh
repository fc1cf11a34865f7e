#!/bin/bash
# Story: an IAM suite opens persistent searches on the gateway: with
# ldapsearch -E ps= the first phase comes and the search stays open; with
# python3-ldap the search waits without a result, changesOnly skips the
# first phase, abandon and unbind close it, and what the gateway refuses
# comes back with its result code.
. "$(dirname "$0")/lib.sh"
e2e_begin "persistent search: open, first phase, abandon, limits, refusals"

e2e_agent_conf SYS1
e2e_agent_start SYS1
e2e_sample_users SYS1 10
e2e_gateway_conf GW SYS1 "psearch-max 2"
e2e_gateway_start GW
user=$(e2e_console SYS1 "SEARCH CLASS(USER)" | grep -v -e '^IBMUSER$' -e '^ESMAGENT$' | head -n 1)
[ -n "$user" ] || e2e_fail "no sample user"

# The root DSE says the control is supported.
expect_rc 0 as_anon ldapsearch -LLL -b "" -s base supportedControl
expect_out "supportedControl: 2.16.840.1.113730.3.4.3"

# ldapsearch gets the first phase and waits for changes: it is still
# running when timeout stops it.
expect_rc 124 timeout 3 ldapsearch -H "$GW_URI" -x -D "$ADMIN_DN" -w "$ADMIN_PW" \
	-LLL -b "ou=People,$SUFFIX" -E '!ps=15/0/1' "(uid=$user)" uid
expect_out "^dn: uid=$user,ou=People,$SUFFIX$"
expect_no_out "^result:"

$PY "$(dirname "$0")/psearch_clients.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" "$user" "$ESMCTL" "$E2E_DIR/GW.conf" > "$E2E_DIR/py.out" 2>&1
rc=$?
cat "$E2E_DIR/py.out"
[ $rc = 0 ] || e2e_fail "python3-ldap persistent searches failed"
grep -q "persistent search open on ou=People,$SUFFIX" "$E2E_DIR/GW.log" ||
	e2e_fail "the gateway did not log the open persistent search"
grep -q "persistent search closed after 0 changes" "$E2E_DIR/GW.log" ||
	e2e_fail "the gateway did not log the closed persistent search"
kill -0 "$GW_PID" || e2e_fail "the gateway died"
e2e_pass
