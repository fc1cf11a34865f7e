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
