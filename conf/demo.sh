#!/bin/bash
# demo.sh BUILDDIR - esmgate on this machine: three agents, with the
# RACF, CA ACF2 and CA Top Secret simulators and 1,000 sample users each,
# and one LDAP gateway in front of them (dc=racf,dc=com, dc=acf2,dc=com,
# dc=tss,dc=com), until Ctrl-C.  State lives in _demo/ and is kept
# between runs (remove _demo/ to start afresh).
set -eu

umask 077	# the daemons refuse files group or others may read
build=${1:?usage: demo.sh BUILDDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
demo=$top/_demo
conf=$top/conf/esmagentd.conf
acf2conf=$top/conf/esmagentd-acf2.conf
tssconf=$top/conf/esmagentd-tss.conf
gwconf=$top/conf/esmgated.conf
# The daemons refuse configuration files group or others may read or
# write; a checkout has them readable by all.
chmod 600 "$conf" "$acf2conf" "$tssconf" "$gwconf"
agentd=$build/mainframe-agent/esmagentd
console=$build/mainframe-agent/esmconsole
gated=$build/gateway/esmgated
esmctl=$build/gateway/esmctl

mkdir -p "$demo"
chmod 700 "$demo"
[ -f "$demo/link.key" ] || "$agentd" --genkey "$demo/link.key"
# load ESM NAME CONF: 1,000 sample users into one simulator, once.
load() {
	[ -f "$demo/loaded-$1" ] && return 0
	echo "demo: loading 1,000 sample users into the $2 simulator..."
	"$build/mainframe-agent/esmgen" --esm "$1" --users 1000 --password DEMO1234 \
		| "$console" -f "$3" -q -b -
	touch "$demo/loaded-$1"
}
# A demo directory from before the three ESMs holds the RACF users.
[ ! -f "$demo/loaded" ] || mv "$demo/loaded" "$demo/loaded-racf"
load racf RACF "$conf"
load acf2 "CA ACF2" "$acf2conf"
load tss "CA Top Secret" "$tssconf"
if [ ! -f "$demo/admin.password" ]; then
	(umask 077; head -c 12 /dev/urandom | base64 | tr -d '/+=' > "$demo/admin.password")
	echo "admin cn=esmadmin,dc=racf,dc=com $("$esmctl" passwd "$(cat "$demo/admin.password")")" \
		> "$demo/admin.conf"
fi
adminpw=$(cat "$demo/admin.password")

# A sample user who can log on with the demo password (the agent
# protects IBMUSER and its own id; some sample users are revoked or
# have expired passwords, as in any real database).
sample=""
for id in $("$console" -f "$conf" "SEARCH CLASS(USER) MASK(J)" | head -n 50); do
	if "$console" -f "$conf" "LISTUSER $id" | grep -q -e "PASSDATE=00.000" -e "REVOKED"; then
		continue
	fi
	sample=$id
	break
done

pids=""
stop() { [ -n "$pids" ] && kill $pids 2>/dev/null; wait 2>/dev/null; exit 0; }
trap stop INT TERM
wait_for() {	# wait_for LOG PATTERN PID
	for _ in $(seq 1 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		kill -0 "$3" 2>/dev/null || { tail -n 20 "$1"; echo "demo: start failed"; stop; }
		sleep 0.1
	done
	tail -n 20 "$1"; echo "demo: start timed out"; stop
}
"$agentd" -f "$conf" >>"$demo/agent.log" 2>&1 &
pids="$!"
wait_for "$demo/agent.log" "agent SYS1 ready" "$!"
"$agentd" -f "$acf2conf" >>"$demo/agent-acf2.log" 2>&1 &
pids="$pids $!"
wait_for "$demo/agent-acf2.log" "agent SYS2 ready" "$!"
"$agentd" -f "$tssconf" >>"$demo/agent-tss.log" 2>&1 &
pids="$pids $!"
wait_for "$demo/agent-tss.log" "agent SYS3 ready" "$!"
"$gated" -f "$gwconf" >>"$demo/gateway.log" 2>&1 &
gwpid=$!
pids="$pids $gwpid"
for sys in SYS1 SYS2 SYS3; do
	wait_for "$demo/gateway.log" "agent=$sys link up" "$gwpid"
done

cat <<TXT

esmgate demo: LDAP on ldap://127.0.0.1:3389, three suffixes:
  dc=racf,dc=com  agent SYS1, RACF simulator,          1,000 sample users, e.g. $sample
  dc=acf2,dc=com  agent SYS2, CA ACF2 simulator,       1,000 sample logonids
  dc=tss,dc=com   agent SYS3, CA Top Secret simulator, 1,000 sample ACIDs
  admin:  cn=esmadmin,dc=racf,dc=com   password: $adminpw
  every sample user's password is DEMO1234.
In another terminal:

  # what the gateway offers (anonymous)
  ldapsearch -H ldap://127.0.0.1:3389 -x -b "" -s base
  # one user, as the admin
  ldapsearch -H ldap://127.0.0.1:3389 -x -D cn=esmadmin,dc=racf,dc=com -w '$adminpw' \\
      -b ou=People,dc=racf,dc=com "(uid=$sample)"
  # every user, 100 per page (a full reconciliation)
  ldapsearch -H ldap://127.0.0.1:3389 -x -D cn=esmadmin,dc=racf,dc=com -w '$adminpw' \\
      -b ou=People,dc=racf,dc=com -E pr=100/noprompt uid cn
  # the ACF2 logonids and the Top Secret ACIDs, the same way
  ldapsearch -H ldap://127.0.0.1:3389 -x -D cn=esmadmin,dc=racf,dc=com -w '$adminpw' \\
      -b ou=People,dc=acf2,dc=com -E pr=100/noprompt uid cn
  ldapsearch -H ldap://127.0.0.1:3389 -x -D cn=esmadmin,dc=racf,dc=com -w '$adminpw' \\
      -b ou=People,dc=tss,dc=com -E pr=100/noprompt uid cn
  # ACF2's FACILITY resource rules, one per department
  ldapsearch -H ldap://127.0.0.1:3389 -x -D cn=esmadmin,dc=racf,dc=com -w '$adminpw' \\
      -b ou=Resources,dc=acf2,dc=com "(acf2Resource=FAC/*)" acf2ResourceEntry
  # the user logs on through LDAP (verified by RACF) and asks who they are
  ldapwhoami -H ldap://127.0.0.1:3389 -x -D uid=$sample,ou=People,dc=racf,dc=com -w DEMO1234
  # the native side, at the mainframe console
  $console -f $conf "LISTUSER $sample TSO OMVS"
  $console -f $acf2conf "LIST LIKE(A-)"
  $console -f $tssconf "LIST(ACIDS) TYPE(USER)"
  # the gateway's status
  $esmctl -f $gwconf status

Logs: $demo/gateway.log, $demo/agent*.log; audit: $demo/agent*.audit.   Stop with Ctrl-C.

TXT
wait
