# tests/unit/pdu.mk: the LDAPMessage codec, fed PDUs captured from
# ldap-utils (tests/unit/data/pdu/*.hex, one PDU per file).
UNIT_TESTS += tests/unit/check_pdu
tests_unit_check_pdu_SOURCES = tests/unit/check_pdu.c
tests_unit_check_pdu_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_pdu_LDADD = $(GWPDU_LIBS) $(GWMODEL_LIBS) $(ESM_LIBS) \
	$(UNIT_LDADD)

EXTRA_DIST += $(PDU_TEST_FILES)
PDU_TEST_FILES = \
	tests/unit/data/pdu/README \
	tests/unit/data/pdu/abandon.hex \
	tests/unit/data/pdu/add.hex \
	tests/unit/data/pdu/bind-anonymous.hex \
	tests/unit/data/pdu/bind-sasl-digest.hex \
	tests/unit/data/pdu/bind-sasl-plain.hex \
	tests/unit/data/pdu/bind-simple.hex \
	tests/unit/data/pdu/compare.hex \
	tests/unit/data/pdu/delete.hex \
	tests/unit/data/pdu/modify.hex \
	tests/unit/data/pdu/modrdn.hex \
	tests/unit/data/pdu/passwd-nothing.hex \
	tests/unit/data/pdu/passwd.hex \
	tests/unit/data/pdu/search-manage-dsait.hex \
	tests/unit/data/pdu/search-paged.hex \
	tests/unit/data/pdu/search-two-controls.hex \
	tests/unit/data/pdu/search.hex \
	tests/unit/data/pdu/unbind.hex \
	tests/unit/data/pdu/whoami.hex
EXTRA_DIST += tests/tools/pdu-capture.py
