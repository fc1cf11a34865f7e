#!/usr/bin/python3
"""Stories with python3-ldap against a running gateway: paged results and
their cookies, controls, result codes, concurrent clients, several
operations in flight on one connection, and malformed PDUs that must cost
only the connection that sent them.

usage: gateway_clients.py URI ADMIN_DN ADMIN_PW SUFFIX NUSERS
"""
import socket
import sys
import threading

import ldap
from ldap.controls import LDAPControl, SimplePagedResultsControl

from ldapcheck import FAILED, bind, check

URI, ADMIN_DN, ADMIN_PW, SUFFIX, NUSERS = sys.argv[1:6]
NUSERS = int(NUSERS)
PEOPLE = "ou=People," + SUFFIX


def admin():
    return bind(URI, ADMIN_DN, ADMIN_PW)


def expect_error(exc, fn, *args, **kw):
    try:
        fn(*args, **kw)
    except exc as e:
        return e.args[0] if e.args else {}
    return None


def paged_search(c, size, filt="(objectClass=*)", attrs=("uid",)):
    ctl = SimplePagedResultsControl(True, size=size, cookie=b"")
    entries, pages, cookies = [], 0, []
    while True:
        msgid = c.search_ext(PEOPLE, ldap.SCOPE_ONELEVEL, filt, list(attrs),
                             serverctrls=[ctl])
        _, data, _, rctrls = c.result3(msgid)
        pages += 1
        entries += data
        pctl = [x for x in rctrls
                if x.controlType == SimplePagedResultsControl.controlType]
        if not pctl or not pctl[0].cookie:
            return entries, pages, cookies
        cookies.append(pctl[0].cookie)
        ctl.cookie = pctl[0].cookie


def story_paged():
    c = admin()
    entries, pages, cookies = paged_search(c, 4)
    check(len(entries) == NUSERS, "paged search of 4 per page returns all "
          "%d users (got %d)" % (NUSERS, len(entries)))
    check(pages == (NUSERS + 3) // 4 or pages == (NUSERS + 3) // 4 + 1,
          "pages: %d" % pages)
    uids = [e[1]["uid"][0] for e in entries]
    check(len(set(uids)) == len(uids), "no user twice across pages")
    # A cookie already used, or invented, is refused.
    stale = SimplePagedResultsControl(True, size=4, cookie=cookies[0])
    err = expect_error(ldap.UNWILLING_TO_PERFORM, c.search_ext_s, PEOPLE,
                       ldap.SCOPE_ONELEVEL, "(objectClass=*)", ["uid"],
                       serverctrls=[stale])
    check(err is not None, "a spent cookie is refused: %s" %
          (err or {}).get("info"))
    # A cookie presented with a different filter is refused.
    ctl = SimplePagedResultsControl(True, size=2, cookie=b"")
    msgid = c.search_ext(PEOPLE, ldap.SCOPE_ONELEVEL, "(objectClass=*)",
                         ["uid"], serverctrls=[ctl])
    _, _, _, rctrls = c.result3(msgid)
    ctl.cookie = rctrls[0].cookie
    err = expect_error(ldap.UNWILLING_TO_PERFORM, c.search_ext_s, PEOPLE,
                       ldap.SCOPE_ONELEVEL, "(uid=A*)", ["uid"],
                       serverctrls=[ctl])
    check(err is not None, "a cookie for another search is refused")
    c.unbind_s()


def story_controls():
    c = admin()
    crit = LDAPControl("1.2.3.4.5.6.7", True, b"")
    err = expect_error(ldap.UNAVAILABLE_CRITICAL_EXTENSION, c.search_ext_s,
                       PEOPLE, ldap.SCOPE_BASE, "(objectClass=*)",
                       serverctrls=[crit])
    check(err is not None, "unknown critical control: "
          "unavailableCriticalExtension (%s)" % (err or {}).get("info"))
    noncrit = LDAPControl("1.2.3.4.5.6.7", False, b"")
    r = c.search_ext_s(PEOPLE, ldap.SCOPE_BASE, "(objectClass=*)",
                       serverctrls=[noncrit])
    check(len(r) == 1, "unknown non-critical control is ignored")
    check(c.whoami_s() == "dn:" + ADMIN_DN, "whoami names the admin")
    c.unbind_s()


def story_errors():
    c = admin()
    err = expect_error(ldap.NO_SUCH_OBJECT, c.search_s, "uid=NOBODY9," +
                       PEOPLE, ldap.SCOPE_BASE)
    check(err is not None and err.get("matched", "").lower() ==
          PEOPLE.lower(), "noSuchObject with matchedDN %r" %
          (err or {}).get("matched"))
    err = expect_error(ldap.INVALID_DN_SYNTAX, c.search_s, "uid=a,=b",
                       ldap.SCOPE_BASE)
    check(err is not None, "invalidDNSyntax")
    err = expect_error(ldap.INVALID_CREDENTIALS, ldap.initialize(URI)
                       .simple_bind_s, ADMIN_DN, "wrong")
    check(err is not None, "wrong admin password: invalidCredentials")
    anon = ldap.initialize(URI)
    err = expect_error(ldap.INSUFFICIENT_ACCESS, anon.search_s, PEOPLE,
                       ldap.SCOPE_ONELEVEL)
    check(err is not None, "anonymous search: insufficientAccessRights")
    err = expect_error(ldap.OBJECT_CLASS_VIOLATION, c.add_s,
                       "uid=NOCLASS," + PEOPLE, [("uid", [b"NOCLASS"])])
    check(err is not None, "add without objectClass: objectClassViolation")
    c.unbind_s()


def story_concurrent():
    uids = [e[1]["uid"][0].decode() for e in paged_search(admin(), 50)[0]]
    errors = []

    def worker(n):
        try:
            c = admin()
            for i in range(15):
                uid = uids[(n * 7 + i) % len(uids)]
                r = c.search_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=%s)" % uid,
                               ["uid"])
                if len(r) != 1 or r[0][1]["uid"][0].decode() != uid:
                    errors.append("%s -> %r" % (uid, r))
            c.unbind_s()
        except ldap.LDAPError as e:
            errors.append(str(e))
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(not errors, "8 concurrent clients, 15 lookups each: %s" %
          (errors[:3] or "all answered"))


def story_in_flight():
    c = admin()
    slow = c.search_ext(PEOPLE, ldap.SCOPE_ONELEVEL, "(objectClass=*)")
    quick = c.search_ext(SUFFIX, ldap.SCOPE_BASE, "(objectClass=*)")
    c.abandon(slow)
    _, data = c.result(quick)
    check(len(data) == 1, "a second search on the same connection answers "
          "while the first is abandoned")
    r = c.search_s(SUFFIX, ldap.SCOPE_BASE, "(objectClass=*)")
    check(len(r) == 1, "the connection still works after the abandon")
    c.unbind_s()


def raw_exchange(payload):
    host, port = URI[len("ldap://"):].split(":")
    s = socket.create_connection((host, int(port)), timeout=10)
    s.sendall(payload)
    got = b""
    try:
        while True:
            b = s.recv(4096)
            if not b:
                break
            got += b
    except socket.timeout:
        return got, False
    s.close()
    return got, True


def story_malformed():
    notice = b"1.3.6.1.4.1.1466.20036"
    for what, pdu in [
            ("not a SEQUENCE", b"\x04\x03abc"),
            ("indefinite length", b"\x30\x80\x02\x01\x01\x42\x00\x00\x00"),
            ("length over the limit", b"\x30\x84\x7f\xff\xff\xff"),
            ("unknown operation", b"\x30\x06\x02\x01\x01\x7f\x01\x00"),
            ("bind longer than its message", b"\x30\x0c\x02\x01\x01\x60\x09"
             b"\x02\x01\x03"
             b"\x04\x00\x80\x00"),
    ]:
        got, closed = raw_exchange(pdu)
        check(notice in got and closed, "%s: Notice of Disconnection, "
              "connection closed" % what)
    r = admin().search_s(SUFFIX, ldap.SCOPE_BASE, "(objectClass=*)")
    check(len(r) == 1, "the gateway keeps serving other clients")


for story in (story_paged, story_controls, story_errors, story_concurrent,
              story_in_flight, story_malformed):
    print("# " + story.__name__)
    story()
sys.exit(1 if FAILED else 0)
