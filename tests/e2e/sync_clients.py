#!/usr/bin/python3
"""Content synchronization (RFC 4533) with python3-ldap's syncrepl
consumer against a running gateway whose changelog holds three changes:
a full refresh and its cookie, a refresh from an older cookie that
brings only the changed entry and the deleted one, a refresh from the
newest cookie that brings nothing, cookies the gateway cannot serve,
refreshAndPersist staying open, and what the gateway refuses.

usage: sync_clients.py URI ADMIN_DN ADMIN_PW SUFFIX NUSERS CHANGED GONE ESMCTL CONF
"""
import subprocess
import sys

import ldap
import ldap.syncrepl
from ldap.ldapobject import SimpleLDAPObject
from ldap.controls import SimplePagedResultsControl
from ldap.syncrepl import SyncRequestControl

from ldapcheck import FAILED, check

(URI, ADMIN_DN, ADMIN_PW, SUFFIX, NUSERS, CHANGED, GONE, ESMCTL,
 CONF) = sys.argv[1:10]
NUSERS = int(NUSERS)
PEOPLE = "ou=People," + SUFFIX
EPOCH_CSN = "csn=20000101000000.%06dZ#000000#000#000000"


class Consumer(ldap.syncrepl.SyncreplConsumer, SimpleLDAPObject):
    """Keeps what a consumer would: entries by UUID, deletes, cookie."""

    def __init__(self, cookie=None):
        SimpleLDAPObject.__init__(self, URI)
        self.protocol_version = 3
        self.simple_bind_s(ADMIN_DN, ADMIN_PW)
        self.cookie = cookie
        self.entries = {}
        self.deleted = []
        self.refresh_done = False

    def syncrepl_get_cookie(self):
        return self.cookie

    def syncrepl_set_cookie(self, cookie):
        self.cookie = cookie

    def syncrepl_entry(self, dn, attrs, uuid):
        self.entries[uuid] = (dn, attrs)

    def syncrepl_delete(self, uuids):
        self.deleted.extend(uuids)

    def syncrepl_present(self, uuids, refreshDeletes=False):
        pass

    def syncrepl_refreshdone(self):
        self.refresh_done = True

    def run(self, mode="refreshOnly"):
        msgid = self.syncrepl_search(PEOPLE, ldap.SCOPE_ONELEVEL, mode=mode,
                                     attrlist=["uid", "cn"])
        if mode == "refreshOnly":
            while self.syncrepl_poll(msgid=msgid, all=1, timeout=30):
                pass
        return msgid


def dns(c):
    return sorted(dn.lower() for dn, _ in c.entries.values())


def open_count():
    out = subprocess.run([ESMCTL, "-f", CONF, "status"], capture_output=True,
                         check=False).stdout.decode()
    line = [l for l in out.splitlines() if l.startswith("persistent-")]
    return int(line[0].split()[1]) if line else -1


def refresh_stories():
    full = Consumer()
    full.run()
    check(len(full.entries) == NUSERS, "a full refresh sends every user "
          "(%d of %d)" % (len(full.entries), NUSERS))
    check(full.cookie is not None and full.cookie.endswith(
        "000003Z#000000#000#000000"), "its cookie names change 3: %s" %
          full.cookie)
    check(not full.deleted, "a full refresh deletes nothing")
    uuids = list(full.entries)
    check(len(set(uuids)) == len(uuids), "one UUID per entry")
    again = Consumer()
    again.run()
    check(sorted(again.entries) == sorted(full.entries),
          "the same entries keep the same UUIDs")

    older = Consumer(EPOCH_CSN % 0)
    older.run()
    check(dns(older) == [("uid=%s,%s" % (CHANGED, PEOPLE)).lower()],
          "from change 0: only the changed entry, %s" % dns(older))
    check(len(older.deleted) == 1, "and the deleted one as a delete")
    check(older.cookie == full.cookie, "the same cookie after")
    gone_uuid = older.deleted[0] if older.deleted else None
    check(gone_uuid not in full.entries, "the deleted entry was not in "
          "the content")

    newest = Consumer(full.cookie)
    newest.run()
    check(not newest.entries and not newest.deleted,
          "from the newest cookie: nothing")

    # The cookies of OpenLDAP consumers: rid kept, several CSNs.
    slapd = Consumer("rid=042,sid=001,csn=" + (EPOCH_CSN % 1)[4:] + ";" +
                     (EPOCH_CSN % 2)[4:])
    slapd.run()
    check(not slapd.entries and len(slapd.deleted) == 0,
          "from change 2 (the highest CSN): nothing in scope changed after")
    check(slapd.cookie is not None and slapd.cookie.startswith("rid=042,"),
          "the consumer's rid comes back: %s" % slapd.cookie)
    first = Consumer("rid=007")
    first.run()
    check(len(first.entries) == NUSERS, "a cookie without csn: a full "
          "refresh")


def refresh_required():
    for cookie, what in ((EPOCH_CSN % 1000, "a cookie from the future"),
                         ("nonsense", "a cookie of another kind")):
        c = Consumer(cookie)
        try:
            c.run()
            check(False, "%s is refused" % what)
        except ldap.LDAPError as e:
            check(e.args[0].get("result") == 4096,
                  "%s: e-syncRefreshRequired (%s)" % (what, e.args[0]))


def persist():
    c = Consumer()
    msgid = c.run("refreshAndPersist")
    try:
        while not c.refresh_done:
            c.syncrepl_poll(msgid=msgid, timeout=10)
        check(True, "refreshAndPersist: the refresh ends with a Sync Info")
    except ldap.TIMEOUT:
        check(False, "refreshAndPersist: no Sync Info within 10 s")
    check(len(c.entries) == NUSERS, "and sent every user first")
    try:
        c.syncrepl_poll(msgid=msgid, timeout=1.5)
        check(False, "no result while persisting")
    except ldap.TIMEOUT:
        check(True, "then it stays open")
    check(open_count() == 1, "esmctl counts it among persistent searches")
    c.unbind_s()


def refused():
    c = Consumer()
    req = SyncRequestControl(mode="refreshOnly")
    pr = SimplePagedResultsControl(True, size=10, cookie=b"")
    try:
        c.search_ext_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=*)", ["uid"],
                       serverctrls=[req, pr])
        check(False, "sync and paged results together are refused")
    except ldap.UNWILLING_TO_PERFORM:
        check(True, "sync with paged results: unwillingToPerform")
    try:
        c.search_ext_s("cn=changelog", ldap.SCOPE_ONELEVEL,
                       "(objectClass=*)", ["changeNumber"],
                       serverctrls=[req])
        check(False, "sync of cn=changelog is refused")
    except ldap.UNWILLING_TO_PERFORM as e:
        check("changelog" in e.args[0].get("info", ""),
              "sync of cn=changelog: unwillingToPerform")


def main():
    refresh_stories()
    refresh_required()
    persist()
    refused()
    return 1 if FAILED else 0


sys.exit(main())
