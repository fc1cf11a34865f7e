# gateway/pdu.mk: the LDAPMessage codec (framing, request decoding,
# response encoding).  Needs liblber and, for search filters,
# gateway/libgwmodel.a: link GWPDU_LIBS before GWMODEL_LIBS.
noinst_LIBRARIES += gateway/libgwpdu.a
gateway_libgwpdu_a_SOURCES = gateway/pdu.c gateway/pdu.h gateway/pdu_entry.c

GWPDU_LIBS = gateway/libgwpdu.a
