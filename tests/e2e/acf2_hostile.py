#!/usr/bin/python3
"""The injection corpus over every writable attribute of an ACF2 logonid
and over access and resource rule entries, through python3-ldap against
a running gateway.  Each value is refused (constraintViolation or
invalidAttributeSyntax) or stored as sent; after each attribute, ACF2's
own LIST at the console must show that nothing but that field changed,
and after the rule entries, DECOMP and SET RULE LIST (SET RESOURCE(-)
LIST) that nothing but the one entry did.

usage: acf2_hostile.py URI ADMIN_DN ADMIN_PW SUFFIX MAP LID RULEKEY \
           ESMCONSOLE AGENT_CONF RESOURCE
RESOURCE is a resource rule set's TYPE/KEY.
"""
import re
import subprocess
import sys

import ldap

(URI, ADMIN_DN, ADMIN_PW, SUFFIX, MAPFILE, LID, KEY, CONSOLE,
 CONF, RESOURCE) = sys.argv[1:11]
USER_DN = "uid=%s,ou=People,%s" % (LID, SUFFIX)
RULE_DN = "acf2RuleKey=%s,ou=Rules,%s" % (KEY, SUFFIX)
RES_DN = "acf2Resource=%s,ou=Resources,%s" % (RESOURCE, SUFFIX)
RTYPE, RKEY = RESOURCE.split("/", 1)
FAILED = []

HOSTILE = [
    b"'", b"''", b"x') SECURITY NAME('y", b"a) SECURITY (", b"a,b, SECURITY",
    b"a;CHANGE %s SECURITY" % LID.encode(), b"/* SECURITY */", b"abc +",
    b"abc -", b"' SECURITY '", b"%v %u", b")(", b"NOSUSPEND",
    b"a\nCHANGE ACF2ADM NOSECURITY", b"a\rb", b"a\x00 SECURITY",
    "\u00e9t\u00e9".encode(), b"\xff", b"  lead", b"SET RULE DELETE " +
    KEY.encode(), b"ADD(- UID(-) R(A))", b"A" * 100, b"1", b"TRUE",
    b"20250101000000Z", b"SECURITY", b"-",
]
REFUSED = (ldap.CONSTRAINT_VIOLATION, ldap.INVALID_SYNTAX)


def check(cond, what):
    if not cond:
        print("FAIL " + what)
        FAILED.append(what)


def console(cmd):
    r = subprocess.run([CONSOLE, "-f", CONF, cmd], capture_output=True,
                       check=False)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def writable_lines():
    """The map's user lines an LDAP client may set, but passwords."""
    out = []
    for line in open(MAPFILE, encoding="ascii"):
        w = line.split()
        if len(w) < 3 or w[0] != "user" or line.startswith("#"):
            continue
        opts = dict(x.split("=", 1) for x in w[3:] if "=" in x)
        if "set" not in opts or w[2].startswith("secret"):
            continue
        out.append((w[1], w[2], opts, "upper" in w[3:]))
    return out


TOKEN = re.compile(r"[^\s(]+\('(?:[^']|'')*'\)|[^\s(]+\([^)']*\)|\S+")


def list_tokens(text):
    """LIST output as a set of (section, token), the header as HEAD."""
    toks, sect = set(), None
    for line in text.splitlines():
        if not line:
            continue
        if not line.startswith(" "):
            toks.add(("HEAD", line.rstrip()))
        elif not line.startswith("  "):
            sect = line.strip()
        else:
            for t in TOKEN.findall(line):
                toks.add((sect, t))
    return toks


def touched(attr, syntax, opts):
    """Does a (section, token) belong to the field attr writes?"""
    field = opts.get("read")
    words = set()
    if syntax.startswith("flags("):
        words = set(syntax[6:-1].split(","))
    elif syntax == "flag":
        words = {opts["true"]}

    def fn(st):
        sect, tok = st
        kw = tok.split("(", 1)[0]
        if kw in ("UPD-TOD",):
            return True
        if attr == "cn" and sect == "HEAD":
            return True
        if words:
            # SUSPEND and CANCEL stamp CSDATE and CSWHO.
            if field == "CANCEL/SUSPEND" and kw in ("CSDATE", "CSWHO"):
                return True
            return sect == field and tok in words
        return "(" in tok and kw == field
    return fn


def one_attribute(c, attr, syntax, opts, upper):
    rc, before = console("LIST " + LID)
    check(rc == 0, "LIST %s at the console" % LID)
    mine = touched(attr, syntax, opts)
    for v in HOSTILE:
        try:
            c.modify_s(USER_DN, [(ldap.MOD_REPLACE, attr, [v])])
        except REFUSED as e:
            info = e.args[0].get("info", "") if e.args else ""
            check(attr.lower() in info.lower(), "%s %r: the refusal names "
                  "the attribute (%s)" % (attr, v, info))
            continue
        except ldap.LDAPError as e:
            check(False, "%s %r: %s" % (attr, v, e))
            continue
        check(all(0x20 <= b < 0x7f for b in v), "%s took a control or "
              "non-ASCII value %r" % (attr, v))
        if syntax.startswith("text") and not upper:
            got = c.search_s(USER_DN, ldap.SCOPE_BASE, "(objectClass=*)",
                             [attr])[0][1].get(attr, [b""])[0]
            check(got == v.rstrip(b" "), "%s: sent %r, read %r" %
                  (attr, v, got))
    rc, after = console("LIST " + LID)
    a = {t for t in list_tokens(after) if not mine(t)}
    b = {t for t in list_tokens(before) if not mine(t)}
    check(a == b, "%s: LIST shows other changes: %s / %s" %
          (attr, sorted(a - b)[:4], sorted(b - a)[:4]))


def rule_entries(c, dn, attr, mode, key, values):
    """values into attr of rule set dn, which DECOMP key shows in mode."""
    rc, before = console("%s DECOMP %s" % (mode, key))
    check(rc == 0, "%s DECOMP %s" % (mode, key))
    _, keys_before = console("SET RESOURCE(-) LIST" if "RESOURCE" in mode
                             else "SET RULE LIST")
    added = 0
    for v in values:
        try:
            c.modify_s(dn, [(ldap.MOD_ADD, attr, [v])])
            added += 1
        except REFUSED:
            continue
        except ldap.LDAPError as e:
            # A mask for everyone passes the gateway; the agent refuses it.
            check(isinstance(e, ldap.UNWILLING_TO_PERFORM), "%s %r: %s" %
                  (attr, v, e))
    rc, after = console("%s DECOMP %s" % (mode, key))
    old = [x for x in before.splitlines() if x.startswith(" ")]
    new = [x for x in after.splitlines() if x.startswith(" ")]
    check(new[:len(old)] == old and len(new) == len(old) + added,
          "%s: DECOMP kept every entry and gained %d: %s" % (attr, added,
                                                             new))
    _, keys_after = console("SET RESOURCE(-) LIST" if "RESOURCE" in mode
                            else "SET RULE LIST")
    strip = re.compile(r"ENTRIES\(\d+\)")
    check(strip.sub("", keys_after) == strip.sub("", keys_before),
          "%s: no other rule set appeared or went" % attr)


def main():
    c = ldap.initialize(URI)
    c.protocol_version = 3
    c.simple_bind_s(ADMIN_DN, ADMIN_PW)
    lines = writable_lines()
    check(len(lines) >= 55, "%d writable attributes in the map" %
          len(lines))
    for attr, syntax, opts, upper in lines:
        one_attribute(c, attr, syntax, opts, upper)
    rule_entries(c, RULE_DN, "acf2RuleEntry", "SET RULE", KEY, HOSTILE)
    # A resource rule entry ends with its action: the corpus alone, and
    # completed by one.
    rule_entries(c, RES_DN, "acf2ResourceEntry", "SET RESOURCE(%s)" % RTYPE,
                 RKEY, HOSTILE + [v + b" ALLOW" for v in HOSTILE])
    # Nobody got SECURITY by a side door: only the privileges line and
    # its SECURITY value could set it, and it was replaced after.
    c.modify_s(USER_DN, [(ldap.MOD_REPLACE, "privileges", [b"TSO"])])
    rc, out = console("LIST " + LID)
    check(" SECURITY" not in out, "LIST %s has no SECURITY" % LID)
    rc, out = console("LIST ACF2ADM")
    check("SECURITY" in out, "ACF2ADM keeps SECURITY")
    print("%d attributes x %d values: %s" % (len(lines), len(HOSTILE),
          "FAILED" if FAILED else "ok"))
    c.unbind_s()
    return 1 if FAILED else 0


sys.exit(main())
