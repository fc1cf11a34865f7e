#!/usr/bin/python3
"""The verdict of an event story: what the story changed against what
the gateway's changelog holds and what the console lists at the end.

usage: events_check.py CHANGES CHANGELOG.ldif LISTUSER.out
                       [--subscriber FILE] [--extra N]

CHANGES has one line per change the story made, in the order made:
"create USERID NAME" or "name USERID NAME" (a NAME change), or "maybe
USERID NAME", a NAME change whose request failed when its agent died
(made or not: the client was told it may have been applied).  The
changelog must hold, for each user, exactly one add per create and one
modify of NAME per NAME change, and at most one per maybe (nothing
lost, nothing twice), no two
records of one (agent, sequence), records in sequence order; the last
record of each user must carry the NAME the story set last, which is
also what LISTUSER shows.  --extra N allows N records the story made by
other means (a password reset, a logon).  --subscriber FILE: the change
numbers a persistent search received ("NUMBER DN" per line), each once
and rising, every record's from the first it saw.
"""
import base64
import collections
import re
import sys


def ldif_records(path):
    recs, cur = [], {}
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if line == "":
            if cur:
                recs.append(cur)
            cur = {}
            continue
        if line.startswith("#") or ":" not in line:
            continue
        name, value = line.split(":", 1)
        if value.startswith(":"):
            value = base64.b64decode(value[1:].strip()).decode(
                "utf-8", "replace")
        else:
            value = value.strip()
        cur.setdefault(name, []).append(value)
    if cur:
        recs.append(cur)
    return [r for r in recs if "changeNumber" in r]


def last_cn(changes):
    """The cn an add or a modify's replace block sets, or None."""
    m = re.findall(r"^cn: (.*)$", changes, re.M)
    return m[-1] if m else None


def listed_names(path):
    names = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"USER=(\S+)\s+NAME=(.*?)\s+OWNER=", line)
        if m:
            names[m.group(1)] = m.group(2).strip()
    return names


def main(argv):
    changes_path, ldif_path, list_path = argv[1:4]
    opts = argv[4:]
    extra = int(opts[opts.index("--extra") + 1]) if "--extra" in opts else 0
    sub = opts[opts.index("--subscriber") + 1] if "--subscriber" in opts \
        else None

    made = [l.rstrip("\n").split(None, 2) for l in open(changes_path)
            if l.strip()]
    want_creates = collections.Counter(u for k, u, _ in made
                                       if k == "create")
    want_names = collections.Counter(u for k, u, _ in made if k == "name")
    maybe = collections.Counter(u for k, u, _ in made if k == "maybe")
    last_set = {}
    for k, u, v in made:
        if k != "maybe":
            last_set[u] = v

    recs = sorted(ldif_records(ldif_path),
                  key=lambda r: int(r["changeNumber"][0]))
    bad = []
    keys = collections.Counter((r["esmAgent"][0], int(r["esmSequence"][0]))
                               for r in recs)
    for k, n in keys.items():
        if n > 1:
            bad.append("event %s/%d is recorded %d times" % (k[0], k[1], n))
    last_seq = {}
    for r in recs:
        a, s = r["esmAgent"][0], int(r["esmSequence"][0])
        if s <= last_seq.get(a, 0):
            bad.append("change %s (event %d) comes after event %d" %
                       (r["changeNumber"][0], s, last_seq[a]))
        last_seq[a] = s

    per_user = collections.defaultdict(list)
    for r in recs:
        m = re.match(r"uid=([^,]+),", r["targetDN"][0])
        if m:
            per_user[m.group(1)].append(r)
    listed = listed_names(list_path)
    ours = 0
    for u in last_set:
        rs = per_user.get(u, [])
        creates = sum(1 for r in rs if r["esmEventType"][0] == "create")
        names = sum(1 for r in rs if r["esmEventType"][0] == "modify" and
                    "NAME" in r.get("esmChangedFields", [""])[0].split())
        ours += creates + names
        if creates != want_creates[u]:
            bad.append("%s: %d creates recorded, %d made" %
                       (u, creates, want_creates[u]))
        if not want_names[u] <= names <= want_names[u] + maybe[u]:
            bad.append("%s: %d NAME changes recorded, %d made%s" %
                       (u, names, want_names[u], " and %d perhaps" %
                        maybe[u] if maybe[u] else ""))
        final = None
        for r in rs:
            cn = last_cn(r.get("changes", [""])[0])
            if cn is not None:
                final = cn
        if final != last_set[u]:
            bad.append("%s: the changelog ends with NAME %r, the story set "
                       "%r last" % (u, final, last_set[u]))
        if listed.get(u) != last_set[u]:
            bad.append("%s: LISTUSER shows NAME %r, the story set %r last" %
                       (u, listed.get(u), last_set[u]))
    if len(recs) != ours + extra:
        bad.append("%d records, %d for the story's changes and %d others "
                   "allowed" % (len(recs), ours, extra))

    seen = 0
    if sub is not None:
        got = [int(l.split()[0]) for l in open(sub) if l.strip()]
        seen = len(got)
        if got != sorted(set(got)):
            bad.append("the subscriber saw changes twice or out of order")
        numbers = [int(r["changeNumber"][0]) for r in recs]
        if not got or got != [n for n in numbers if n >= got[0]]:
            bad.append("the subscriber saw %d changes, the changelog holds "
                       "%d from its first" % (len(got), len(
                           [n for n in numbers if got and n >= got[0]])))

    print("changes made %d (users %d), records %d, subscriber saw %d, "
          "problems %d" % (len(made), len(last_set), len(recs), seen,
                           len(bad)))
    for b in bad[:20]:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
