# lib.sh - helpers for the end-to-end stories: a private directory,
# free loopback ports, an agent with its own database and key, and
# cleanup that kills only the processes the story started.
#
# A story sources this file, calls e2e_begin "what it tells", uses the
# helpers, and ends with e2e_pass; any failed check calls e2e_fail.

set -u
# The daemons refuse configuration files group or others may read or write.
umask 077

: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
ESMAGENTD=$top_builddir/mainframe-agent/esmagentd
ESMCONSOLE=$top_builddir/mainframe-agent/esmconsole
ESMGEN=$top_builddir/mainframe-agent/esmgen
ESMLINKCMD=$top_builddir/tests/tools/esmlinkcmd
ESMGATED=$top_builddir/gateway/esmgated
ESMCTL=$top_builddir/gateway/esmctl
# A story about another ESM sets E2E_ESM (acf2, tss) before sourcing:
# its agents, gateway backend, map and suffix follow.
: "${E2E_ESM:=racf}"
ADMIN_DN="cn=esmadmin,dc=$E2E_ESM,dc=com"
ADMIN_PW="adm1n-secret"
SUFFIX="dc=$E2E_ESM,dc=com"
PY=/usr/bin/python3

E2E_PIDS=""
E2E_NAME=$(basename "$0")

e2e_cleanup() {
	local running
	# Only daemons still this shell's jobs: one a story already waited
	# for has given its PID back, and another process may have it now.
	running=" $(jobs -p | tr '\n' ' ') "
	for pid in $E2E_PIDS; do
		case $running in
		*" $pid "*) kill -9 "$pid" 2>/dev/null ;;
		esac
	done
	wait 2>/dev/null
	if [ "${E2E_KEEP:-}" = "" ] && [ -n "${E2E_DIR:-}" ]; then
		rm -rf "$E2E_DIR"
		# The agents' event caches (cache-name below; Linux keeps
		# POSIX shared memory in /dev/shm).
		rm -f "/dev/shm/${E2E_DIR##*/}-"*
	fi
}

e2e_begin() {
	E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/esmgate-e2e.XXXXXX")
	trap e2e_cleanup EXIT
	echo "# $E2E_NAME: $*"
}

e2e_fail() {
	echo "FAIL: $E2E_NAME: $*"
	for f in "$E2E_DIR"/*.log; do
		[ -f "$f" ] || continue
		echo "--- last lines of $f"
		tail -n 20 "$f"
	done
	exit 1
}

e2e_pass() {
	# A sanitizer build reports memory errors and undefined behaviour
	# in the daemons' logs, where no step of the story would look.
	if grep -l -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
	    "$E2E_DIR"/*.log >/dev/null 2>&1; then
		grep -h -A 5 -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
		    "$E2E_DIR"/*.log | head -n 40
		e2e_fail "a sanitizer reported an error in a daemon's log"
	fi
	echo "PASS: $E2E_NAME"
	exit 0
}

# A port nobody listens on now (the kernel picks it).
e2e_free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# e2e_agent_conf NAME [extra config lines...]: writes $E2E_DIR/NAME.conf
e2e_agent_conf() {
	local name=$1; shift
	local port
	port=$(e2e_free_port)
	eval "${name}_PORT=$port"
	[ -f "$E2E_DIR/link.key" ] || "$ESMAGENTD" --genkey "$E2E_DIR/link.key" >/dev/null \
		|| e2e_fail "cannot generate a link key"
	{
		echo "name $name"
		echo "esm $E2E_ESM"
		echo "database $name.db"
		echo "listen esmlink://127.0.0.1:$port"
		echo "keyfile link.key"
		echo "audit $name.audit"
		echo "control $name.sock"
		echo "kdf-iterations 1000"
		echo "heartbeat 5"
		echo "cache-name /${E2E_DIR##*/}-$name"
		for line in "$@"; do echo "$line"; done
	} > "$E2E_DIR/$name.conf"
}

# e2e_agent_start NAME: starts esmagentd, waits until it is ready.
e2e_agent_start() {
	local name=$1 i
	"$ESMAGENTD" -f "$E2E_DIR/$name.conf" -d agent >>"$E2E_DIR/$name.log" 2>&1 &
	eval "${name}_PID=$!"
	E2E_PIDS="$E2E_PIDS $!"
	for i in $(seq 1 100); do
		grep -q "agent $name ready" "$E2E_DIR/$name.log" 2>/dev/null && return 0
		kill -0 "$(eval echo \$${name}_PID)" 2>/dev/null || e2e_fail "agent $name died at start"
		sleep 0.1
	done
	e2e_fail "agent $name did not become ready"
}

# e2e_console NAME args...: esmconsole against NAME's database.
e2e_console() {
	local name=$1; shift
	"$ESMCONSOLE" -f "$E2E_DIR/$name.conf" "$@"
}

# e2e_link NAME args...: esmlinkcmd to NAME's agent.
e2e_link() {
	local name=$1; shift
	local port
	port=$(eval echo \$${name}_PORT)
	"$ESMLINKCMD" -k "$E2E_DIR/link.key" -c "127.0.0.1:$port" "$@"
}

# e2e_wait_acks FILE N: until esmlinkcmd has written N ACK lines to FILE
# (at most 15 seconds), as a story does before killing the agent.
e2e_wait_acks() {
	local i
	for i in $(seq 1 300); do
		[ "$(grep -c '^ACK' "$1")" -ge "$2" ] && return 0
		sleep 0.05
	done
}

# expect_rc WANT CMD...: run, compare the exit status.
expect_rc() {
	local want=$1 got; shift
	"$@" > "$E2E_DIR/last.out" 2>&1
	got=$?
	[ "$got" = "$want" ] || { cat "$E2E_DIR/last.out"; e2e_fail "exit $got, not $want: $*"; }
}

# expect_out PATTERN: grep the last output of expect_rc.
expect_out() {
	grep -q -- "$1" "$E2E_DIR/last.out" || { cat "$E2E_DIR/last.out"; e2e_fail "output lacks '$1'"; }
}

expect_no_out() {
	if grep -q -- "$1" "$E2E_DIR/last.out"; then
		cat "$E2E_DIR/last.out"; e2e_fail "output has '$1'"
	fi
}

# e2e_sample_users AGENT N: load N esmgen users (and 3 groups).
e2e_sample_users() {
	local esm=""
	[ "$E2E_ESM" = racf ] || esm="--esm $E2E_ESM"
	"$ESMGEN" $esm --users "$2" --groups 3 --password DEMO1234 | e2e_console "$1" -q -b - \
		> "$E2E_DIR/load.out" 2>&1 || e2e_fail "loading $2 sample users failed"
}

# e2e_gateway_conf NAME AGENT [extra global lines...]: writes
# $E2E_DIR/NAME.conf, a gateway serving $SUFFIX from agent AGENT
# (configured with e2e_agent_conf), with the admin $ADMIN_DN.
# $GW_BACKEND_EXTRA, when set, is one more line for the backend section.
e2e_gateway_conf() {
	local name=$1 agent=$2; shift 2
	local port hash
	port=$(e2e_free_port)
	eval "${name}_PORT=$port"
	eval "${name}_URI=ldap://127.0.0.1:$port"
	hash=$("$ESMCTL" passwd "$ADMIN_PW") || e2e_fail "esmctl passwd failed"
	{
		echo "listen ldap://127.0.0.1:$port"
		echo "schema-dir $top_srcdir/schema"
		echo "control $name.sock"
		echo "admin $ADMIN_DN $hash"
		for line in "$@"; do echo "$line"; done
		echo "backend $E2E_ESM"
		echo "suffix $SUFFIX"
		echo "map $top_srcdir/schema/$E2E_ESM.map"
		echo "agent $agent esmlink://127.0.0.1:$(eval echo \$${agent}_PORT)"
		echo "keyfile link.key"
		echo "request-timeout 10"
		[ -z "${GW_BACKEND_EXTRA:-}" ] || echo "$GW_BACKEND_EXTRA"
	} > "$E2E_DIR/$name.conf"
}

# e2e_gateway_start NAME: starts esmgated, waits for it and its agent link.
e2e_gateway_start() {
	local name=$1 i
	"$ESMGATED" -f "$E2E_DIR/$name.conf" -d conn >>"$E2E_DIR/$name.log" 2>&1 &
	eval "${name}_PID=$!"
	E2E_PIDS="$E2E_PIDS $!"
	for i in $(seq 1 100); do
		if grep -q "esmgated .* ready" "$E2E_DIR/$name.log" 2>/dev/null &&
		    grep -q "link up" "$E2E_DIR/$name.log" 2>/dev/null; then
			return 0
		fi
		kill -0 "$(eval echo \$${name}_PID)" 2>/dev/null || e2e_fail "gateway $name died at start"
		sleep 0.1
	done
	e2e_fail "gateway $name did not become ready"
}

# as_admin TOOL args...: an ldap-utils tool bound as the gateway admin
# to the gateway GW (default GW).
as_admin() {
	local tool=$1; shift
	[ "$tool" = ldapsearch ] && set -- -o ldif-wrap=no "$@"
	"$tool" -H "$(eval echo \$${GWNAME:-GW}_URI)" -x -D "$ADMIN_DN" -w "$ADMIN_PW" "$@"
}

# as_anon TOOL args...: the same, anonymous.
as_anon() {
	local tool=$1; shift
	[ "$tool" = ldapsearch ] && set -- -o ldif-wrap=no "$@"
	"$tool" -H "$(eval echo \$${GWNAME:-GW}_URI)" -x "$@"
}

# ldif_attr ATTR: the values of ATTR in the LDIF of the last output.
ldif_attr() {
	sed -n "s/^$1: //p" "$E2E_DIR/last.out"
}

# as_dn DN PASSWORD TOOL args...: an ldap-utils tool bound as DN to the
# gateway GW (default GW).
as_dn() {
	local dn=$1 pw=$2 tool=$3; shift 3
	[ "$tool" = ldapsearch ] && set -- -o ldif-wrap=no "$@"
	"$tool" -H "$(eval echo \$${GWNAME:-GW}_URI)" -x -D "$dn" -w "$pw" "$@"
}

# conf_line_of NAME.conf PATTERN: the number of the first line of the
# story's NAME.conf that starts with PATTERN.
conf_line_of() {
	grep -n "^$2" "$E2E_DIR/$1" | head -n 1 | cut -d: -f1
}

# e2e_gateway_status NAME: esmctl status of gateway NAME, shown and kept
# in $E2E_DIR/status.out.
e2e_gateway_status() {
	"$ESMCTL" -s "$E2E_DIR/$1.sock" status > "$E2E_DIR/status.out" ||
		e2e_fail "esmctl status of $1 failed"
	cat "$E2E_DIR/status.out"
}

# e2e_gateway_stop NAME: SIGTERM, and the gateway must exit 0; in a
# sanitizer build its leak report (at exit) fails the story too.
e2e_gateway_stop() {
	local pid rc
	pid=$(eval echo \$${1}_PID)
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" = 0 ] || e2e_fail "gateway $1 exited $rc after SIGTERM"
	if grep -q "ERROR: LeakSanitizer" "$E2E_DIR/$1.log"; then
		grep -A 20 "ERROR: LeakSanitizer" "$E2E_DIR/$1.log" | head -n 40
		e2e_fail "gateway $1 leaked memory"
	fi
}
