"""What the python3-ldap stories share: a checklist that prints each
check and remembers the failures, and an administrator's connection."""
import ldap

FAILED = []


def check(cond, what):
    """Print what was checked; remember it when it failed."""
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILED.append(what)


def bind(uri, dn, password):
    """A connection bound as dn."""
    c = ldap.initialize(uri)
    c.protocol_version = 3
    c.simple_bind_s(dn, password)
    return c
