#!/usr/bin/python3
"""Persistent searches with python3-ldap against a running gateway: the
first phase and then an open search that sends no SearchResultDone, one
that skips the first phase (changesOnly), abandon, and the requests the
gateway refuses with their result codes.

usage: psearch_clients.py URI ADMIN_DN ADMIN_PW SUFFIX USERID ESMCTL CONF
"""
import subprocess
import sys
import time

import ldap
from ldap.controls import LDAPControl
from ldap.controls.psearch import PersistentSearchControl
from ldap.controls import SimplePagedResultsControl

from ldapcheck import FAILED, bind, check

URI, ADMIN_DN, ADMIN_PW, SUFFIX, USERID, ESMCTL, CONF = sys.argv[1:8]
PEOPLE = "ou=People," + SUFFIX


def admin():
    return bind(URI, ADMIN_DN, ADMIN_PW)


class RawControl(LDAPControl):
    """A control whose value is given as bytes, malformed or not."""

    def __init__(self, oid, value):
        LDAPControl.__init__(self, oid, True)
        self.raw = value

    def encodeControlValue(self):
        return self.raw


def status_line():
    out = subprocess.run([ESMCTL, "-f", CONF, "status"], capture_output=True,
                         check=False).stdout.decode()
    return [l for l in out.splitlines() if l.startswith("persistent-")]


def open_count():
    line = status_line()
    return int(line[0].split()[1]) if line else -1


def first_phase_then_open():
    c = admin()
    ps = PersistentSearchControl(criticality=True, changesOnly=False,
                                 returnECs=True)
    msgid = c.search_ext(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=%s)" % USERID,
                         ["uid"], serverctrls=[ps])
    rtype, data, _, _ = c.result3(msgid, all=0, timeout=10)
    check(rtype == ldap.RES_SEARCH_ENTRY and data and
          data[0][0].lower() == ("uid=%s,%s" % (USERID, PEOPLE)).lower(),
          "the first phase sends %s" % USERID)
    try:
        rtype, data, _, _ = c.result3(msgid, all=0, timeout=1.5)
        check(False, "no SearchResultDone while persistent, got %r" % rtype)
    except ldap.TIMEOUT:
        check(True, "the search stays open after its first phase")
    check(open_count() == 1, "esmctl status counts one persistent search")
    c.abandon(msgid)
    time.sleep(0.3)
    check(open_count() == 0, "abandon closes it")
    # The connection still serves other operations.
    r = c.search_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=%s)" % USERID, ["uid"])
    check(len(r) == 1, "the connection goes on after the abandon")
    c.unbind_s()


def changes_only():
    c = admin()
    ps = PersistentSearchControl(criticality=True, changesOnly=True,
                                 returnECs=False)
    msgid = c.search_ext(PEOPLE, ldap.SCOPE_SUBTREE, "(objectClass=*)",
                         ["uid"], serverctrls=[ps])
    try:
        c.result3(msgid, all=0, timeout=1.5)
        check(False, "changesOnly sends nothing first")
    except ldap.TIMEOUT:
        check(True, "changesOnly: no entries first, the search waits")
    check(open_count() == 1, "one persistent search open")
    # Closing the connection ends it.
    c.unbind_s()
    time.sleep(0.3)
    check(open_count() == 0, "unbind closes it")


def refused():
    c = admin()
    ps = PersistentSearchControl(criticality=True)
    pr = SimplePagedResultsControl(True, size=10, cookie=b"")
    try:
        c.search_ext_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=*)", ["uid"],
                       serverctrls=[ps, pr])
        check(False, "paged and persistent together are refused")
    except ldap.UNWILLING_TO_PERFORM as e:
        check("cannot be paged" in e.args[0].get("info", ""),
              "paged and persistent together: unwillingToPerform")
    try:
        c.search_ext_s("", ldap.SCOPE_BASE, "(objectClass=*)", ["+"],
                       serverctrls=[ps])
        check(False, "a persistent search of the root DSE is refused")
    except ldap.UNWILLING_TO_PERFORM:
        check(True, "the root DSE: unwillingToPerform")
    bad = RawControl("2.16.840.1.113730.3.4.3", b"\x30\x03\x02\x01")
    try:
        c.search_ext_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=*)", ["uid"],
                       serverctrls=[bad])
        check(False, "a malformed control value is refused")
    except ldap.PROTOCOL_ERROR:
        check(True, "a malformed control value: protocolError")
    try:
        c.search_ext_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=*)", ["uid"],
                       serverctrls=[RawControl("2.16.840.1.113730.3.4.3",
                                               None)])
        check(False, "a control without a value is refused")
    except ldap.PROTOCOL_ERROR as e:
        check("needs a value" in e.args[0].get("info", ""),
              "no value: protocolError, needs a value")
    zero = RawControl("2.16.840.1.113730.3.4.3",
                      b"\x30\x09\x02\x01\x00\x01\x01\x00\x01\x01\x00")
    try:
        c.search_ext_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=*)", ["uid"],
                       serverctrls=[zero])
        check(False, "changeTypes 0 is refused")
    except ldap.PROTOCOL_ERROR as e:
        check("1 to 15" in e.args[0].get("info", ""),
              "changeTypes 0: protocolError, 1 to 15 (%s)" % e.args[0])
    c.unbind_s()
    anon = ldap.initialize(URI)
    anon.protocol_version = 3
    try:
        anon.search_ext_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=*)", ["uid"],
                          serverctrls=[ps])
        check(False, "anonymous persistent searches are refused")
    except ldap.INSUFFICIENT_ACCESS:
        check(True, "anonymous: insufficientAccess")
    check(open_count() == 0, "none left open")


def limit():
    """The gateway is configured with psearch-max 2."""
    conns, msgids = [], []
    for _ in range(2):
        c = admin()
        ps = PersistentSearchControl(criticality=True, changesOnly=True)
        msgids.append(c.search_ext(PEOPLE, ldap.SCOPE_SUBTREE,
                                   "(objectClass=*)", ["uid"],
                                   serverctrls=[ps]))
        conns.append(c)
    time.sleep(0.3)
    c = admin()
    try:
        c.search_ext_s(PEOPLE, ldap.SCOPE_SUBTREE, "(objectClass=*)",
                       ["uid"], serverctrls=[PersistentSearchControl(
                           criticality=True, changesOnly=True)])
        check(False, "a third persistent search is refused")
    except ldap.ADMINLIMIT_EXCEEDED as e:
        check("psearch-max" in e.args[0].get("info", ""),
              "the third: adminLimitExceeded, psearch-max")
    for c in conns:
        c.unbind_s()


def main():
    first_phase_then_open()
    changes_only()
    refused()
    limit()
    return 1 if FAILED else 0


sys.exit(main())
