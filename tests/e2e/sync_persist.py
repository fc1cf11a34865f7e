#!/usr/bin/python3
"""A replica kept by RFC 4533 refreshAndPersist: it refreshes BASE,
says so in READY (a file it creates), then applies each change it
receives until it has WANT of them (exit 0) or SECONDS passed (exit 1),
and writes its copy, "UID NAME" per entry, to OUT.  With FILTER the
replica holds only the entries that match it.

usage: sync_persist.py URI DN PASSWORD BASE READY OUT WANT SECONDS [FILTER]
"""
import sys
import time

import ldap
import ldap.syncrepl
from ldap.ldapobject import SimpleLDAPObject

URI, DN, PW, BASE, READY, OUT = sys.argv[1:7]
WANT, SECONDS = int(sys.argv[7]), float(sys.argv[8])
FILTER = sys.argv[9] if len(sys.argv) > 9 else "(objectClass=*)"


class Replica(ldap.syncrepl.SyncreplConsumer, SimpleLDAPObject):
    def __init__(self):
        SimpleLDAPObject.__init__(self, URI)
        self.protocol_version = 3
        self.simple_bind_s(DN, PW)
        self.cookie = None
        self.entries = {}
        self.changes = 0
        self.done = False

    def syncrepl_get_cookie(self):
        return self.cookie

    def syncrepl_set_cookie(self, cookie):
        self.cookie = cookie

    def syncrepl_entry(self, dn, attrs, uuid):
        self.entries[uuid] = (dn, attrs)
        if self.done:
            self.changes += 1

    def syncrepl_delete(self, uuids):
        for u in uuids:
            self.entries.pop(u, None)
        if self.done:
            self.changes += len(uuids)

    def syncrepl_present(self, uuids, refreshDeletes=False):
        pass

    def syncrepl_refreshdone(self):
        self.done = True
        open(READY, "w").close()


def main():
    r = Replica()
    msgid = r.syncrepl_search(BASE, ldap.SCOPE_ONELEVEL,
                              mode="refreshAndPersist", filterstr=FILTER,
                              attrlist=["uid", "cn"])
    end = time.time() + SECONDS
    while r.changes < WANT and time.time() < end:
        try:
            r.syncrepl_poll(msgid=msgid, timeout=max(0.1, end - time.time()))
        except ldap.TIMEOUT:
            break
    with open(OUT, "w") as out:
        for dn, attrs in sorted(r.entries.values()):
            out.write("%s %s\n" % (attrs["uid"][0].decode(),
                                   attrs["cn"][0].decode()))
    print("replica: %d of %d changes, cookie %s" % (r.changes, WANT,
                                                     r.cookie))
    return 0 if r.changes == WANT else 1


if __name__ == "__main__":
    sys.exit(main())
