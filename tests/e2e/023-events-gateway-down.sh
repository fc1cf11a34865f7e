#!/bin/bash
# Story: the gateway is down while the admins keep changing users at the
# console.  The agent starts first and keeps trying its gateway; its
# small ring fills and the rest goes to the journal.  When the gateway
# comes, every change reaches the changelog once, in order, and more
# changes made while the backlog drains arrive behind it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/events.sh"
e2e_begin "events: the gateway down, the ring overflowing; nothing lost, nothing twice"

ev_setup "cache-slots 16"
e2e_agent_start SYS1

# --- No gateway: the changes wait in the ring, then the journal. -------
ev_create U01 U02 U03 U04 U05
ev_names 60
# 66 events: ESMAGENT's at the agent's first start, 5 creates, 60 names.
ev_cache_says "DEPTH 16 HIGH-WATER 16"
ev_cache_says "EVENTS WRITTEN 66 SPILLED 50 "
ev_cache_says "CONSUMER GW-127.0.0.1:$EV_PORT ACKED 0"
expect_rc 0 e2e_console SYS1 -o DISPLAY
expect_out "ESMA206I GATEWAY esmlink://127.0.0.1:$EV_PORT DOWN CONSUMER"
expect_out "ESMA207I GATEWAY esmlink://127.0.0.1:$EV_PORT DOWN: cannot connect"

# --- The gateway comes; more changes come while the backlog drains. ----
e2e_gateway_start GW
ev_names 40
ev_drain
ev_cache_says "DEPTH 0 "
ev_cache_says "JOURNAL .* RECORDS 0 "
ev_cache_says "LOST 0 "
expect_rc 0 e2e_console SYS1 -o DISPLAY
expect_out "ESMA206I GATEWAY esmlink://127.0.0.1:$EV_PORT UP .* IN FLIGHT 0 "
ev_verdict

# The operator's view on both sides.
expect_rc 0 "$ESMCTL" -s "$E2E_DIR/GW.sock" status
expect_out "events dc=racf,dc=com listen esmlink://127.0.0.1:$EV_PORT links 1 received 106 stored 105 duplicates 0 hidden 1 acked 106 "
expect_out "event-link 1 agent SYS1 from 127.0.0.1:.* up received 106 "
e2e_pass
