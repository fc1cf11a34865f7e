# gateway/model.mk: the gateway's data model -- entries, DNs, the schema
# registry and its matching rules, search filters.  No libevent, no
# backend: everything here is tested on its own (tests/unit/model.mk).
noinst_LIBRARIES += gateway/libgwmodel.a
gateway_libgwmodel_a_SOURCES = \
	gateway/entry.c gateway/entry.h \
	gateway/dn.c gateway/dn.h \
	gateway/schema.c gateway/match.c gateway/schema.h \
	gateway/filter.c gateway/filter.h

GWMODEL_LIBS = gateway/libgwmodel.a $(LBER_LIBS)

# The standard definitions the gateway publishes; read at run time.
EXTRA_DIST += schema/core.schema
