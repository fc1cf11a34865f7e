# events.sh - what the event stories (023 and on) share; sourced after
# lib.sh.  An agent SYS1 whose reconciliation role sends to the event
# listener of a gateway GW, which stores the events in its changelog;
# changes made at the console and remembered (the counts going in); the
# changelog read back and judged by events_check.py (the counts coming
# out, the order per user, and the final state against LISTUSER).

EV_CHANGES=""			# what the story changed, one line each
EV_USERS=""			# the users it made
EV_N=0				# changes made so far

# ev_setup [agent lines...]: the two configurations, nothing started.
ev_setup() {
	EV_CHANGES=$E2E_DIR/changes
	EV_PORT=$(e2e_free_port)
	e2e_agent_conf SYS1 "gateway esmlink://127.0.0.1:$EV_PORT" "$@"
	"$ESMAGENTD" --genkey "$E2E_DIR/changelog.key" >/dev/null ||
		e2e_fail "cannot generate the changelog key"
	GW_BACKEND_EXTRA="events esmlink://127.0.0.1:$EV_PORT"
	e2e_gateway_conf GW SYS1
	cat >> "$E2E_DIR/GW.conf" <<-CONF
	backend changelog
	directory changelog.db
	keyfile changelog.key
	max-entries 0
	CONF
	: > "$EV_CHANGES"
}

# ev_start USER...: the agent, the gateway, the users made and their
# events delivered: where most stories begin.
ev_start() {
	e2e_agent_start SYS1
	e2e_gateway_start GW
	ev_create "$@"
	ev_drain
}

# ev_display_until PATTERN: until the agent's DISPLAY shows it (5 s at
# most); the last DISPLAY is in display.out.
ev_display_until() {
	local i
	for i in $(seq 1 100); do
		e2e_console SYS1 -o DISPLAY > "$E2E_DIR/display.out" 2>&1
		grep -q -- "$1" "$E2E_DIR/display.out" && return 0
		sleep 0.05
	done
	return 1
}

# ev_restart NAME: a daemon again, its old log kept aside.
EV_RESTARTS=0
ev_restart() {
	EV_RESTARTS=$((EV_RESTARTS + 1))
	mv "$E2E_DIR/$1.log" "$E2E_DIR/$1.log.$EV_RESTARTS"
	if [ "$1" = GW ]; then e2e_gateway_start GW; else e2e_agent_start "$1"; fi
}

# ev_create USER...: ADDUSER at the console, remembered.
ev_create() {
	local u
	for u in "$@"; do
		echo "ADDUSER $u NAME('$u C0') DFLTGRP(SYS1)"
		echo "create $u $u C0" >> "$EV_CHANGES"
		EV_USERS="$EV_USERS $u"
	done > "$E2E_DIR/create.cmds"
	e2e_console SYS1 -q -b "$E2E_DIR/create.cmds" > "$E2E_DIR/create.out" 2>&1 ||
		{ cat "$E2E_DIR/create.out"; e2e_fail "ADDUSER failed"; }
}

# ev_names_file COUNT FILE: COUNT NAME changes over the story's users
# into FILE as commands, remembered as made (the caller runs them).
ev_names_file() {
	local count=$1 file=$2 i u users
	users=($EV_USERS)
	: > "$file"
	for i in $(seq 1 "$count"); do
		EV_N=$((EV_N + 1))
		u=${users[$((EV_N % ${#users[@]}))]}
		echo "ALTUSER $u NAME('$u C$EV_N')" >> "$file"
		echo "name $u $u C$EV_N" >> "$EV_CHANGES"
	done
}

# ev_names COUNT: COUNT NAME changes at the console, in one batch.
ev_names() {
	ev_names_file "$1" "$E2E_DIR/names.cmds"
	e2e_console SYS1 -q -b "$E2E_DIR/names.cmds" > "$E2E_DIR/names.out" 2>&1 ||
		{ cat "$E2E_DIR/names.out"; e2e_fail "the console's changes failed"; }
}

# ev_drain: until the gateway has acked every event (the agent is up).
ev_drain() {
	e2e_console SYS1 -o "DRAIN CACHE ${1:-45}" > "$E2E_DIR/drain.out" 2>&1 ||
		{ cat "$E2E_DIR/drain.out"; e2e_fail "the events were not all delivered"; }
	grep -q "ESMA252I CACHE DRAINED" "$E2E_DIR/drain.out" ||
		{ cat "$E2E_DIR/drain.out"; e2e_fail "DRAIN CACHE did not drain"; }
}

# ev_cache_says PATTERN: DISPLAY CACHE (agent or console) shows it.
ev_cache_says() {
	e2e_console SYS1 -o "DISPLAY CACHE" > "$E2E_DIR/cache.out" 2>&1
	grep -q -- "$1" "$E2E_DIR/cache.out" ||
		{ cat "$E2E_DIR/cache.out"; e2e_fail "DISPLAY CACHE lacks '$1'"; }
}

# ev_verdict [events_check.py options...]: the changelog and the users
# as the console lists them, judged against what the story changed.
ev_verdict() {
	local u
	as_admin ldapsearch -LLL -b cn=changelog -s one -E pr=500/noprompt \
		changeNumber esmAgent esmSequence esmEventType targetDN changes \
		esmChangedFields > "$E2E_DIR/changelog.ldif" 2>&1 ||
		{ tail "$E2E_DIR/changelog.ldif"; e2e_fail "cannot read cn=changelog"; }
	for u in $EV_USERS; do echo "LISTUSER $u"; done > "$E2E_DIR/list.cmds"
	e2e_console SYS1 -b "$E2E_DIR/list.cmds" > "$E2E_DIR/list.out" 2>&1 ||
		e2e_fail "LISTUSER failed"
	$PY "$top_srcdir/tests/e2e/events_check.py" "$EV_CHANGES" \
		"$E2E_DIR/changelog.ldif" "$E2E_DIR/list.out" "$@" ||
		e2e_fail "the changelog does not hold every change exactly once, in order"
}
