#!/bin/bash
# events-bench.sh BUILDDIR [USERS] - events from the console to the
# gateway's subscribers: latency, sustained rate, memory.
#
# Loads USERS (default 1000) sample users into the RACF simulator,
# starts esmagentd (its reconciliation role sending to the gateway) and
# esmgated (an events listener, a changelog) on free loopback ports, then:
#   1. latency: RATE (1000) native changes a second for SECONDS (10)
#      through one esmconsole, each NAME stamped with the moment it was
#      handed to the console; a persistent search (python3-ldap) on
#      ou=People takes each change's entry and subtracts the stamp:
#      p50 and p99 in milliseconds, target p99 under 20;
#   2. sustained rate: BURST (50,000) changes as fast as one esmconsole
#      makes them; from the first change to the last record stored in
#      the changelog, with the event-window of the agent (64, then
#      BENCH_WINDOW, default 1024); every change must be stored once
#      (the changelog grows by exactly BURST, the cache drains, loses
#      nothing): target 10,000 a second with the wide window.  With 64
#      the rate is at most 64 events per changelog sync and round trip:
#      it is shown, with no target;
#   3. memory: esmgated's VmRSS and RssAnon sampled every 0.1 s during
#      a burst while a persistent search's client reads nothing: the
#      gateway holds at most psearch-max-output (4m) for it, then
#      disconnects it (target: RssAnon grows by less than 32 MiB and the
#      client is disconnected).  VmRSS also counts the changelog's pages
#      mapped as it grows.
#
# Environment: BENCH_RATE, BENCH_SECONDS, BENCH_BURST, BENCH_WINDOW,
# BENCH_KEEP=1 keeps the temporary directory.  The changelog is on the
# directory's file system (TMPDIR): its syncs are part of every number.
# Exit status: 0 every target met, 1 one missed, 2 cannot run.
set -eu
umask 077	# the daemons refuse configurations others may read or write

usage="usage: events-bench.sh BUILDDIR [USERS]"
build=$(cd "${1:?$usage}" && pwd)
users=${2:-1000}
top=$(cd "$(dirname "$0")/.." && pwd)
rate=${BENCH_RATE:-1000}
secs=${BENCH_SECONDS:-10}
burst=${BENCH_BURST:-50000}
wide=${BENCH_WINDOW:-1024}
py=/usr/bin/python3
helper=$top/bench/events_bench.py
agentd=$build/mainframe-agent/esmagentd
console=$build/mainframe-agent/esmconsole
gated=$build/gateway/esmgated
esmctl=$build/gateway/esmctl
admin="cn=esmadmin,dc=racf,dc=com"
secret="bench-$$-secret"
people="ou=People,dc=racf,dc=com"

cannot() { echo "bench: $*" >&2; exit 2; }
for f in "$agentd" "$console" "$gated" "$esmctl" "$build/mainframe-agent/esmgen"; do
	[ -x "$f" ] || cannot "$f is not built: make"
done
$py -c "import ldap" 2> /dev/null ||
	cannot "python3-ldap is missing: apt-get install python3-ldap"

dir=$(mktemp -d "${TMPDIR:-/tmp}/esmgate-evbench.XXXXXX")
pids=""		# the daemons this script started, killed on exit
cleanup() {
	local p
	for p in $pids; do kill "$p" 2> /dev/null || true; done
	sleep 0.3
	for p in $pids; do kill -9 "$p" 2> /dev/null || true; done
	rm -f "/dev/shm/${dir##*/}"
	if [ -n "${BENCH_KEEP:-}" ]; then echo "bench: kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	$py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
now() { date +%s.%N; }
# rss_kb PID KEY: a field of /proc/PID/status in kB (VmRSS, RssAnon).
rss_kb() {
	awk -v k="$2:" '$1 == k { v = $2 } END { print v + 0 }' \
		"/proc/$1/status" 2> /dev/null || echo 0
}
# stored: the changelog's appends since the gateway started.
stored() {
	"$esmctl" -s "$dir/gw.sock" status | sed -n 's/^  changelog .* appended \([0-9]*\) .*/\1/p'
}
# wait_stored N SECONDS: until N records were appended (0: timed out).
wait_stored() {
	local end
	end=$(awk -v t="$(now)" -v s="$2" 'BEGIN { printf "%.3f", t + s }')
	while [ "$(stored)" -lt "$1" ]; do
		awk -v t="$(now)" -v e="$end" 'BEGIN { exit !(t > e) }' && return 1
		sleep 0.02
	done
}

# --- The two daemons ----------------------------------------------------
aport=$(free_port)
eport=$(free_port)
gport=$(free_port)
gw_uri=ldap://127.0.0.1:$gport
"$agentd" --genkey "$dir/link.key" > /dev/null
"$agentd" --genkey "$dir/changelog.key" > /dev/null
agent_conf() {
	cat > "$dir/agent.conf" <<-CONF
	name		SYS1
	esm		racf
	database	racf.db
	listen		esmlink://127.0.0.1:$aport
	gateway		esmlink://127.0.0.1:$eport
	keyfile		link.key
	control		agent.sock
	kdf-iterations	1000
	cache-name	/${dir##*/}
	cache-slots	131072
	event-window	$1
	CONF
}
agent_conf 64
echo "bench: loading $users users..."
"$build/mainframe-agent/esmgen" --users "$users" --groups 3 --seed 42 \
	--password DEMO1234 | "$console" -f "$dir/agent.conf" -q -b - > /dev/null 2>&1 ||
	cannot "loading the users failed"
"$console" -f "$dir/agent.conf" "SEARCH CLASS(USER)" |
	grep -v -e '^IBMUSER$' -e '^ESMAGENT$' > "$dir/users"
cat > "$dir/gw.conf" <<-CONF
listen		$gw_uri
schema-dir	$top/schema
control		$dir/gw.sock
admin		$admin $("$esmctl" passwd "$secret")
psearch-max-output 4m
backend		racf
map		$top/schema/racf.map
agent		SYS1 esmlink://127.0.0.1:$aport
keyfile		$dir/link.key
events		esmlink://127.0.0.1:$eport
backend		changelog
directory	$dir/changelog.db
keyfile		$dir/changelog.key
max-entries	0
CONF
start_agent() {
	"$agentd" -f "$dir/agent.conf" > "$dir/agent.log" 2>&1 &
	agent_pid=$!
	pids="$pids $agent_pid"
}
"$gated" -f "$dir/gw.conf" > "$dir/gw.log" 2>&1 &
gw_pid=$!
pids="$pids $gw_pid"
start_agent
# The load's events first: everything drained before a measure starts.
drain() {
	"$console" -f "$dir/agent.conf" -o "DRAIN CACHE 120" > "$dir/drain.out" 2>&1 ||
		{ cat "$dir/drain.out" >&2; cannot "the events did not drain"; }
}
sleep 1
drain
echo "bench: agent and gateway up, $(stored) load events stored"

verdict=0
miss() { verdict=1; }

# --- 1. latency at RATE changes a second ---------------------------------
want=$(awk -v r="$rate" -v s="$secs" 'BEGIN { printf "%d", r * s }')
$py "$helper" subscribe "$gw_uri" "$admin" "$secret" "$people" "$want" \
	$((secs + 30)) > "$dir/latency.out" 2>&1 &
sub=$!
for i in $(seq 1 50); do
	"$esmctl" -s "$dir/gw.sock" status | grep -q "^persistent-searches 1 " && break
	sleep 0.1
done
$py "$helper" feed "$console" "$dir/agent.conf" "$dir/users" "$rate" "$secs" \
	> "$dir/feed.out" 2>&1 || { cat "$dir/feed.out"; cannot "the feeder failed"; }
wait "$sub" || true
drain
tail -n 1 "$dir/latency.out" | grep -q "^received " ||
	{ cat "$dir/latency.out"; cannot "no latency result"; }
read -r _ received _ p50 _ p99 _ max < <(tail -n 1 "$dir/latency.out")
lat_ok=PASS
awk -v p="$p99" 'BEGIN { exit !(p < 20) }' || { lat_ok=MISS; miss; }
[ "$received" = "$want" ] || { lat_ok=MISS; miss; }

# --- 2. sustained rate, no loss ------------------------------------------
# burst_run LABEL [TARGET]: BURST changes as fast as the console goes;
# the rate from the first change to the last record (TARGET a second:
# PASS or MISS; none: for the record).
burst_run() {
	local before t0 t1 rate_s ok=PASS target=${2:-0}
	awk -v n="$burst" '{ u[NR] = $1 } END {
		for (i = 0; i < n; i++)
			printf "ALTUSER %s NAME(%cB%d%c)\n", u[i % NR + 1], 39, i, 39 }' \
		"$dir/users" > "$dir/burst.cmds"
	before=$(stored)
	t0=$(now)
	"$console" -f "$dir/agent.conf" -q -b "$dir/burst.cmds" 2>> "$dir/burst.err" ||
		cannot "the burst failed"
	wait_stored $((before + burst)) 120 || { echo "bench: $1: timed out"; ok=MISS; }
	t1=$(now)
	drain
	[ "$(stored)" = $((before + burst)) ] || ok=MISS
	grep -q "LOST 0 " "$dir/drain.out" || ok=MISS
	rate_s=$(awk -v n="$burst" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
	awk -v r="$rate_s" -v t="$target" 'BEGIN { exit !(r >= t) }' || ok=MISS
	[ "$ok" = PASS ] || miss
	[ "$target" != 0 ] || [ "$ok" = MISS ] || ok="(no target)"
	printf "%-44s %10s /s %s (%d stored of %d)\n" "$1" "$rate_s" "$ok" \
		$(($(stored) - before)) "$burst" >> "$dir/rates"
}
: > "$dir/rates"
# At most 64 unacknowledged: one sync's worth a round trip.
burst_run "sustained rate, event-window 64"
kill "$agent_pid"
wait "$agent_pid" 2> /dev/null || true
agent_conf "$wide"
start_agent
sleep 1
drain
burst_run "sustained rate, event-window $wide" 10000

# --- 3. memory while a subscriber lags ------------------------------------
# The mapped changelog counts in VmRSS as it grows; what the gateway holds
# for a client is in RssAnon.
base_rss=$(rss_kb "$gw_pid" VmRSS)
base_anon=$(rss_kb "$gw_pid" RssAnon)
$py "$helper" lag "$gw_uri" "$admin" "$secret" "$people" 15 > "$dir/lag.out" 2>&1 &
lagger=$!
sleep 1
( while kill -0 "$gw_pid" 2> /dev/null; do
	echo "$(rss_kb "$gw_pid" VmRSS) $(rss_kb "$gw_pid" RssAnon)"
	sleep 0.1
done ) > "$dir/rss" &
sampler=$!
burst_run "sustained rate, a subscriber lagging"
kill "$sampler" 2> /dev/null || true
wait "$lagger" || true
peak_rss=$(awk '$1 > m { m = $1 } END { print m + 0 }' "$dir/rss")
peak_anon=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$dir/rss")
rss_ok=PASS
# Held for the lagging client: psearch-max-output (4m), then it goes.
[ $((peak_anon - base_anon)) -lt $((32 * 1024)) ] || { rss_ok=MISS; miss; }
grep -q "disconnected by the gateway" "$dir/lag.out" || { rss_ok=MISS; miss; }

# --- the table -----------------------------------------------------------
echo
echo "events-bench: $users users, $(nproc) cores, changelog on $(df -P "$dir" | awk 'NR == 2 { print $1 }')"
printf "%-44s p50 %s ms  p99 %s ms  max %s ms  (%s of %s) %s\n" \
	"latency console -> psearch at $rate/s" "$p50" "$p99" "$max" \
	"$received" "$want" "$lat_ok"
cat "$dir/rates"
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
printf "%-44s VmRSS %s -> %s MiB, RssAnon %s -> %s MiB %s\n" \
	"esmgated memory, a subscriber lagging" "$(mib "$base_rss")" \
	"$(mib "$peak_rss")" "$(mib "$base_anon")" "$(mib "$peak_anon")" \
	"$rss_ok"
echo "the lagging subscriber: $(tail -n 1 "$dir/lag.out")"
exit $verdict
