# gateway/changelog.mk: the changelog store -- records on LMDB, their
# BER form, passwords sealed at rest.  esmgated, its unit tests and the
# end-to-end tests' changelog filler (tests/tools/clfill) link it.
noinst_LIBRARIES += gateway/libchangelog.a
gateway_libchangelog_a_SOURCES = gateway/changelog.c gateway/changelog.h \
	gateway/changelog_rec.c gateway/changelog_seal.c \
	gateway/changelog_diff.c

CHANGELOG_LIBS = gateway/libchangelog.a $(ESM_LIBS) $(LMDB_LIBS)
GW_LIBS += $(CHANGELOG_LIBS)

# An agent's event made into a record: needs the backends (their DNs)
# and the entries, so it lives in the gateway library.
gateway_libgw_a_SOURCES += gateway/changelog_event.c \
	gateway/changelog_event.h
