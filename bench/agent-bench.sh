#!/bin/bash
# agent-bench.sh [USERS] - measure the agent with a large RACF database.
#
# Loads USERS (default 100,000) sample users, then reports:
#   - the agent's resident memory (peak, VmHWM) while it streams every user
#     (target: under 64 MiB), and how much of it is the agent's own heap
#     (RssAnon) and how much the database pages it has mapped (RssFile),
#   - the time to stream LISTUSER * of all users through the link,
#   - commands per second over the link at 1 and 8 requests in flight,
#     for reads (LISTUSER) and writes (ALTUSER).
# Environment: BUILD (default _build), BENCH_KDF (PBKDF2 iterations for the
# load, default 1000), BENCH_OPS (commands per rate run, default 5000).
set -eu
umask 077	# the daemons refuse configurations others may read or write

users=${1:-100000}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/_build}
kdf=${BENCH_KDF:-1000}
ops=${BENCH_OPS:-5000}
agentd=$build/mainframe-agent/esmagentd
console=$build/mainframe-agent/esmconsole
linkcmd=$build/tests/tools/esmlinkcmd
dir=$(mktemp -d "${TMPDIR:-/tmp}/esmgate-bench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$dir" "/dev/shm/${dir##*/}"' EXIT

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$agentd" --genkey "$dir/link.key" > /dev/null
cat > "$dir/agent.conf" <<CONF
name BENCH
database racf.db
listen esmlink://127.0.0.1:$port
keyfile link.key
cache-name /${dir##*/}
kdf-iterations $kdf
workers 8
CONF

now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
summary() { sed -n 's/^esmlinkcmd: \([0-9].*\)/\1/p' "$1"; }
rss() { awk -v k="$2" '$1 == k":" { printf "%.1f", $2 / 1024 }' /proc/$1/status; }

echo "agent-bench: loading $users users (PBKDF2 $kdf iterations)..."
t=$(now)
"$build/mainframe-agent/esmgen" --users "$users" --seed 42 > "$dir/load.cmds"
"$console" -f "$dir/agent.conf" -q -b "$dir/load.cmds" -k "$kdf" 2> "$dir/load.err" || true
tail -n 1 "$dir/load.err"
echo "load: $(since "$t") s"

"$agentd" -f "$dir/agent.conf" > "$dir/agent.log" 2>&1 &
pid=$!
for i in $(seq 1 100); do grep -q "ready" "$dir/agent.log" && break; sleep 0.1; done
echo "agent RSS at start: $(rss $pid VmRSS) MiB"

link() { "$linkcmd" -k "$dir/link.key" -c "127.0.0.1:$port" "$@"; }

t=$(now)
link -q -s "LISTUSER *" 2> "$dir/list.err" > /dev/null || true
listed=$(link "LISTUSER *" | grep -c '^USER=' || true)
echo "LISTUSER * through the link: $(since "$t") s for the first pass ($(summary "$dir/list.err"))"
echo "users streamed: $listed"
echo "agent peak RSS (VmHWM) after streaming: $(rss $pid VmHWM) MiB (target < 64);" \
	"now $(rss $pid RssAnon) MiB heap + $(rss $pid RssFile) MiB mapped database pages"

link "SEARCH CLASS(USER)" > "$dir/ids"
shuf -n "$ops" --random-source=<(yes) "$dir/ids" > "$dir/some.ids"
sed 's/^/LISTUSER /' "$dir/some.ids" > "$dir/reads.cmds"
awk '{ printf "ALTUSER %s DATA(%cBENCH %d%c)\n", $1, 39, NR, 39 }' "$dir/some.ids" > "$dir/writes.cmds"
for j in 1 8; do
	link -q -s -j "$j" < "$dir/reads.cmds" > /dev/null 2> "$dir/rate.err" || true
	echo "reads  (LISTUSER) at $j in flight: $(summary "$dir/rate.err")"
	link -q -s -j "$j" < "$dir/writes.cmds" > /dev/null 2> "$dir/rate.err" || true
	echo "writes (ALTUSER)  at $j in flight: $(summary "$dir/rate.err")"
done
echo "agent peak RSS (VmHWM) at the end: $(rss $pid VmHWM) MiB (target < 64);" \
	"now $(rss $pid RssAnon) MiB heap + $(rss $pid RssFile) MiB mapped database pages"
