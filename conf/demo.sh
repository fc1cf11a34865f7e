#!/bin/bash
# demo.sh BUILDDIR - the mainframe side of esmgate on this machine: the
# agent with the RACF simulator and 1,000 sample users, in the
# foreground until Ctrl-C.  State lives in _demo/ and is kept between
# runs (remove _demo/ to start afresh).
set -eu

build=${1:?usage: demo.sh BUILDDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
demo=$top/_demo
conf=$top/conf/esmagentd.conf
agentd=$build/mainframe-agent/esmagentd
console=$build/mainframe-agent/esmconsole

mkdir -p "$demo"
chmod 700 "$demo"
[ -f "$demo/link.key" ] || "$agentd" --genkey "$demo/link.key"
if [ ! -f "$demo/loaded" ]; then
	echo "demo: loading 1,000 sample users and their groups into the RACF simulator..."
	"$build/mainframe-agent/esmgen" --users 1000 --password DEMO1234 \
		| "$console" -f "$conf" -q -b -
	touch "$demo/loaded"
fi

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

cat <<TXT

esmgate demo: agent SYS1 (RACF simulator) listening on esmlink://127.0.0.1:7010
1,000 sample users, e.g. $sample; every sample user's password is DEMO1234.
In another terminal:

  # native RACF commands at the mainframe console (as IBMUSER)
  $console -f $conf "SEARCH CLASS(USER) MASK(J)"
  $console -f $conf "LISTUSER $sample TSO OMVS"
  # a TSO logon of that user ("LOGON USER/OLD/NEW" would change the password)
  $console -f $conf "LOGON $sample/DEMO1234"
  # the same over the encrypted link, as the gateway sends them
  $build/tests/tools/esmlinkcmd -k $demo/link.key -c 127.0.0.1:7010 "LISTUSER $sample"
  $build/tests/tools/esmlinkcmd -k $demo/link.key -c 127.0.0.1:7010 --verify $sample DEMO1234
  # operator commands to the running agent
  $console -f $conf -o DISPLAY

Audit records: $demo/agent.audit.   Stop with Ctrl-C.

TXT
exec "$agentd" -f "$conf"
