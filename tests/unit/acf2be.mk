# Check tests of the CA ACF2 translation layer: quoting, the LIST and
# DECOMP parser and the command plans, against the simulator's lexer and
# database.
ACF2BE_TEST_LDADD = $(ACF2BE_LIBS) $(GWMODEL_LIBS) $(ACF2SIM_LIBS) \
	$(ESM_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_acf2_quote
tests_unit_check_acf2_quote_SOURCES = tests/unit/check_acf2_quote.c
tests_unit_check_acf2_quote_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_acf2_quote_LDADD = $(ACF2BE_TEST_LDADD)

UNIT_TESTS += tests/unit/check_acf2_list
tests_unit_check_acf2_list_SOURCES = tests/unit/check_acf2_list.c \
	tests/unit/testacf2.c tests/unit/testacf2.h \
	tests/unit/testreq.c tests/unit/testreq.h
tests_unit_check_acf2_list_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_acf2_list_LDADD = $(ACF2BE_TEST_LDADD)

UNIT_TESTS += tests/unit/check_acf2_cmd
tests_unit_check_acf2_cmd_SOURCES = tests/unit/check_acf2_cmd.c \
	tests/unit/testacf2.c tests/unit/testacf2.h \
	tests/unit/testplan.c tests/unit/testplan.h \
	tests/unit/testreq.c tests/unit/testreq.h
tests_unit_check_acf2_cmd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_acf2_cmd_LDADD = $(ACF2BE_TEST_LDADD)
