#!/usr/bin/python3
"""The two ends of bench/events-bench.sh's latency run, and a subscriber
that lags on purpose.

  events_bench.py feed CONSOLE CONF USERS RATE SECONDS
      RATE native changes a second for SECONDS through one esmconsole -b
      reading its standard input: ALTUSER <user> NAME('T<microseconds>'),
      the users of the file USERS in turn, each change stamped with the
      moment it is handed to the console.  Prints "sent N".
  events_bench.py subscribe URI DN PASSWORD BASE WANT SECONDS
      A persistent search (changesOnly) on BASE: for each entry received,
      now minus the stamp in its cn is one latency.  Ends after WANT
      entries or SECONDS; prints "received N p50_ms X p99_ms Y max_ms Z".
  events_bench.py lag URI DN PASSWORD BASE SECONDS
      A persistent search on BASE whose client never reads: the gateway
      must bound what it holds for it.  Prints how it ended.
"""
import subprocess
import sys
import time

import ldap
from ldap.controls.psearch import PersistentSearchControl

STAMP_MOD = 10 ** 12	# microseconds; "T" and 12 digits fit RACF's NAME


def now_us():
    return time.time_ns() // 1000


def feed(console, conf, users_file, rate, seconds):
    users = [l.split()[0] for l in open(users_file) if l.strip()]
    p = subprocess.Popen([console, "-f", conf, "-q", "-b", "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    total, start = int(rate * seconds), time.monotonic()
    for i in range(total):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        line = "ALTUSER %s NAME('T%012d')\n" % (users[i % len(users)],
                                               now_us() % STAMP_MOD)
        p.stdin.write(line.encode())
        p.stdin.flush()
    p.stdin.close()
    rc = p.wait()
    print("sent %d in %.2f s, console exit %d" % (
        total, time.monotonic() - start, rc))
    return 0 if rc == 0 else 1


def persistent(uri, dn, pw, base, attrs):
    c = ldap.initialize(uri)
    c.protocol_version = 3
    c.simple_bind_s(dn, pw)
    ps = PersistentSearchControl(criticality=True, changesOnly=True,
                                 returnECs=False)
    msgid = c.search_ext(base, ldap.SCOPE_ONELEVEL, "(objectClass=*)",
                         attrs, serverctrls=[ps])
    return c, msgid


def percentile(v, p):
    return v[min(len(v) - 1, int(len(v) * p / 100))] if v else float("nan")


def subscribe(uri, dn, pw, base, want, seconds):
    c, msgid = persistent(uri, dn, pw, base, ["cn"])
    print("open", flush=True)
    lat, end = [], time.time() + seconds
    while len(lat) < want and time.time() < end:
        try:
            rtype, data = c.result(msgid, all=0,
                                   timeout=max(0.1, end - time.time()))
        except ldap.TIMEOUT:
            break
        got = now_us() % STAMP_MOD
        if rtype != ldap.RES_SEARCH_ENTRY:
            break
        for _, attrs in data:
            cn = attrs.get("cn", [b""])[0].decode()
            if cn.startswith("T"):
                lat.append((got - int(cn[1:])) / 1000.0)
    lat.sort()
    print("received %d p50_ms %.1f p99_ms %.1f max_ms %.1f" % (
        len(lat), percentile(lat, 50), percentile(lat, 99),
        lat[-1] if lat else float("nan")))
    return 0 if len(lat) == want else 1


def lag(uri, dn, pw, base, seconds):
    # Whole entries: more than the sockets' buffers hold between them.
    c, msgid = persistent(uri, dn, pw, base, ["*"])
    print("open", flush=True)
    time.sleep(seconds)
    n = 0
    try:
        while True:
            c.result(msgid, all=0, timeout=1)
            n += 1
    except ldap.TIMEOUT:
        print("still open after %d results read" % n)
    except ldap.LDAPError as e:
        info = e.args[0] if e.args and isinstance(e.args[0], dict) else {}
        print("disconnected by the gateway after %d results read: %s %s" %
              (n, type(e).__name__, info.get("info", info.get("desc", ""))))
    return 0


def main(argv):
    mode = argv[1]
    if mode == "feed":
        return feed(argv[2], argv[3], argv[4], float(argv[5]),
                    float(argv[6]))
    if mode == "subscribe":
        return subscribe(argv[2], argv[3], argv[4], argv[5], int(argv[6]),
                         float(argv[7]))
    if mode == "lag":
        return lag(argv[2], argv[3], argv[4], argv[5], float(argv[6]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
