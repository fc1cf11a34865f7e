"""One bind as the bytes RFC 4511 describes, with no SASL library in
between: the client libraries refuse to send EXTERNAL without a
certificate, or a mechanism they do not have, and cannot bind from
another loopback address; those are what the gateway must answer.
Prints "RESULT DIAGNOSTIC".

    raw_bind.py [--from ADDR] HOST PORT tls|starttls|plain MECH [CRED]
    raw_bind.py [--from ADDR] HOST PORT tls|starttls|plain -s DN PASSWORD
"""
import socket
import ssl
import sys


def ber_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + ber_len(len(body)) + body


def read_tlv(data, i):
    """(tag, body, next index) of the TLV at data[i]."""
    tag = data[i]
    n = data[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7f
        n = int.from_bytes(data[i:i + k], "big")
        i += k
    return tag, data[i:i + n], i + n


def recv_pdu(s):
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            raise SystemExit("connection closed before a response")
        data += chunk
        if len(data) >= 2:
            try:
                _, body, end = read_tlv(data, 0)
                if end <= len(data):
                    return body
            except IndexError:
                pass


def result(msg_body):
    """resultCode and diagnosticMessage of an LDAPResult."""
    _, _, i = read_tlv(msg_body, 0)           # messageID
    _, op, _ = read_tlv(msg_body, i)          # the response
    _, rc, j = read_tlv(op, 0)
    _, _, j = read_tlv(op, j)                 # matchedDN
    _, diag, _ = read_tlv(op, j)
    return int.from_bytes(rc, "big"), diag.decode("utf-8", "replace")


def starttls(s):
    ext = tlv(0x77, tlv(0x80, b"1.3.6.1.4.1.1466.20037"))
    s.sendall(tlv(0x30, tlv(0x02, b"\x09") + ext))
    rc, diag = result(recv_pdu(s))
    if rc != 0:
        raise SystemExit("StartTLS failed: %d %s" % (rc, diag))


def main():
    args = sys.argv[1:]
    source = None
    if args[0] == "--from":
        source = (args[1], 0)
        args = args[2:]
    host, port, mode, mech = args[0:4]
    cred = args[4].encode() if len(args) > 4 else None
    s = socket.create_connection((host, int(port)), timeout=10,
                                 source_address=source)
    if mode == "starttls":
        starttls(s)
    if mode in ("tls", "starttls"):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        s = ctx.wrap_socket(s)
    if mech == "-s":
        auth = tlv(0x04, args[4].encode()) + tlv(0x80, args[5].encode())
    else:
        sasl = tlv(0x04, mech.encode())
        if cred is not None:
            sasl += tlv(0x04, cred)
        auth = tlv(0x04, b"") + tlv(0xa3, sasl)
    bind = tlv(0x60, tlv(0x02, b"\x03") + auth)
    s.sendall(tlv(0x30, tlv(0x02, b"\x01") + bind))
    rc, diag = result(recv_pdu(s))
    print(rc, diag)


main()
