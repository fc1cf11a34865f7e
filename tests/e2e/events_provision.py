#!/usr/bin/python3
"""Provisioning through the gateway: COUNT modifies of cn (RACF's NAME)
over USERS, with up to 8 in flight, each value unique ("U01 P17").  One
line per answer is written to OUT as it comes: "RC USERID VALUE TEXT".

usage: events_provision.py URI DN PASSWORD SUFFIX USERS COUNT OUT
USERS is comma separated.
"""
import sys

import ldap

from ldapcheck import bind

URI, DN, PW, SUFFIX, USERS, COUNT, OUT = sys.argv[1:8]
INFLIGHT = 8


def main():
    users = USERS.split(",")
    c = bind(URI, DN, PW)
    pending, sent, done = {}, 0, 0
    with open(OUT, "w") as out:
        while done < int(COUNT):
            while sent < int(COUNT) and len(pending) < INFLIGHT:
                u = users[sent % len(users)]
                value = "%s P%d" % (u, sent + 1)
                msgid = c.modify_ext(
                    "uid=%s,ou=People,%s" % (u, SUFFIX),
                    [(ldap.MOD_REPLACE, "cn", [value.encode()])])
                pending[msgid] = (u, value)
                sent += 1
            try:
                _, _, msgid, _ = c.result3(ldap.RES_ANY, all=1, timeout=60)
                rc, text = 0, ""
            except ldap.LDAPError as e:
                info = e.args[0] if e.args and isinstance(e.args[0], dict) \
                    else {}
                msgid = info.get("msgid")
                rc = info.get("result", -1)
                text = info.get("info", str(e))
            if msgid not in pending:
                print("an answer to no modify: %r" % (msgid,))
                return 1
            u, value = pending.pop(msgid)
            out.write("%d %s %s %s\n" % (rc, u, value.replace(" ", "_"),
                                         text))
            out.flush()
            done += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
