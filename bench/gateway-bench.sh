#!/bin/bash
# gateway-bench.sh [--esm racf|acf2|tss] [--slapd-only] BUILDDIR [USERS]
#	- the gateway beside slapd.
#
# Loads USERS (default 100,000) sample users (esmgen --esm) into the
# simulator of the ESM (default racf), starts esmagentd and esmgated on
# free loopback ports, exports every entry the gateway serves under
# dc=<esm>,dc=com and loads the same
# entries into a slapd (Debian's, back-mdb) that this script starts on
# loopback.  Then it measures both with bench/ldapbench, one after the
# other, and prints a table of both sides and their ratios against the
# targets:
#   - full reconciliation (a subtree search reading every entry), plain
#     and paged (RFC 2696): gateway time within 2x slapd's,
#   - uid lookups per second at 1, 8 and 32 concurrent clients: gateway
#     rate at least 25% of slapd's,
#   - modifies per second at 8 clients (replace BENCH_ATTR): no target,
#   - resident memory of esmgated, esmagentd and slapd: peak (VmHWM,
#     reset before) and largest sampled VmRSS during the full searches;
#     esmgated under 100 MiB.
# --slapd-only (RACF only) skips the gateway: slapd holds a stand-in of
# the gateway's entries, made from esmgen's commands as schema/racf.map
# would show them, to check this script and see slapd's numbers without
# a gateway.
#
# Environment: BENCH_SECONDS (each rate run, default 10), BENCH_PAGE
# (page size, default 1000), BENCH_ATTR (modified attribute, default
# instdata for RACF, cn for the others), BENCH_KDF (PBKDF2 iterations
# for the load, default 1000), BENCH_RACF_SCHEMA (default
# schema/racf.schema; slapd includes it, then schema/<esm>.schema for
# the other ESMs, whose schemas reuse its types), BENCH_SLAPD_SCHEMA
# (Debian schema files slapd includes before them, default "core cosine
# inetorgperson"), BENCH_KEEP=1 keeps the temporary directory.
# Exit status: 0 every target met, 1 one missed, 2 cannot run.
set -eu
umask 077	# the daemons refuse configurations others may read or write

usage="usage: gateway-bench.sh [--esm racf|acf2|tss] [--slapd-only] BUILDDIR [USERS]"
slapd_only=""
esm=racf
while [ $# -gt 0 ]; do
	case $1 in
	--slapd-only) slapd_only=yes; shift ;;
	--esm) esm=${2:?$usage}; shift 2 ;;
	--esm=*) esm=${1#--esm=}; shift ;;
	-*) echo "$usage" >&2; exit 2 ;;
	*) break ;;
	esac
done
case $esm in
racf|acf2|tss) ;;
*) echo "bench: --esm $esm: use racf, acf2 or tss" >&2; exit 2 ;;
esac
build=$(cd "${1:?$usage}" && pwd)
users=${2:-100000}
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${BENCH_SECONDS:-10}
page=${BENCH_PAGE:-1000}
if [ "$esm" = racf ]; then attr=${BENCH_ATTR:-instdata}; else attr=${BENCH_ATTR:-cn}; fi
kdf=${BENCH_KDF:-1000}
racf_schema=${BENCH_RACF_SCHEMA:-$top/schema/racf.schema}
esm_schema=""
[ "$esm" = racf ] || esm_schema=$top/schema/$esm.schema
esm_map=$top/schema/$esm.map
debian_schemas=${BENCH_SLAPD_SCHEMA:-core cosine inetorgperson}

suffix="dc=$esm,dc=com"
people="ou=People,$suffix"
admin="cn=esmadmin,$suffix"
secret="bench-$$-secret"
ldapbench=$build/bench/ldapbench
agentd=$build/mainframe-agent/esmagentd
console=$build/mainframe-agent/esmconsole
gated=$build/gateway/esmgated
esmctl=$build/gateway/esmctl

# What must exist before anything starts.
cannot() { echo "bench: $*" >&2; exit 2; }
slapd=$(PATH=/usr/sbin:$PATH command -v slapd || true)
[ -n "$slapd" ] || cannot "slapd is not installed: apt-get install slapd"
slapadd=$(dirname "$slapd")/slapadd
command -v ldapsearch > /dev/null ||
	cannot "ldapsearch is not installed: apt-get install ldap-utils"
[ -x "$ldapbench" ] || cannot "$ldapbench is not built: make bench/ldapbench"
for f in "$agentd" "$console" "$build/mainframe-agent/esmgen"; do
	[ -x "$f" ] || cannot "$f is not built: make"
done
if [ -z "$slapd_only" ]; then
	for f in "$gated" "$esmctl"; do
		[ -x "$f" ] || cannot "$f is not built (--slapd-only runs without it)"
	done
fi
for f in "$racf_schema" $esm_schema "$esm_map"; do
	[ -f "$f" ] || cannot "$f does not exist"
done
[ -z "$slapd_only" ] || [ "$esm" = racf ] ||
	cannot "--slapd-only has a stand-in for RACF only"

dir=$(mktemp -d "${TMPDIR:-/tmp}/esmgate-gwbench.XXXXXX")
pids=""		# every daemon this script started, killed on exit
sampler_pid=""
cleanup() {
	local p="" i
	[ -n "$sampler_pid" ] && kill "$sampler_pid" 2> /dev/null
	for p in $pids; do kill "$p" 2> /dev/null || true; done
	for i in $(seq 1 50); do
		for p in $pids; do kill -0 "$p" 2> /dev/null && break; p=""; done
		[ -z "$p" ] && break
		sleep 0.1
	done
	for p in $pids; do kill -9 "$p" 2> /dev/null || true; done
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "bench: kept $dir"
	else
		rm -rf "$dir"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
# rss_kb PID KEY: a field of /proc/PID/status, in kB (0 when gone).
rss_kb() {
	local k v _
	while read -r k v _; do
		[ "$k" = "$2:" ] && { echo "$v"; return; }
	done < "/proc/$1/status" 2> /dev/null || true
	echo 0
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# wait_ldap NAME URI PID LOG: until the admin can bind to URI and read
# the root DSE.
wait_ldap() {
	local i
	for i in $(seq 1 200); do
		ldapsearch -x -H "$2" -D "$admin" -w "$secret" -s base -b "" \
			-LLL 1.1 > /dev/null 2>&1 &&
			return 0
		kill -0 "$3" 2> /dev/null || break
		sleep 0.1
	done
	echo "bench: $1 did not start; the end of $4:" >&2
	tail -n 20 "$4" >&2
	exit 2
}

# --- The mainframe side and the gateway ------------------------------

# load_users: USERS sample users in the simulator's database.
load_users() {
	local t
	"$agentd" --genkey "$dir/link.key" > /dev/null
	aport=$(free_port)
	# server-only: the load's events must not flood the gateway.
	cat > "$dir/agent.conf" <<-CONF
	name		SYS1
	esm		$esm
	driver		sim
	database	$esm.db
	listen		esmlink://127.0.0.1:$aport
	keyfile		link.key
	kdf-iterations	$kdf
	server-only	yes
	workers		8
	CONF
	echo "bench: loading $users users (PBKDF2 $kdf iterations)..."
	t=$(now)
	"$build/mainframe-agent/esmgen" --esm "$esm" --users "$users" --seed 42 \
		> "$dir/load.cmds"
	"$console" -f "$dir/agent.conf" -q -b "$dir/load.cmds" -k "$kdf" \
		2> "$dir/load.err" || true
	echo "bench: $(tail -n 1 "$dir/load.err") in $(since "$t") s"
}

start_gateway() {
	local hash i
	"$agentd" -f "$dir/agent.conf" > "$dir/agent.log" 2>&1 &
	agent_pid=$!
	pids="$pids $agent_pid"
	for i in $(seq 1 100); do
		grep -q "ready" "$dir/agent.log" && break
		kill -0 "$agent_pid" 2> /dev/null || i=100
		if [ "$i" = 100 ]; then
			tail -n 20 "$dir/agent.log" >&2
			cannot "esmagentd did not start"
		fi
		sleep 0.1
	done
	hash=$("$esmctl" passwd "$secret")
	gport=$(free_port)
	gw_uri="ldap://127.0.0.1:$gport"
	cat > "$dir/gw.conf" <<-CONF
	listen		$gw_uri
	schema-dir	$top/schema
	control		$dir/gw.sock
	admin		$admin $hash
	backend		$esm
	suffix		$suffix
	map		$esm_map
	agent		SYS1 esmlink://127.0.0.1:$aport
	keyfile		$dir/link.key
	CONF
	"$gated" -f "$dir/gw.conf" > "$dir/gw.log" 2>&1 &
	gw_pid=$!
	pids="$pids $gw_pid"
	wait_ldap esmgated "$gw_uri" "$gw_pid" "$dir/gw.log"
}

# export_gateway: the gateway's entries as LDIF for slapadd.  Operational
# attributes go; the suffix and the two containers, which slapd needs
# before their children, come first (made here when the gateway has
# none).  Sets added: how many entries slapd holds that the gateway
# does not serve.
export_gateway() {
	local t
	echo "bench: exporting the gateway's entries..."
	t=$(now)
	ldapsearch -x -LLL -o ldif-wrap=no -H "$gw_uri" -D "$admin" \
		-w "$secret" -b "$suffix" -E "pr=$page/noprompt" \
		'(objectClass=*)' '*' > "$dir/export.ldif" 2> "$dir/export.err" ||
		{ cat "$dir/export.err" >&2; cannot "exporting from the gateway failed"; }
	awk -v suffix="$suffix" -v top="$dir/top.ldif" -v containers="$(map_containers)" '
	BEGIN {
		RS = ""; FS = "\n"
		split("createtimestamp modifytimestamp creatorsname " \
		    "modifiersname entryuuid entrycsn entrydn " \
		    "subschemasubentry hassubordinates numsubordinates " \
		    "structuralobjectclass pwdchangedtime contextcsn " \
		    "pwdaccountlockedtime", l, " ")
		for (i in l) op[l[i]] = 1
		s = tolower(suffix)
		container["dn: " s] = 1
		n = split(tolower(containers), c, " ")
		for (i = 1; i <= n; i++)
			container["dn: " c[i] "," s] = 1
	}
	{
		out = ""
		for (i = 1; i <= NF; i++) {
			name = tolower($i)
			sub(/[;:].*/, "", name)
			if (!(name in op))
				out = out $i "\n"
		}
		if (tolower($1) in container)
			print out > top
		else
			print out
	}' "$dir/export.ldif" > "$dir/rest.ldif"
	touch "$dir/top.ldif"
	containers "$dir/top.ldif" > "$dir/entries.ldif"
	cat "$dir/rest.ldif" >> "$dir/entries.ldif"
	echo "bench: $(grep -c '^dn:' "$dir/export.ldif") entries in $(since "$t") s"
}

# map_containers: the containers the map's class lines name (ou=People
# ou=Groups for RACF).
map_containers() {
	awk '$1 == "class" { printf "%s ", $4 }' "$esm_map"
}

# containers FILE: the suffix and the map's containers, those in FILE
# (exported) when there, made up otherwise.
containers() {
	local dn ou
	added=0
	for dn in "$suffix" $(map_containers | sed "s/\([^ ]*\) /\1,$suffix /g"); do
		if awk -v dn="dn: $dn" 'BEGIN { RS = ""; FS = "\n" }
		    tolower($1) == tolower(dn) { print; print ""; f = 1 }
		    END { exit !f }' "$1"; then
			continue
		fi
		added=$((added + 1))
		printf 'dn: %s\nobjectClass: top\n' "$dn"
		case $dn in
		ou=*)
			ou=${dn%%,*}
			printf 'objectClass: organizationalUnit\nou: %s\n\n' "${ou#ou=}"
			;;
		*)
			printf 'objectClass: dcObject\nobjectClass: organization\n'
			printf 'dc: %s\no: %s\n\n' "$esm" "$esm"
			;;
		esac
	done
}

# --- A stand-in for --slapd-only ---------------------------------------

# standin_ldif: the entries the gateway serves for esmgen's commands, as
# schema/racf.map reads them from LIST output (dates as of today).
standin_ldif() {
	awk -v suffix="$suffix" -v today="$(date -u +%Y%m%d000000Z)" '
	# The value of keyword k in a RACF command, quotes removed.
	function kw(s, k,    i, c, d, q, v) {
		if (!match(s, "[ (]" k "\\("))
			return ""
		d = 1; q = 0; v = ""
		for (i = RSTART + RLENGTH; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\047") {
				if (q && substr(s, i + 1, 1) == "\047") {
					v = v c; i++
				} else
					q = !q
				continue
			}
			if (!q && c == "(")
				d++
			if (!q && c == ")" && --d == 0)
				break
			v = v c
		}
		return v
	}
	function add(a, v) { if (v != "") entry = entry a ": " v "\n" }
	function num(v) { return v == "" ? "" : v + 0 }
	function dn(ou, v) { return v == "" ? "" : "cn=" v ",ou=" ou "," suffix }
	function flush() {
		if (id == "")
			return
		printf "%srevoked: %s\npasswordExpired: %s\n\n", entry,
		    revoked ? "TRUE" : "FALSE", expired ? "TRUE" : "FALSE"
		id = ""
	}
	function user(s,    name, n, w, g, t, f) {
		flush()
		id = $2; revoked = 0; expired = 0
		name = kw(s, "NAME"); n = split(name, w, " ")
		g = kw(s, "DFLTGRP")
		entry = "dn: uid=" id ",ou=People," suffix "\n" \
		    "objectClass: top\nobjectClass: person\n" \
		    "objectClass: organizationalPerson\n" \
		    "objectClass: inetOrgPerson\nobjectClass: racfUser\n"
		add("uid", id); add("cn", name); add("sn", w[n])
		add("givenName", substr(name, 1, length(name) - length(w[n]) - 1))
		add("owner", dn("Groups", kw(s, "OWNER")))
		add("defaultGroup", g); add("instdata", kw(s, "DATA"))
		for (t = split("SPECIAL OPERATIONS AUDITOR", f, " "); t > 0; t--)
			if (match(s, " " f[t] "( |$)"))
				add("attributes", f[t])
		add("passwordInterval", 30); add("passwordDate", today)
		add("createDate", today)
		add("tsoAcctNum", kw(s, "ACCTNUM")); add("tsoProc", kw(s, "PROC"))
		add("tsoSize", num(kw(s, "SIZE")))
		add("tsoMaxSize", num(kw(s, "MAXSIZE")))
		add("tsoUnit", kw(s, "UNIT")); add("tsoHoldclass", kw(s, "HOLDCLASS"))
		add("tsoJobclass", kw(s, "JOBCLASS"))
		add("tsoMsgclass", kw(s, "MSGCLASS"))
		add("tsoSysoutclass", kw(s, "SYSOUTCLASS"))
		add("omvsUid", num(kw(s, "UID"))); add("omvsHome", kw(s, "HOME"))
		add("omvsProgram", kw(s, "PROGRAM"))
		add("cicsOpident", kw(s, "OPIDENT"))
		add("cicsOpprty", num(kw(s, "OPPRTY")))
		add("cicsTimeout", kw(s, "TIMEOUT"))
		connect(g)
	}
	function connect(g) {
		add("memberOf", dn("Groups", g))
		members[g, ++nmembers[g]] = id
	}
	$1 == "ADDGROUP" {
		groups[++ngroups] = $2
		gowner[$2] = kw($0, "OWNER"); gsup[$2] = kw($0, "SUPGROUP")
		gdata[$2] = kw($0, "DATA")
	}
	$1 == "ADDUSER" { user($0) }
	$1 == "ALTUSER" && $2 == id && $3 == "REVOKE" { revoked = 1 }
	$1 == "ALTUSER" && $2 == id && $3 ~ /^PASSWORD/ { expired = ($4 != "NOEXPIRED") }
	$1 == "CONNECT" && $2 == id { connect(kw($0, "GROUP")) }
	END {
		flush()
		for (i = 1; i <= ngroups; i++)
			group(groups[i])
	}
	function group(g,    k, m) {
		printf "dn: %s\nobjectClass: top\nobjectClass: racfGroup\n" \
		    "cn: %s\nowner: %s\nsuperiorGroup: %s\ninstdata: %s\n" \
		    "createDate: %s\n", dn("Groups", g), g,
		    dn("Groups", gowner[g]), gsup[g], gdata[g], today
		for (k = 1; k <= nmembers[g]; k++) {
			m = "uid=" members[g, k] ",ou=People," suffix
			printf "member: %s\nuniqueMember: %s\n", m, m
		}
		printf "\n"
	}'
}

make_standin() {
	local t
	echo "bench: a stand-in of the gateway's entries for $users users..."
	t=$(now)
	: > "$dir/top.ldif"
	containers "$dir/top.ldif" > "$dir/entries.ldif"
	"$build/mainframe-agent/esmgen" --users "$users" --seed 42 |
		standin_ldif >> "$dir/entries.ldif"
	echo "bench: $(grep -c '^dn:' "$dir/entries.ldif") entries in $(since "$t") s"
}

# --- slapd -------------------------------------------------------------

# slapd_config: slapd.conf for a back-mdb database of the same entries,
# bound to as the gateway's admin with the same password.
slapd_config() {
	local s
	for s in $debian_schemas; do
		echo "include /etc/ldap/schema/$s.schema"
	done
	# slapd defines memberOf only in its memberof overlay, as an
	# operational attribute; the gateway serves it as a user attribute
	# (its schema/core.schema), and so does slapd here.
	if ! grep -qiE "NAME +\(? *'memberOf'" "$racf_schema"; then
		cat > "$dir/memberof.schema" <<-'SCHEMA'
		attributetype ( 1.2.840.113556.1.2.102 NAME 'memberOf'
		    DESC 'bench only: a group the entry belongs to'
		    EQUALITY distinguishedNameMatch
		    SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
		SCHEMA
		echo "include $dir/memberof.schema"
	fi
	echo "include $racf_schema"
	[ -z "$esm_schema" ] || echo "include $esm_schema"
	cat <<-CONF
	pidfile		$dir/slapd.pid
	argsfile	$dir/slapd.args
	modulepath	/usr/lib/ldap
	moduleload	back_mdb
	sizelimit	unlimited
	database	mdb
	maxsize		8589934592
	suffix		"$suffix"
	rootdn		"$admin"
	rootpw		$("$(dirname "$slapd")/slappasswd" -s "$secret")
	directory	$dir/slapd.db
	index		objectClass eq
	index		uid eq
	CONF
}

# slapd_ldif: the entries for slapadd.  No object class of racf.schema
# lists memberOf (slapd's overlay keeps it without one), so an entry with
# memberOf values also gets extensibleObject (RFC 4512 4.3) to hold them.
slapd_ldif() {
	awk 'BEGIN { RS = ""; FS = "\n" }
	{
		if ($0 ~ /(^|\n)[mM][eE][mM][bB][eE][rR][oO][fF]:/)
			sub(/\n/, "\nobjectClass: extensibleObject\n")
		print $0 "\n"
	}' "$dir/entries.ldif"
}

start_slapd() {
	local t
	slapd_config > "$dir/slapd.conf"
	slapd_ldif > "$dir/slapd.ldif"
	mkdir -p "$dir/slapd.db"
	echo "bench: slapadd..."
	t=$(now)
	"$slapadd" -q -f "$dir/slapd.conf" -l "$dir/slapd.ldif" \
		> "$dir/slapadd.log" 2>&1 ||
		{ tail -n 20 "$dir/slapadd.log" >&2; cannot "slapadd failed"; }
	echo "bench: slapadd: $(since "$t") s"
	sport=$(free_port)
	slapd_uri="ldap://127.0.0.1:$sport"
	"$slapd" -f "$dir/slapd.conf" -h "$slapd_uri/" -d 0 \
		> "$dir/slapd.log" 2>&1 &
	slapd_pid=$!
	pids="$pids $slapd_pid"
	wait_ldap slapd "$slapd_uri" "$slapd_pid" "$dir/slapd.log"
}

# --- Measurements ------------------------------------------------------

# sampler OUT PID...: until killed, OUT holds "PID KB" lines, the largest
# VmRSS of each PID sampled every 0.1 s.
sampler() {
	local out=$1 p k v _
	local -A max
	shift
	for p; do max[$p]=0; done
	while :; do
		for p; do
			while read -r k v _; do
				[ "$k" = "VmRSS:" ] || continue
				[ "$v" -gt "${max[$p]}" ] && max[$p]=$v
				break
			done < "/proc/$p/status" 2> /dev/null || true
		done
		for p; do echo "$p ${max[$p]}"; done > "$out"
		sleep 0.1
	done
}

# run SIDE NAME LDAPBENCH-ARGS...: one ldapbench run; its RESULT line is
# kept in $dir/SIDE.NAME ("RESULT failed" when it printed none).
run() {
	local side=$1 name=$2 rc=0
	shift 2
	"$ldapbench" "$@" > "$dir/$side.$name.out" 2> "$dir/$side.$name.err" ||
		rc=$?
	grep '^RESULT' "$dir/$side.$name.out" > "$dir/$side.$name" ||
		echo "RESULT failed" > "$dir/$side.$name"
	printf '  %-8s %-8s %s\n' "$side" "$name" "$(sed 's/^RESULT //' "$dir/$side.$name")"
	[ $rc -eq 0 ] || sed "s/^/	$side $name: /" "$dir/$side.$name.err" | head -n 5
}

# measure SIDE URI PID...: every measurement against one server; the
# PIDs are the processes whose memory counts for it.
measure() {
	local side=$1 uri=$2 p c
	local auth=(-H "$uri" -D "$admin" -w "$secret")
	shift 2
	echo "bench: $side ($uri)"
	for p; do { echo 5 > "/proc/$p/clear_refs"; } 2> /dev/null || true; done
	sampler "$dir/$side.rss" "$@" &
	sampler_pid=$!
	run "$side" full fullsearch "${auth[@]}" -b "$suffix"
	run "$side" paged fullsearch "${auth[@]}" -b "$suffix" --page "$page"
	kill "$sampler_pid"
	wait "$sampler_pid" 2> /dev/null || true
	sampler_pid=""
	for p; do echo "$p $(rss_kb "$p" VmHWM)"; done > "$dir/$side.hwm"
	for c in 1 8 32; do
		run "$side" "lookup$c" lookup "${auth[@]}" -b "$people" \
			--clients "$c" --seconds "$secs" --ids "$dir/ids"
	done
	run "$side" modify8 modify "${auth[@]}" -b "$people" --clients 8 \
		--seconds "$secs" --ids "$dir/ids" --attr "$attr"
}

# --- The table -------------------------------------------------------

# field SIDE NAME KEY: a value of a RESULT line, "-" when missing.
field() {
	local v
	v=$(sed -n "s/.* $3=\([^ ]*\).*/\1/p" "$dir/$1.$2" 2> /dev/null)
	echo "${v:--}"
}

# row LABEL NAME KEY CMP TARGET: one line of the table; CMP is "le"
# (gateway/slapd at most TARGET) or "ge" (at least) or "" (no target).
row() {
	local g=- s serr gerr=0 gent="" sent=""
	s=$(field slapd "$2" "$3")
	serr=$(field slapd "$2" errors)
	if [ -z "$slapd_only" ]; then
		g=$(field gw "$2" "$3")
		gerr=$(field gw "$2" errors)
		gent=$(field gw "$2" entries)
		sent=$(field slapd "$2" entries)
	fi
	awk -v l="$1" -v g="$g" -v s="$s" -v cmp="$4" -v t="$5" \
	    -v only="$slapd_only" -v gerr="$gerr" -v serr="$serr" -v gent="$gent" \
	    -v sent="$sent" -v added="${added:-0}" '
	BEGIN {
		if (only != "") {
			if (serr != "0")
				note = " (" ((serr == "-") ? "failed" : \
				    serr " errors") ")"
			printf "%-34s %12s%s\n", l, s, note
			exit
		}
		r = (g != "-" && s != "-" && s + 0 > 0) ? g / s : -1
		v = ""
		if (cmp == "le")
			v = (r >= 0 && r <= t) ? "PASS" : "MISS"
		if (cmp == "ge")
			v = (r >= t) ? "PASS" : "MISS"
		if (gerr != "0") {
			v = (cmp == "") ? "" : "MISS"
			note = " (" (gerr == "-" ? "failed" : gerr " errors") ")"
		}
		if (serr != "0")
			note = note " (slapd: " (serr == "-" ? "failed" : \
			    serr " errors") ")"
		if (gent != "" && gent != "-" && gent + added != sent + 0) {
			v = "MISS"
			note = note " (entries: " gent " vs " sent ")"
		}
		ratio = (r >= 0) ? sprintf("%.2f", r) : "-"
		target = ""
		if (cmp != "")
			target = ((cmp == "le") ? "<= " : ">= ") t
		printf "%-34s %12s %12s %7s %9s %s%s\n", l, g, s, ratio,
		    target, v, note
	}'
}

# rss_row SIDE PID LABEL [TARGET-MIB]: memory of one process.
rss_row() {
	local hwm sampled
	hwm=$(mib "$(awk -v p="$2" '$1 == p { print $2 }' "$dir/$1.hwm")")
	sampled=$(mib "$(awk -v p="$2" '$1 == p { print $2 }' "$dir/$1.rss")")
	awk -v l="$3" -v h="$hwm" -v s="$sampled" -v t="${4:-}" 'BEGIN {
		printf "%-34s %8s MiB peak, %8s MiB sampled", l, h, s
		if (t != "")
			printf "   < %d MiB %s", t, (h + 0 < t && s + 0 < t) ? "PASS" : "MISS"
		printf "\n"
	}'
}

table() {
	echo
	echo "esmgate gateway benchmark: $users users," \
		"$(grep -c '^dn:' "$dir/entries.ldif") entries in slapd," \
		"${secs}s per rate run, pages of $page"
	if [ -n "$slapd_only" ]; then
		printf '%-34s %12s\n' "" slapd
	else
		printf '%-34s %12s %12s %7s %9s\n' "" esmgated slapd ratio target
	fi
	row "full reconciliation, plain (s)" full seconds le 2
	row "full reconciliation, paged (s)" paged seconds le 2
	row "uid lookups/s, 1 client" lookup1 rate ge 0.25
	row "uid lookups/s, 8 clients" lookup8 rate ge 0.25
	row "uid lookups/s, 32 clients" lookup32 rate ge 0.25
	row "modifies/s ($attr), 8 clients" modify8 rate "" ""
	echo "memory during the full reconciliations (VmHWM, largest VmRSS sampled):"
	if [ -z "$slapd_only" ]; then
		rss_row gw "$gw_pid" "  esmgated" 100
		rss_row gw "$agent_pid" "  esmagentd"
	fi
	rss_row slapd "$slapd_pid" "  slapd"
}

# --- The run -----------------------------------------------------------

if [ -n "$slapd_only" ]; then
	make_standin
else
	load_users
	start_gateway
	export_gateway
fi
sed -n 's/^dn: uid=\([^,]*\),ou=People,.*/\1/Ip' "$dir/entries.ldif" > "$dir/ids"
[ -s "$dir/ids" ] || cannot "no uid=...,$people entries to look up"
start_slapd
[ -n "$slapd_only" ] || measure gw "$gw_uri" "$gw_pid" "$agent_pid"
measure slapd "$slapd_uri" "$slapd_pid"
table | tee "$dir/table"
if grep -q MISS "$dir/table"; then
	exit 1
fi
