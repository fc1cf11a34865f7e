# tests/unit/gateway.mk: the gateway's own pieces above the codec:
# persistent search, content synchronization, the audit feed.
# The persistent search control and its entry change notifications.
UNIT_TESTS += tests/unit/check_psearch
tests_unit_check_psearch_SOURCES = tests/unit/check_psearch.c
tests_unit_check_psearch_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_psearch_LDADD = $(GW_LIBS) $(UNIT_LDADD)

# Content synchronization: cookies, UUIDs and the controls' values.
UNIT_TESTS += tests/unit/check_sync
tests_unit_check_sync_SOURCES = tests/unit/check_sync.c
tests_unit_check_sync_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_sync_LDADD = $(GW_LIBS) $(UNIT_LDADD)

# The security audit feed's records (CEF, LEEF).
UNIT_TESTS += tests/unit/check_audit
tests_unit_check_audit_SOURCES = tests/unit/check_audit.c
tests_unit_check_audit_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_audit_LDADD = $(GW_LIBS) $(UNIT_LDADD)

# cert-map rules: substitution and escaping of hostile subjects.
UNIT_TESTS += tests/unit/check_certmap
tests_unit_check_certmap_SOURCES = tests/unit/check_certmap.c
tests_unit_check_certmap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_certmap_LDADD = $(GW_LIBS) $(UNIT_LDADD)

# The failed-bind table: windows, forgetting, a bounded size.
UNIT_TESTS += tests/unit/check_bindlimit
tests_unit_check_bindlimit_SOURCES = tests/unit/check_bindlimit.c
tests_unit_check_bindlimit_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_bindlimit_LDADD = $(GW_LIBS) $(UNIT_LDADD)

# Access rules: parsing, compiling, decisions, a search's view.
UNIT_TESTS += tests/unit/check_acl
tests_unit_check_acl_SOURCES = tests/unit/check_acl.c \
	tests/unit/testschema.c tests/unit/testschema.h
tests_unit_check_acl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_acl_LDADD = $(GW_LIBS) $(UNIT_LDADD)

# One log line per interval for what a flood of clients repeats.
UNIT_TESTS += tests/unit/check_ratelog
tests_unit_check_ratelog_SOURCES = tests/unit/check_ratelog.c
tests_unit_check_ratelog_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_ratelog_LDADD = $(GW_LIBS) $(UNIT_LDADD)
