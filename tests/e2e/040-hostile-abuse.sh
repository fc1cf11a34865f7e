#!/bin/bash
# Story: clients abuse the gateway's resources -- a flood of connections
# from one address, slow-loris writers trickling a request byte by byte,
# a client that never reads the results of large searches, a pipelined
# burst of 200,000 requests never read, a burst that outruns
# max-pending -- and each is held by a limit with a clear log line,
# while a well-behaved client keeps being served within 2 seconds and
# the gateway's memory stays bounded.
. "$(dirname "$0")/lib.sh"
e2e_begin "resource abuse: floods, slow writers and readers, bursts"

e2e_agent_conf SYS1
e2e_agent_start SYS1
e2e_sample_users SYS1 400
e2e_gateway_conf GW SYS1 "max-connections-per-address 20" "pdu-timeout 3" \
	"write-timeout 3" "output-buffer 64k" "max-pending 8"
e2e_gateway_start GW

# AddressSanitizer keeps freed memory in quarantine: the gateway's
# resident size then says nothing of what it holds (0: not checked).
rss_bound=49152
nm -D "$ESMGATED" 2>/dev/null | grep -q __asan_init && rss_bound=0
$PY "$(dirname "$0")/hostile_abuse.py" "$GW_URI" "$ADMIN_DN" "$ADMIN_PW" \
	"$SUFFIX" "$GW_PID" "$E2E_DIR/GW.log" $rss_bound > "$E2E_DIR/py.out" 2>&1
rc=$?
cat "$E2E_DIR/py.out"
[ $rc = 0 ] || e2e_fail "resource abuse stories failed"
kill -0 "$GW_PID" || e2e_fail "the gateway died"

e2e_gateway_status GW
grep -q "limits refused-per-address=41 pdu-timeouts=11 write-timeouts=2 " \
	"$E2E_DIR/status.out" || e2e_fail "the limits' counters are not as the story made them"
grep -q "connection from 127.0.0.2:[0-9]* refused: 20 connections from 127.0.0.2 already (max-connections-per-address 20)" \
	"$E2E_DIR/GW.log" || e2e_fail "the per-address refusal is not logged"
# 41 refusals, two lines: the flood cannot flood the log.
n=$(grep -c "connection from 127.0.0.2:[0-9]* refused" "$E2E_DIR/GW.log")
[ "$n" = 2 ] || e2e_fail "$n lines for 41 refused connections, not 2"
grep -q "from 127.0.0.3:[0-9]*: request incomplete [0-9]*s after its first byte (pdu-timeout 3), [0-9]* bytes received" \
	"$E2E_DIR/GW.log" || e2e_fail "the slow-loris writers' closing is not logged"
grep -q "the client read nothing for 3s while [0-9]* bytes waited for it (write-timeout 3)" \
	"$E2E_DIR/GW.log" || e2e_fail "the slow reader's closing is not logged"
e2e_gateway_stop GW
e2e_pass
