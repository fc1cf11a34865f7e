# tests/unit/model.mk: Check suites of the data model (gateway/model.mk).
# They load schema/core.schema from $(top_srcdir), which AM_TESTS_ENVIRONMENT
# exports.
UNIT_TESTS += tests/unit/check_dn
tests_unit_check_dn_SOURCES = tests/unit/check_dn.c \
	tests/unit/testschema.c tests/unit/testschema.h
tests_unit_check_dn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_dn_LDADD = $(GWMODEL_LIBS) $(ESM_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_schema
tests_unit_check_schema_SOURCES = tests/unit/check_schema.c \
	tests/unit/testschema.c tests/unit/testschema.h
tests_unit_check_schema_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_schema_LDADD = $(GWMODEL_LIBS) $(ESM_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_filter
tests_unit_check_filter_SOURCES = tests/unit/check_filter.c \
	tests/unit/testschema.c tests/unit/testschema.h
tests_unit_check_filter_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_filter_LDADD = $(GWMODEL_LIBS) $(ESM_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_entry
tests_unit_check_entry_SOURCES = tests/unit/check_entry.c \
	tests/unit/testschema.c tests/unit/testschema.h
tests_unit_check_entry_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_entry_LDADD = $(GWMODEL_LIBS) $(ESM_LIBS) $(UNIT_LDADD)
