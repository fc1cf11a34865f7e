"""Story 040's client side: resource abuse, each case bounded by a limit
of the gateway, while a well-behaved client measures that it is still
served within 2 seconds (generous bounds, never tight timings).

usage: hostile_abuse.py URI ADMIN_DN ADMIN_PW SUFFIX GATEWAY_PID LOG RSS_KB
RSS_KB bounds how much the gateway's resident size may grow in each
case (0: not checked, for a sanitizer build).  The gateway runs with max-connections-per-address 20, pdu-timeout 3,
write-timeout 3, output-buffer 64k and max-pending 8."""
import socket
import sys
import threading
import time

from ldapcheck import FAILED, check
from rawldap import (Raw, served, message, bind, search, present, extended,
                     WHOAMI, SUCCESS, BUSY, UNAVAILABLE)

URI, ADMIN_DN, ADMIN_PW, SUFFIX, GW_PID, LOG = sys.argv[1:7]
RSS_BOUND = int(sys.argv[7])
PEOPLE = "ou=People," + SUFFIX
PER_ADDRESS = 20


def rss_kb():
    with open("/proc/%s/status" % GW_PID) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Watch:
    """A well-behaved client served again and again in the background:
    the slowest time it took, and whether it always got its answer."""

    def __init__(self):
        self.worst, self.failed, self.n = 0.0, 0, 0
        self.stop = threading.Event()
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        while not self.stop.is_set():
            t = served(URI, ADMIN_DN, ADMIN_PW, SUFFIX)
            self.n += 1
            if t is None:
                self.failed += 1
            else:
                self.worst = max(self.worst, t)
            time.sleep(0.2)

    def done(self, what):
        self.stop.set()
        self.t.join()
        check(self.n > 0 and self.failed == 0 and self.worst < 2.0,
              "%s: a well-behaved client was served %d times, the "
              "slowest in %.2fs" % (what, self.n, self.worst))


def log_count(text):
    with open(LOG, errors="replace") as f:
        return f.read().count(text)


def log_has(text, timeout, times=1):
    """Does the log hold text (times times) within timeout seconds?"""
    end = time.time() + timeout
    while time.time() < end:
        if log_count(text) >= times:
            return True
        time.sleep(0.2)
    return False


def connect_from(source):
    """A connection from source that sends a Who am I?: True when it is
    answered, False when the gateway closes it at once."""
    c = Raw(URI, source=source)
    try:
        c.send(message(1, extended(WHOAMI)))
    except OSError:
        return c, False
    r = c.read(10)
    return c, r is not None and r.code == SUCCESS


def story_flood():
    """Many connections from one address: past the limit they are
    refused, logged once per interval, and other addresses are served."""
    w = Watch()
    conns, served_n = [], 0
    for _ in range(3 * PER_ADDRESS):
        c, ok = connect_from("127.0.0.2")
        conns.append(c)
        served_n += ok
    w.done("a flood of %d connections from 127.0.0.2" % len(conns))
    check(served_n == PER_ADDRESS, "the flood: %d of %d connections from "
          "one address served (max-connections-per-address %d)" %
          (served_n, len(conns), PER_ADDRESS))
    # A refused connection names the address; later ones in the same
    # interval are counted, not logged, and the next line says how many.
    time.sleep(5.5)
    c, ok = connect_from("127.0.0.2")
    check(not ok, "one more connection from the flooding address is "
          "refused")
    conns.append(c)
    check(log_has("(%d more connections refused since the previous line, "
                  "not logged)" % (2 * PER_ADDRESS - 1), 5),
          "the refusals left out of the log are counted on the next line")
    for c in conns:
        c.close()


def slow_loris(source, pdu, step, out):
    """Send pdu one byte every step seconds until the gateway closes."""
    c = Raw(URI, source=source)
    t0 = time.time()
    sent = 0
    try:
        while sent < len(pdu):
            c.send(pdu[sent:sent + 1])
            sent += 1
            r = c.read(step)
            if r is not None or c.eof:
                break
        r = r or c.read(10)
    except OSError:
        r = None
    out.append((r, sent, time.time() - t0))
    c.close()


def story_slow_loris():
    """Writers that trickle a request byte by byte, or hold part of one:
    closed after pdu-timeout, each with a notice."""
    pdu = message(1, bind(ADMIN_DN, ADMIN_PW))
    w = Watch()
    out = []
    threads = [threading.Thread(target=slow_loris,
                                args=("127.0.0.3", pdu, 1.0, out))
               for _ in range(10)]
    for t in threads:
        t.start()
    holder = Raw(URI, source="127.0.0.4")
    holder.send(pdu[:5])
    got = holder.until_closed(15)
    for t in threads:
        t.join()
    w.done("ten slow-loris writers")
    ok = [r is not None and r.is_notice(UNAVAILABLE) and
          "pdu-timeout" in r.text and sent < len(pdu) and took < 10
          for r, sent, took in out]
    check(len(ok) == 10 and all(ok), "ten writers sending a byte a second: "
          "each closed with a notice naming pdu-timeout before its "
          "request was whole %s" % [(r, s, "%.1fs" % t)
                                    for r, s, t in out][:2])
    check(got is not None and len(got) == 1 and
          got[0].is_notice(UNAVAILABLE) and "pdu-timeout" in got[0].text,
          "a client holding 5 bytes of a request: closed after pdu-timeout")
    holder.close()


def never_reads(what, c, data, burst):
    """c sends data (all of it, or as much as the gateway takes within
    10s when burst) and never reads: the gateway's memory stays bounded
    and it drops the client after write-timeout."""
    base = rss_kb()
    peak = base
    drops = log_count("(write-timeout 3)")
    w = Watch()
    c.s.setblocking(False)
    sent, end = 0, time.time() + (10 if burst else 60)
    while sent < len(data) and time.time() < end:
        try:
            sent += c.s.send(data[sent:sent + 65536])
        except BlockingIOError:
            time.sleep(0.05)
            peak = max(peak, rss_kb())
        except OSError:
            break           # dropped while it still sent
    for _ in range(40):
        peak = max(peak, rss_kb())
        time.sleep(0.1)
    dropped = log_has("(write-timeout 3)", 20, drops + 1)
    w.done(what)
    check(dropped, "%s: dropped after write-timeout, with a log line" % what)
    check(RSS_BOUND == 0 or peak - base < RSS_BOUND, "%s: the gateway "
          "grew by %d kB (from %d kB), less than %d kB, %d of %d bytes of "
          "requests taken" % (what, peak - base, base, RSS_BOUND, sent,
                              len(data)))
    c.close()


def story_slow_reader():
    """A client that never reads the results of large searches."""
    c = Raw(URI, rcvbuf=4096)
    c.send(message(1, bind(ADMIN_DN, ADMIN_PW)))
    check(c.read().code == SUCCESS, "the slow reader is bound")
    data = b"".join(message(2 + i, search(PEOPLE, present("objectClass"),
                                          scope=2)) for i in range(8))
    never_reads("eight searches of every user, never read", c, data, False)


def story_burst_unread():
    """A huge pipelined burst whose results are never read: the gateway
    stops reading it once its output is above the watermark."""
    c = Raw(URI, rcvbuf=4096)
    one = message(7, search("", present("objectClass"), ["+", "*"]))
    never_reads("a burst of 200000 root DSE searches, never read", c,
                one * 200000, True)


def story_burst_busy():
    """A pipelined burst of searches the agent answers, read: at most
    max-pending in flight, the rest busy with a sentence, all answered."""
    w = Watch()
    c = Raw(URI)
    c.send(message(1, bind(ADMIN_DN, ADMIN_PW)))
    check(c.read().code == SUCCESS, "the burst's client is bound")
    n = 300
    c.send(b"".join(message(2 + i, search(PEOPLE, present("objectClass"),
                                          ["uid"], scope=1))
                    for i in range(n)))
    ok = busy = other = 0
    text = ""
    ids = set()
    while len(ids) < n:
        r = c.read(30)
        if r is None:
            break
        if r.tag == 0x64:
            continue
        ids.add(r.msgid)
        if r.code == SUCCESS:
            ok += 1
        elif r.code == BUSY:
            busy += 1
            text = r.text
        else:
            other += 1
    w.done("a burst of %d searches" % n)
    check(len(ids) == n and other == 0 and ok > 0 and busy > 0 and
          "max-pending 8" in text, "a burst of %d searches: every one "
          "answered, %d done, %d busy (%r)" % (n, ok, busy, text))
    c.close()


for story in (story_flood, story_slow_loris, story_slow_reader,
              story_burst_unread, story_burst_busy):
    print("# " + story.__name__)
    story()
sys.exit(1 if FAILED else 0)
