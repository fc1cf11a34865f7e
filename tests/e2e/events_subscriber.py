#!/usr/bin/python3
"""A subscriber to the gateway's changelog: a persistent search on BASE
(changesOnly, with entry change notifications) that writes one line per
change it receives, "CHANGENUMBER DN", to OUT as it comes, and ends once
it has WANT of them (exit 0) or after SECONDS (exit 1).

usage: events_subscriber.py URI DN PASSWORD BASE OUT WANT SECONDS
"""
import sys
import time

import ldap
from ldap.controls.psearch import (EntryChangeNotificationControl,
                                   PersistentSearchControl)

from ldapcheck import bind

URI, DN, PW, BASE, OUT = sys.argv[1:6]
WANT, SECONDS = int(sys.argv[6]), float(sys.argv[7])


def main():
    c = bind(URI, DN, PW)
    ps = PersistentSearchControl(criticality=True, changesOnly=True,
                                 returnECs=True)
    msgid = c.search_ext(BASE, ldap.SCOPE_SUBTREE, "(objectClass=*)",
                         ["changeNumber"], serverctrls=[ps])
    got, end = 0, time.time() + SECONDS
    with open(OUT, "w") as out:
        while got < WANT and time.time() < end:
            try:
                # An entry's own controls come back with add_ctrls.
                rtype, data, _, _, _, _ = c.result4(
                    msgid, all=0, timeout=max(0.1, end - time.time()),
                    add_ctrls=1, resp_ctrl_classes={
                        EntryChangeNotificationControl.controlType:
                        EntryChangeNotificationControl})
            except ldap.TIMEOUT:
                break
            if rtype != ldap.RES_SEARCH_ENTRY:
                print("the persistent search ended: %r" % rtype)
                return 1
            for dn, _, ctrls in data:
                number = [x.changeNumber for x in ctrls if isinstance(
                    x, EntryChangeNotificationControl)]
                out.write("%s %s\n" % (number[0] if number else "?", dn))
                out.flush()
                got += 1
    print("subscriber: %d of %d changes" % (got, WANT))
    return 0 if got == WANT else 1


if __name__ == "__main__":
    sys.exit(main())
