"""A raw LDAP client for the hostile-input stories: a tiny BER encoder
that can also write what no library would (lying lengths, wrong tags,
long forms), a socket, and responses decoded just enough to read their
message ID, tag, result code and text."""
import socket
import time

import ldap

NOTICE = "1.3.6.1.4.1.1466.20036"
STARTTLS = "1.3.6.1.4.1.1466.20037"
WHOAMI = "1.3.6.1.4.1.4203.1.11.3"
PASSWD = "1.3.6.1.4.1.4203.1.11.1"

# Result codes (RFC 4511 appendix A)
SUCCESS, OPERATIONS_ERROR, PROTOCOL_ERROR = 0, 1, 2
ADMIN_LIMIT_EXCEEDED, INVALID_ATTRIBUTE_SYNTAX = 11, 21
NO_SUCH_OBJECT, INVALID_DN_SYNTAX = 32, 34
INSUFFICIENT_ACCESS, BUSY, UNAVAILABLE = 50, 51, 52


# Encoding.

def length(n):
    """Definite length, the shortest form."""
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content=b""):
    return bytes([tag]) + length(len(content)) + content


def integer(v, tag=0x02):
    n = 1
    while not -(1 << (8 * n - 1)) <= v < (1 << (8 * n - 1)):
        n += 1
    return tlv(tag, v.to_bytes(n, "big", signed=True))


def enum(v):
    return integer(v, 0x0a)


def octets(s, tag=0x04):
    return tlv(tag, s.encode() if isinstance(s, str) else s)


def boolean(v):
    return tlv(0x01, b"\xff" if v else b"\x00")


def seq(*items, tag=0x30):
    return tlv(tag, b"".join(items))


def message(msgid, op, controls=None):
    return seq(integer(msgid), op, *([controls] if controls else []))


def bind(dn, password):
    return seq(integer(3), octets(dn), octets(password, 0x80), tag=0x60)


def unbind():
    return tlv(0x42)


def search(base, filt, attrs=(), scope=0, typesonly=False):
    return seq(octets(base), enum(scope), enum(0), integer(0), integer(0),
               boolean(typesonly), filt, seq(*[octets(a) for a in attrs]),
               tag=0x63)


def present(attr):
    return octets(attr, 0x87)


def equality(attr, value):
    return seq(octets(attr), octets(value), tag=0xa3)


def and_(*f):
    return seq(*f, tag=0xa0)


def or_(*f):
    return seq(*f, tag=0xa1)


def not_(f):
    return tlv(0xa2, f)


def nested(kind, depth, inner=None):
    """A filter nested depth times in kind ("and", "or", "not")."""
    f = inner if inner is not None else present("objectClass")
    wrap = {"and": and_, "or": or_, "not": not_}[kind]
    for _ in range(depth):
        f = wrap(f)
    return f


def add(dn, attrs):
    return seq(octets(dn), seq(*[
        seq(octets(t), seq(*[octets(v) for v in vals], tag=0x31))
        for t, vals in attrs]), tag=0x68)


def modify_replace(dn, attr, vals):
    return seq(octets(dn), seq(seq(enum(2), seq(octets(attr), seq(
        *[octets(v) for v in vals], tag=0x31)))), tag=0x66)


def delete(dn):
    return octets(dn, 0x4a)


def abandon(msgid):
    return integer(msgid, 0x50)


def extended(oid, value=None):
    items = [octets(oid, 0x80)]
    if value is not None:
        items.append(octets(value, 0x81))
    return seq(*items, tag=0x77)


def passwd_modify(user=None, old=None, new=None):
    parts = []
    for tag, v in ((0x80, user), (0x81, old), (0x82, new)):
        if v is not None:
            parts.append(octets(v, tag))
    return extended(PASSWD, seq(*parts))


# Decoding.

def read_tlv(buf, pos):
    """(tag, start of contents, end of contents) at pos, or None when
    buf does not hold the whole element yet."""
    if len(buf) < pos + 2:
        return None
    tag, n = buf[pos], buf[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7f
        if len(buf) < pos + k:
            return None
        n = int.from_bytes(buf[pos:pos + k], "big")
        pos += k
    if len(buf) < pos + n:
        return None
    return tag, pos, pos + n


class Response:
    """One LDAPMessage from the gateway."""

    def __init__(self, pdu):
        _, s, e = read_tlv(pdu, 0)
        _, a, b = read_tlv(pdu, s)
        self.msgid = int.from_bytes(pdu[a:b], "big", signed=True)
        self.tag, s, e = read_tlv(pdu, b)
        self.code = self.text = self.name = self.value = None
        if self.tag in (0x61, 0x65, 0x67, 0x69, 0x6b, 0x6d, 0x6f, 0x78):
            _, a, b = read_tlv(pdu, s)
            self.code = int.from_bytes(pdu[a:b], "big")
            _, a, b = read_tlv(pdu, b)        # matchedDN
            _, a, b = read_tlv(pdu, b)        # diagnosticMessage
            self.text = pdu[a:b].decode("utf-8")
            while b < e:
                tag, a, b = read_tlv(pdu, b)
                if tag == 0x8a:
                    self.name = pdu[a:b].decode()
                elif tag == 0x8b:
                    self.value = pdu[a:b]

    def is_notice(self, code=PROTOCOL_ERROR):
        return (self.msgid == 0 and self.tag == 0x78 and
                self.name == NOTICE and self.code == code)

    def __repr__(self):
        return "<msgid %d tag 0x%02x code %s text %r>" % (
            self.msgid, self.tag, self.code, self.text)


class Raw:
    """One connection to the gateway, writing bytes as given."""

    def __init__(self, uri, source=None, rcvbuf=None, timeout=10):
        host, port = uri[len("ldap://"):].split(":")
        self.s = socket.socket()
        if rcvbuf is not None:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if source is not None:
            self.s.bind((source, 0))
        self.s.settimeout(timeout)
        self.s.connect((host, int(port)))
        self.buf = b""
        self.eof = False

    def send(self, data):
        self.s.sendall(data)

    def read(self, timeout=10):
        """The next response, or None when the gateway closed first or
        said nothing for timeout seconds."""
        end = time.time() + timeout
        while True:
            t = read_tlv(self.buf, 0) if self.buf else None
            if t is not None:
                pdu, self.buf = self.buf[:t[2]], self.buf[t[2]:]
                return Response(pdu)
            if self.eof or time.time() >= end:
                return None
            self.s.settimeout(max(0.01, end - time.time()))
            try:
                b = self.s.recv(65536)
            except socket.timeout:
                return None
            except ConnectionResetError:
                b = b""
            if not b:
                self.eof = True
            self.buf += b

    def until_closed(self, timeout=10):
        """Every response up to the close; None if still open after
        timeout seconds."""
        got = []
        end = time.time() + timeout
        while time.time() < end:
            r = self.read(end - time.time())
            if r is not None:
                got.append(r)
            elif self.eof:
                return got
        return None

    def close(self):
        self.s.close()


def served(uri, dn, password, base):
    """Seconds a fresh well-behaved client takes to bind and read base,
    or None when it does not get the entry."""
    t0 = time.time()
    c = ldap.initialize(uri)
    c.set_option(ldap.OPT_NETWORK_TIMEOUT, 10)
    c.set_option(ldap.OPT_TIMEOUT, 10)
    try:
        c.simple_bind_s(dn, password)
        r = c.search_s(base, ldap.SCOPE_BASE, "(objectClass=*)")
        c.unbind_s()
    except ldap.LDAPError as e:
        print("     the well-behaved client failed: %r" % (e,))
        return None
    return time.time() - t0 if len(r) == 1 else None
