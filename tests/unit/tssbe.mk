# Check tests of the Top Secret translation layer: quoting, the LIST
# parser and the command plans, against the simulator linked in.
TSSBE_TEST_LDADD = $(TSSBE_LIBS) $(GWMODEL_LIBS) $(TSSSIM_LIBS) \
	$(ESM_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_tss_quote
tests_unit_check_tss_quote_SOURCES = tests/unit/check_tss_quote.c
tests_unit_check_tss_quote_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_tss_quote_LDADD = $(TSSBE_TEST_LDADD)

UNIT_TESTS += tests/unit/check_tss_list
tests_unit_check_tss_list_SOURCES = tests/unit/check_tss_list.c \
	tests/unit/testreq.c tests/unit/testreq.h
tests_unit_check_tss_list_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_tss_list_LDADD = $(TSSBE_TEST_LDADD)

UNIT_TESTS += tests/unit/check_tss_cmd
tests_unit_check_tss_cmd_SOURCES = tests/unit/check_tss_cmd.c \
	tests/unit/testplan.c tests/unit/testplan.h \
	tests/unit/testreq.c tests/unit/testreq.h
tests_unit_check_tss_cmd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_tss_cmd_LDADD = $(TSSBE_TEST_LDADD)
