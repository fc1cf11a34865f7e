#!/usr/bin/python3
"""Subscriptions under access rules, with python3-ldap: a persistent
search of the users, one of cn=changelog, and a content synchronization
of the suffix, opened by an identity the rules allow or refuse.

usage: acl_subscribers.py URI DN PASSWORD SUFFIX allowed|refused
"""
import sys

import ldap
from ldap.controls.psearch import PersistentSearchControl
from ldap.syncrepl import SyncRequestControl

from ldapcheck import FAILED, bind, check

URI, DN, PW, SUFFIX, WANT = sys.argv[1:6]
PEOPLE = "ou=People," + SUFFIX


def outcome(c, msgid, persistent):
    """'refused', 'open' (no end: persisting) or 'done', and the DNs of
    the entries that came back (lower case)."""
    dns = []
    try:
        while True:
            rtype, rdata, _, _ = c.result3(msgid, all=0, timeout=2)
            dns += [dn.lower() for dn, _ in rdata or []
                    if isinstance(dn, str)]
            if rtype == ldap.RES_SEARCH_RESULT:
                return "done", dns
    except ldap.INSUFFICIENT_ACCESS:
        return "refused", dns
    except ldap.TIMEOUT:
        return ("open" if persistent else "timeout"), dns


def psearch(base):
    c = bind(URI, DN, PW)
    ps = PersistentSearchControl(criticality=True, changesOnly=False,
                                 returnECs=True)
    msgid = c.search_ext(base, ldap.SCOPE_SUBTREE, "(objectClass=*)",
                         ["1.1"], serverctrls=[ps])
    got = outcome(c, msgid, True)
    c.unbind_s()
    return got


def sync():
    c = bind(URI, DN, PW)
    ctl = SyncRequestControl(criticality=True, mode="refreshOnly")
    msgid = c.search_ext(PEOPLE, ldap.SCOPE_ONELEVEL, "(objectClass=*)",
                         ["uid"], serverctrls=[ctl])
    got = outcome(c, msgid, False)
    c.unbind_s()
    return got


def main():
    allowed = WANT == "allowed"
    want_ps = "open" if allowed else "refused"
    want_sync = "done" if allowed else "refused"
    own = DN.lower()
    got, dns = psearch(PEOPLE)
    check(got == want_ps, "%s: a persistent search of %s is %s (%s)" %
          (DN, PEOPLE, want_ps, got))
    check((own in dns) == allowed, "%s: the persistent search's first "
          "phase %s its own entry (got %s)" %
          (DN, "sends" if allowed else "sends not", dns))
    got, dns = psearch("cn=changelog")
    check(got == want_ps, "%s: a persistent search of cn=changelog is %s "
          "(%s)" % (DN, want_ps, got))
    got, dns = sync()
    check(got == want_sync, "%s: a content synchronization of %s is %s "
          "(%s)" % (DN, PEOPLE, want_sync, got))
    check((own in dns) == allowed, "%s: the synchronization's refresh %s "
          "its own entry (got %s)" %
          (DN, "sends" if allowed else "sends not", dns))
    sys.exit(1 if FAILED else 0)


main()
