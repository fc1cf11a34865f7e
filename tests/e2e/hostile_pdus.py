"""Story 039's client side: malformed and hostile PDUs against a running
gateway, each written by hand, each with the precise answer it gets --
a result code, or a Notice of Disconnection and the close -- and after
each a separate well-behaved client still served within 2 seconds.

usage: hostile_pdus.py URI ADMIN_DN ADMIN_PW SUFFIX USER_DN USER_PW
    TLS_GATEWAY_URI"""
import sys
import time

from ldapcheck import FAILED, check
from rawldap import (Raw, served, message, bind, unbind, search, present,
                     equality, nested, add, modify_replace, delete,
                     abandon, extended, passwd_modify, seq, integer, octets,
                     tlv, boolean, enum, WHOAMI, STARTTLS, SUCCESS,
                     OPERATIONS_ERROR, PROTOCOL_ERROR, ADMIN_LIMIT_EXCEEDED,
                     INVALID_ATTRIBUTE_SYNTAX, INVALID_DN_SYNTAX, UNAVAILABLE)

URI, ADMIN_DN, ADMIN_PW, SUFFIX, USER_DN, USER_PW, TLS_URI = sys.argv[1:8]
PEOPLE = "ou=People," + SUFFIX
WHO = extended(WHOAMI)


def others_served(what):
    t = served(URI, ADMIN_DN, ADMIN_PW, SUFFIX)
    check(t is not None and t < 2.0, "%s: another client is served "
          "(%s)" % (what, "%.2fs" % t if t is not None else "not at all"))


def disconnected(what, data, code=PROTOCOL_ERROR, admin=False,
                 text=None, timeout=10):
    """data costs its connection: a notice with code, then the close."""
    c = Raw(URI)
    if admin:
        c.send(message(1, bind(ADMIN_DN, ADMIN_PW)))
        c.read()
    c.send(data)
    got = c.until_closed(timeout)
    c.close()
    ok = (got is not None and len(got) == 1 and got[0].is_notice(code) and
          (text is None or text in got[0].text))
    check(ok, "%s: Notice of Disconnection (%d), connection closed %s" %
          (what, code, got))
    others_served(what)


def answered(what, data, code, msgid=2, admin=False, text=None,
             entries=None):
    """data gets a result with code, and the connection goes on."""
    c = Raw(URI)
    if admin:
        c.send(message(1, bind(ADMIN_DN, ADMIN_PW)))
        check(c.read().code == SUCCESS, "%s: bound" % what)
    c.send(data)
    n = 0
    r = c.read()
    while r is not None and r.tag == 0x64:
        n += 1
        r = c.read()
    ok = (r is not None and r.msgid == msgid and r.code == code and
          (text is None or text in (r.text or "")) and
          (entries is None or n == entries))
    check(ok, "%s: result %d%s %r" % (what, code,
          " with %d entries" % entries if entries is not None else "", r))
    c.send(message(99, WHO))
    r = c.read()
    check(r is not None and r.msgid == 99 and r.code == SUCCESS,
          "%s: the same connection still answers" % what)
    c.close()
    others_served(what)


def story_framing():
    """What cannot be framed as an LDAPMessage costs its connection."""
    who = message(1, WHO)
    disconnected("a SET, not a SEQUENCE", b"\x31" + who[1:])
    disconnected("an OCTET STRING, not a SEQUENCE", b"\x04\x03abc")
    disconnected("indefinite length (0x80)", b"\x30\x80" + who[2:] +
                 b"\x00\x00")
    disconnected("a length in 5 octets (0x85)",
                 b"\x30\x85\x00\x00\x00\x00" + bytes([len(who) - 2]) +
                 who[2:])
    disconnected("a length in 8 octets (0x88)",
                 b"\x30\x88" + (len(who) - 2).to_bytes(8, "big") + who[2:])
    disconnected("a length of 2^31 (0x84)", b"\x30\x84\x80\x00\x00\x00" +
                 who[2:], text="limit")
    disconnected("a length over max-pdu", b"\x30\x83\x10\x00\x00" +
                 who[2:], text="limit")


def story_lying_lengths():
    """Lengths that say less or more than the data."""
    body = integer(1) + seq(integer(3), octets(ADMIN_DN),
                            octets(ADMIN_PW, 0x80), tag=0x60)
    disconnected("a message shorter than the bind inside it",
                 b"\x30" + bytes([len(body) - 4]) + body)
    inner = seq(integer(3), octets(ADMIN_DN), octets(ADMIN_PW, 0x80),
                tag=0x60)
    liar = inner[:1] + bytes([inner[1] + 3]) + inner[2:]
    disconnected("a bind longer than its message",
                 tlv(0x30, integer(1) + liar))
    disconnected("a DN shorter than its bytes",
                 tlv(0x30, integer(1) + tlv(0x60, integer(3) +
                     b"\x04\x02" + ADMIN_DN.encode() +
                     octets(ADMIN_PW, 0x80))))
    # More than is sent, and the client waits: pdu-timeout ends it.
    c = Raw(URI)
    t0 = time.time()
    c.send(b"\x30\x40" + integer(1))
    got = c.until_closed(15)
    check(got is not None and len(got) == 1 and
          got[0].is_notice(UNAVAILABLE) and "pdu-timeout" in got[0].text,
          "a message longer than what is sent: closed after pdu-timeout "
          "(%.1fs) %s" % (time.time() - t0, got))
    others_served("a truncated PDU")
    # A truncated PDU and the client goes away.
    c = Raw(URI)
    c.send(message(1, bind(ADMIN_DN, "x" * 40))[:-10])
    c.close()
    others_served("a truncated PDU and a close")


def story_tags():
    """Wrong protocolOp tags, constructed strings, indefinite inside."""
    disconnected("a bindResponse sent as a request",
                 message(1, seq(enum(0), octets(""), octets(""), tag=0x61)))
    disconnected("an unknown application tag (0x45)",
                 message(1, tlv(0x45)))
    disconnected("a universal tag as protocolOp", message(1, octets("x")))
    disconnected("an indefinite length inside the bind",
                 tlv(0x30, integer(1) + b"\x60\x80" + integer(3) +
                     octets("") + octets("", 0x80) + b"\x00\x00"))
    # RFC 4511 §5.1: OCTET STRINGs in primitive form only.
    disconnected("a constructed OCTET STRING as a search base",
                 message(2, tlv(0x63, tlv(0x24, octets(SUFFIX)) + enum(0) +
                     enum(0) + integer(0) + integer(0) + boolean(False) +
                     present("objectClass") + seq())))


def story_encodings():
    """BER's freedoms RFC 4511 §5.1 leaves and those it does not."""
    who = message(2, WHO)
    # Long forms of length are BER; §5.1 asks only for the definite form.
    answered("a message length in the 0x84 long form",
             b"\x30\x84" + (len(who) - 2).to_bytes(4, "big") + who[2:],
             SUCCESS)
    answered("a message length in the 0x81 form for 10 bytes",
             b"\x30\x81" + who[1:], SUCCESS)
    # X.690 §8.2.2: TRUE is any non-zero octet (0xff is what we send).
    answered("typesOnly TRUE encoded as 0x01",
             message(2, tlv(0x63, octets(SUFFIX) + enum(0) + enum(0) +
                     integer(0) + integer(0) + b"\x01\x01\x01" +
                     present("objectClass") + seq())),
             SUCCESS, admin=True, entries=1)
    # X.690 §8.3.2: an INTEGER is minimal, in BER too.
    disconnected("a message ID with a leading zero octet",
                 tlv(0x30, b"\x02\x02\x00\x02" + WHO))


def story_message_ids():
    disconnected("message ID 0", message(0, WHO))
    disconnected("a negative message ID", message(-5, WHO))
    disconnected("message ID 2^31, in 5 octets", message(2 ** 31, WHO))
    answered("message ID 2^31-1", message(2 ** 31 - 1, WHO), SUCCESS,
             msgid=2 ** 31 - 1)


def story_limits():
    """Well-formed requests over a limit: adminLimitExceeded, the
    connection goes on."""
    for kind in ("and", "or", "not"):
        answered("a filter of %s nested 10000 deep" % kind,
                 message(2, search(SUFFIX, nested(kind, 10000))),
                 ADMIN_LIMIT_EXCEEDED, text="nests too deep")
    answered("a filter of 5000 items",
             message(2, search(SUFFIX, seq(*[equality("uid", "U%d" % i)
                                             for i in range(5000)],
                                           tag=0xa1))),
             ADMIN_LIMIT_EXCEEDED, text="too many items")
    answered("5000 attributes in a search's list",
             message(2, search(SUFFIX, present("objectClass"),
                               ["a%d" % i for i in range(5000)])),
             ADMIN_LIMIT_EXCEEDED, text="more than 1000 attributes")
    answered("an add of 20000 values",
             message(2, add("uid=HUGE," + PEOPLE,
                            [("objectClass", ["racfUser"]),
                             ("description", ["v%d" % i
                                              for i in range(20000)])])),
             ADMIN_LIMIT_EXCEEDED, admin=True, text="more than 10000 values")
    answered("an add of 2000 attributes",
             message(2, add("uid=HUGE," + PEOPLE,
                            [("a%d" % i, ["v"]) for i in range(2000)])),
             ADMIN_LIMIT_EXCEEDED, admin=True,
             text="more than 1000 attributes")
    answered("100 controls",
             message(2, WHO, seq(*[seq(octets("1.2.3.%d" % i))
                                   for i in range(100)], tag=0xa0)),
             ADMIN_LIMIT_EXCEEDED, text="more than 32 controls")


def story_bind_over_limit():
    """A bind over a limit fails as any bind does: the connection that
    was bound as the admin is anonymous after it."""
    c = Raw(URI)
    c.send(message(1, bind(ADMIN_DN, ADMIN_PW)))
    check(c.read().code == SUCCESS, "a bind over a limit: bound first")
    c.send(message(2, bind(ADMIN_DN, ADMIN_PW),
                   seq(*[seq(octets("1.2.3.%d" % i)) for i in range(100)],
                       tag=0xa0)))
    r = c.read()
    check(r is not None and r.msgid == 2 and
          r.code == ADMIN_LIMIT_EXCEEDED,
          "a bind with 100 controls: adminLimitExceeded %r" % r)
    c.send(message(3, WHO))
    r = c.read()
    check(r is not None and r.code == SUCCESS and not r.value,
          "after a bind over a limit the connection is anonymous "
          "(Who am I? says %r)" % (r and r.value))
    c.close()
    others_served("a bind over a limit")


def story_bad_strings():
    """Invalid UTF-8 and NUL where LDAP wants UTF-8 strings."""
    answered("a search base that is not UTF-8",
             message(2, search(b"uid=\xff\xfe," + PEOPLE.encode(),
                               present("objectClass"))),
             INVALID_DN_SYNTAX, admin=True)
    answered("a bind DN that is not UTF-8",
             message(2, bind(b"uid=\xc3\x28," + PEOPLE.encode(), "x")),
             INVALID_DN_SYNTAX)
    answered("a DN with a NUL inside",
             message(2, delete(b"uid=A\x00B," + PEOPLE.encode())),
             INVALID_DN_SYNTAX, admin=True, text="NUL")
    answered("a filter value that is not UTF-8",
             message(2, search(PEOPLE, equality("cn", b"\xff\xff"),
                               scope=2)),
             SUCCESS, admin=True, entries=0)
    answered("an add with a value that is not UTF-8",
             message(2, add("uid=BADUTF," + PEOPLE,
                            [("objectClass", ["racfUser"]),
                             ("cn", [b"J\xffOE"])])),
             INVALID_ATTRIBUTE_SYNTAX, admin=True)
    answered("a modify with a value that is not UTF-8",
             message(2, modify_replace(USER_DN, "cn", [b"\xed\xa0\x80"])),
             INVALID_ATTRIBUTE_SYNTAX, admin=True)
    # The diagnostic quoting the client's bytes is UTF-8 still, and
    # a line end in them forges no log line.
    answered("an extended operation with a garbage OID",
             message(2, extended(b"1.2.\xff\nconn=1 op=1 FORGED")),
             PROTOCOL_ERROR, text="is not supported")


def story_sequence():
    """Operations in an order the protocol does not allow."""
    c = Raw(URI)
    c.send(message(1, unbind()) + message(2, WHO))
    got = c.until_closed(10)
    check(got == [], "a request after unbind on the same socket: no "
          "answer, connection closed %s" % got)
    c.close()
    others_served("a request after unbind")
    # A bind in progress blocks the connection (RFC 4511 §4.2.1): the
    # second bind is read once the first is answered, and both are.
    c = Raw(URI)
    c.send(message(1, bind(USER_DN, USER_PW)) +
           message(2, bind(ADMIN_DN, ADMIN_PW)) + message(3, WHO))
    got = [c.read(), c.read(), c.read()]
    check([(r.msgid, r.code) if r else None for r in got] ==
          [(1, SUCCESS), (2, SUCCESS), (3, SUCCESS)],
          "a second bind while a bind is in progress: answered in "
          "order %s" % got)
    c.close()
    answered("an abandon of an unknown message ID",
             message(5, abandon(12345)) + message(2, WHO), SUCCESS)
    answered("an abandon of message ID 0",
             message(5, abandon(0)) + message(2, WHO), SUCCESS)


def story_starttls():
    """StartTLS with an operation outstanding (RFC 4511 §4.14.1)."""
    c = Raw(TLS_URI)
    c.send(message(1, bind(ADMIN_DN, ADMIN_PW)))
    check(c.read().code == SUCCESS, "StartTLS: bound")
    c.send(message(2, search(PEOPLE, present("objectClass"), ["cn"],
                             scope=2)) +
           message(3, extended(STARTTLS)))
    got = {}
    for _ in range(400):
        r = c.read()
        if r is None:
            break
        if r.tag != 0x64:
            got[r.msgid] = r
        if len(got) == 2:
            break
    check(3 in got and got[3].code == OPERATIONS_ERROR and
          "in progress" in got[3].text,
          "StartTLS with a search outstanding: operationsError %s" %
          got.get(3))
    check(2 in got and got[2].code == SUCCESS,
          "the outstanding search ends normally")
    c.send(message(4, WHO))
    r = c.read()
    check(r is not None and r.msgid == 4 and r.code == SUCCESS,
          "the connection goes on in clear text")
    c.close()


for story in (story_framing, story_lying_lengths, story_tags,
              story_encodings, story_message_ids, story_limits,
              story_bind_over_limit,
              story_bad_strings, story_sequence, story_starttls):
    print("# " + story.__name__)
    story()
sys.exit(1 if FAILED else 0)
