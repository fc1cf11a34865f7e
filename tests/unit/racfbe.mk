# Check tests of the schema maps and the RACF translation layer.
RACFBE_TEST_LDADD = $(RACFBE_LIBS) $(GWMODEL_LIBS) $(ESM_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_map
tests_unit_check_map_SOURCES = tests/unit/check_map.c
tests_unit_check_map_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_map_LDADD = $(RACFBE_TEST_LDADD)

UNIT_TESTS += tests/unit/check_racf_quote
tests_unit_check_racf_quote_SOURCES = tests/unit/check_racf_quote.c
tests_unit_check_racf_quote_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_racf_quote_LDADD = $(RACFBE_TEST_LDADD)

UNIT_TESTS += tests/unit/check_racf_list
tests_unit_check_racf_list_SOURCES = tests/unit/check_racf_list.c \
	tests/unit/testreq.c tests/unit/testreq.h
tests_unit_check_racf_list_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_racf_list_LDADD = $(RACFBE_TEST_LDADD)

UNIT_TESTS += tests/unit/check_racf_cmd
tests_unit_check_racf_cmd_SOURCES = tests/unit/check_racf_cmd.c \
	tests/unit/testplan.c tests/unit/testplan.h \
	tests/unit/testreq.c tests/unit/testreq.h
tests_unit_check_racf_cmd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_racf_cmd_LDADD = $(RACFBE_LIBS) $(GWMODEL_LIBS) \
	$(RACFSIM_LIBS) $(ESM_LIBS) $(UNIT_LDADD)

EXTRA_DIST += \
	tests/unit/data/racf/lu_full.txt \
	tests/unit/data/racf/lu_bare.txt \
	tests/unit/data/racf/lu_revoked.txt \
	tests/unit/data/racf/lu_all.txt \
	tests/unit/data/racf/lg_members.txt \
	tests/unit/data/racf/lg_empty.txt
