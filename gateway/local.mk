# gateway/: esmgated and esmctl.
#
# The gateway's code is split into libraries so each layer builds and is
# tested without the ones above it:
#   gateway/libgwmodel.a  entries, DNs, schema, matching rules, filters
#   gateway/libgwpdu.a    the LDAPMessage codec
#   backends/libracfbe.a  schema maps and the RACF translation (backends/)
#   gateway/libgw.a       connections, operations, backends, the server
include $(srcdir)/gateway/model.mk
include $(srcdir)/gateway/pdu.mk

noinst_LIBRARIES += gateway/libgw.a
gateway_libgw_a_SOURCES = \
	gateway/gw.h gateway/gw_conf.c gateway/gw_server.c gateway/gw_tls.c \
	gateway/gw_passwd.c gateway/gw_ctl.c \
	gateway/conn.c gateway/conn.h \
	gateway/op.c gateway/op.h gateway/op_bind.c gateway/op_search.c \
	gateway/op_write.c gateway/op_extended.c gateway/paged.c \
	gateway/rootdse.c gateway/psearch.c gateway/psearch.h \
	gateway/sync.c gateway/sync.h gateway/audit.c gateway/audit.h \
	gateway/gw_events.c \
	gateway/acl.c gateway/acl.h gateway/op_acl.c \
	backends/backend.c backends/backend.h \
	gateway/certmap.c gateway/certmap.h gateway/bindlimit.c \
	gateway/bindlimit.h gateway/op_bind_external.c
# Log lines a flood of clients could repeat at will, one per interval.
gateway_libgw_a_SOURCES += gateway/ratelog.c gateway/ratelog.h
gateway_libgw_a_CPPFLAGS = $(AM_CPPFLAGS) -DSCHEMADIR=\"$(schemadir)\"
GW_LIBS = gateway/libgw.a $(RACFBE_LIBS) $(GWPDU_LIBS) $(GWMODEL_LIBS) \
	$(ESM_LIBS)

sbin_PROGRAMS += gateway/esmgated
gateway_esmgated_SOURCES = gateway/esmgated.c
gateway_esmgated_LDADD = $(GW_LIBS)

bin_PROGRAMS += gateway/esmctl
gateway_esmctl_SOURCES = gateway/esmctl.c gateway/gw_passwd.c
gateway_esmctl_LDADD = $(ESM_LIBS)

# The schema and the maps admins edit, read at run time.
schemadir = $(pkgdatadir)/schema
dist_schema_DATA = schema/core.schema schema/racf.schema schema/racf.map
dist_noinst_DATA = conf/esmgated.conf

# The changelog store (libchangelog.a).
include $(srcdir)/gateway/changelog.mk
