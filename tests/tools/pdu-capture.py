#!/usr/bin/env python3
"""pdu-capture.py - capture the LDAPMessages a real client sends.

Listens on a free loopback port, runs the client command with "{uri}"
replaced by ldap://127.0.0.1:PORT, answers every request with success
(so the client goes on to its next request) and writes each PDU it
received to OUTDIR/NAME-N-OP.hex, one PDU per file, as the unit tests
read them (tests/unit/data/pdu/):

    tests/tools/pdu-capture.py tests/unit/data/pdu search -- \\
        ldapsearch -x -H {uri} -b dc=example,dc=com '(uid=jdoe)' cn

Only for regenerating test data: it understands just enough BER to frame
messages and find the message ID and the operation.
"""
import socket
import subprocess
import sys
import threading

OPS = {0x60: "bind", 0x42: "unbind", 0x63: "search", 0x66: "modify",
       0x68: "add", 0x4a: "delete", 0x6c: "modrdn", 0x6e: "compare",
       0x50: "abandon", 0x77: "extended"}
RESPONSES = {0x60: 0x61, 0x63: 0x65, 0x66: 0x67, 0x68: 0x69, 0x4a: 0x6b,
             0x6c: 0x6d, 0x6e: 0x6f, 0x77: 0x78}


def header(buf, i):
    """Tag at i, then (length, offset of contents), or None if short."""
    if len(buf) < i + 2:
        return None
    first = buf[i + 1]
    if first < 0x80:
        return first, i + 2
    n = first & 0x7F
    if len(buf) < i + 2 + n:
        return None
    return int.from_bytes(buf[i + 2:i + 2 + n], "big"), i + 2 + n


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def response(msgid_tlv, op):
    rc = 6 if op == 0x6E else 0           # compareTrue for compare
    result = tlv(0x0A, bytes([rc])) + tlv(0x04, b"") + tlv(0x04, b"")
    return tlv(0x30, msgid_tlv + tlv(RESPONSES[op], result))


def serve(sock, outdir, name, count):
    conn, _ = sock.accept()
    buf = b""
    while True:
        h = header(buf, 0)
        if h is None or len(buf) < h[0] + h[1]:
            data = conn.recv(65536)
            if not data:
                break
            buf += data
            continue
        end = h[0] + h[1]
        pdu, buf = buf[:end], buf[end:]
        mlen, moff = header(pdu, h[1])
        msgid_tlv = pdu[h[1]:moff + mlen]
        op = pdu[moff + mlen]
        count[0] += 1
        path = "%s/%s-%d-%s.hex" % (outdir, name, count[0],
                                    OPS.get(op, "op%02x" % op))
        with open(path, "w") as f:
            f.write("# %s request from: %s\n" % (OPS.get(op, "?"),
                                                 " ".join(sys.argv[4:])))
            for i in range(0, len(pdu), 16):
                f.write(pdu[i:i + 16].hex(" ") + "\n")
        if op in RESPONSES:
            conn.sendall(response(msgid_tlv, op))
        elif op == 0x42:
            break
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    outdir, name = sys.argv[1], sys.argv[2]
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    uri = "ldap://127.0.0.1:%d" % s.getsockname()[1]
    CMD = [a.replace("{uri}", uri) for a in sys.argv[4:]]
    count = [0]
    t = threading.Thread(target=serve, args=(s, outdir, name, count))
    t.daemon = True
    t.start()
    subprocess.run(CMD, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=20)
    t.join(5)
    print("%s: %d PDUs" % (name, count[0]))
