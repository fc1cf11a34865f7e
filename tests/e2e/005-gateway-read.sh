#!/bin/bash
# Story: an IAM suite reads RACF through the gateway with ldapsearch and
# ldapcompare: the root DSE and the schema for anyone, users and groups
# for the admin, filters the ESM answers and filters the gateway
# evaluates, attribute selection, limits and precise errors.  Each answer
# is checked against what RACF itself says at the console.
. "$(dirname "$0")/lib.sh"
e2e_begin "reading RACF through LDAP: root DSE, schema, users, groups, filters, errors"

e2e_agent_conf SYS1
e2e_agent_start SYS1
e2e_sample_users SYS1 25
e2e_gateway_conf GW SYS1 "sizelimit 500"
e2e_gateway_start GW

# Anyone may see what the gateway offers, and nothing else.
expect_rc 0 as_anon ldapsearch -LLL -b "" -s base
expect_out "namingContexts: $SUFFIX"
expect_out "supportedExtension: 1.3.6.1.4.1.4203.1.11.3"
expect_out "supportedControl: 1.2.840.113556.1.4.319"
expect_out "vendorName: esmgate"
expect_rc 0 as_anon ldapsearch -LLL -b cn=Subschema -s base attributeTypes objectClasses
expect_out "NAME 'tsoProc'"
expect_out "NAME 'racfUser'"
expect_rc 50 as_anon ldapsearch -LLL -b "ou=People,$SUFFIX" "(uid=*)"
expect_out "bind first"

# One user by uid: the entry matches LISTUSER at the console.
user=$(e2e_console SYS1 "SEARCH CLASS(USER) MASK(S)" | grep -v -e IBMUSER -e ESMAGENT | head -n 1)
[ -n "$user" ] || user=$(e2e_console SYS1 "SEARCH CLASS(USER)" | grep -v -e IBMUSER -e ESMAGENT -e SYS1 | head -n 1)
expect_rc 0 as_admin ldapsearch -LLL -b "ou=People,$SUFFIX" "(uid=$user)"
expect_out "dn: uid=$user,ou=People,$SUFFIX"
expect_out "objectClass: racfUser"
cn=$(ldif_attr cn)
native=$(e2e_console SYS1 "LISTUSER $user" | sed -n 's/.*NAME=\(.*\) OWNER=.*/\1/p' | sed 's/ *$//')
[ "$cn" = "$native" ] || e2e_fail "cn '$cn' is not RACF's NAME '$native'"
dflt=$(e2e_console SYS1 "LISTUSER $user" | sed -n 's/.*DEFAULT-GROUP=\([^ ]*\).*/\1/p')
expect_out "defaultGroup: $dflt"
expect_out "memberOf: cn=$dflt,ou=Groups,$SUFFIX"
proc=$(e2e_console SYS1 "LISTUSER $user NORACF TSO" | sed -n 's/^PROC= //p')
[ -z "$proc" ] || expect_out "tsoProc: $proc"
expect_no_out "userPassword"

# Every user: as many as RACF lists, less the ids the agent protects.
want=$(e2e_console SYS1 "SEARCH CLASS(USER)" | grep -c -v -e '^IBMUSER$' -e '^ESMAGENT$')
expect_rc 0 as_admin ldapsearch -LLL -b "ou=People,$SUFFIX" "(objectClass=*)" 1.1
got=$(grep -c '^dn: uid=' "$E2E_DIR/last.out")
[ "$got" = "$want" ] || e2e_fail "full search gave $got users, RACF has $want"
expect_no_out "uid=IBMUSER"
# The same in pages of 7.
expect_rc 0 as_admin ldapsearch -LLL -E pr=7/noprompt -b "ou=People,$SUFFIX" "(objectClass=*)" 1.1
got=$(grep -c '^dn: uid=' "$E2E_DIR/last.out")
[ "$got" = "$want" ] || e2e_fail "paged search gave $got users, RACF has $want"

# A uid prefix is pushed down to SEARCH MASK; the answer is the same set.
want=$(e2e_console SYS1 "SEARCH CLASS(USER) MASK(A)" | grep -c -v -e '^IBMUSER$' -e '^ESMAGENT$')
expect_rc 0 as_admin ldapsearch -LLL -b "ou=People,$SUFFIX" "(uid=A*)" uid
got=$(grep -c '^uid: ' "$E2E_DIR/last.out")
[ "$got" = "$want" ] || e2e_fail "(uid=A*) gave $got users, SEARCH MASK(A) $want"

# Filters the gateway evaluates: and, or, not, >=, <=, substrings, approx,
# present, extensible.
expect_rc 0 as_admin ldapsearch -LLL -b "ou=People,$SUFFIX" \
	"(&(objectClass=racfUser)(!(uid=$user))(|(tsoProc=*)(cicsOpident=*)))" uid
expect_no_out "uid: $user\$"
expect_rc 0 as_admin ldapsearch -LLL -b "ou=People,$SUFFIX" "(&(uid=$user)(passwordInterval>=1)(passwordInterval<=254))" uid
expect_out "uid: $user"
first=$(echo "$cn" | cut -d' ' -f1)
expect_rc 0 as_admin ldapsearch -LLL -b "ou=People,$SUFFIX" "(&(uid=$user)(cn=${first}*)(givenName~=$first)(cn:caseIgnoreMatch:=$cn))" uid
expect_out "uid: $user"

# Attribute selection: 1.1, named, + for operational attributes.
expect_rc 0 as_admin ldapsearch -LLL -b "uid=$user,ou=People,$SUFFIX" -s base "(objectClass=*)" 1.1
expect_no_out "cn:"
expect_rc 0 as_admin ldapsearch -LLL -b "uid=$user,ou=People,$SUFFIX" -s base "(objectClass=*)" + cn
expect_out "entryDN: uid=$user,ou=People,$SUFFIX"
expect_out "subschemaSubentry: cn=Subschema"
expect_out "cn: "
expect_no_out "defaultGroup:"

# Structure: the suffix and the two containers.
expect_rc 0 as_admin ldapsearch -LLL -b "$SUFFIX" -s one "(objectClass=*)" 1.1
expect_out "dn: ou=People,$SUFFIX"
expect_out "dn: ou=Groups,$SUFFIX"

# Groups and their members, as LISTGRP shows them.
grp=$(e2e_console SYS1 "SEARCH CLASS(GROUP)" | grep -v SYS1 | head -n 1)
expect_rc 0 as_admin ldapsearch -LLL -b "cn=$grp,ou=Groups,$SUFFIX" -s base
expect_out "objectClass: racfGroup"
m=$(e2e_console SYS1 "LISTGRP $grp" | awk '/USER\(S\)=/{on=1; next} on && NF==4 {print $1; exit}')
[ -z "$m" ] || expect_out "member: uid=$m,ou=People,$SUFFIX"

# Compare, with the attribute's matching rule.
expect_rc 6 as_admin ldapcompare "uid=$user,ou=People,$SUFFIX" "cn:$(echo "$cn" | tr 'A-Z' 'a-z')"
expect_rc 5 as_admin ldapcompare "uid=$user,ou=People,$SUFFIX" "cn:nobody at all"

# Precise errors: no such user (matched DN), bad DN, size limit.
expect_rc 32 as_admin ldapsearch -LLL -b "uid=NOSUCH1,ou=People,$SUFFIX" -s base
expect_out "Matched DN: ou=People,$SUFFIX"
expect_rc 34 as_admin ldapsearch -LLL -b "uid=X,,ou=People" -s base
expect_rc 4 as_admin ldapsearch -LLL -z 3 -b "ou=People,$SUFFIX" "(objectClass=*)" 1.1
[ "$(grep -c '^dn:' "$E2E_DIR/last.out")" = 3 ] || e2e_fail "size limit 3 did not give 3 entries"
expect_rc 32 as_admin ldapsearch -LLL -b "dc=elsewhere" -s base

e2e_pass
