# Check tests of the TSS simulator and its driver.
UNIT_TESTS += tests/unit/check_tss_lex
tests_unit_check_tss_lex_SOURCES = tests/unit/check_tss_lex.c
tests_unit_check_tss_lex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_tss_lex_LDADD = $(TSSSIM_LIBS) $(ESM_LIBS) $(UNIT_LDADD)
UNIT_TESTS += tests/unit/check_tss_db
tests_unit_check_tss_db_SOURCES = tests/unit/check_tss_db.c
tests_unit_check_tss_db_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_tss_db_LDADD = $(TSSSIM_LIBS) $(ESM_LIBS) $(UNIT_LDADD)
UNIT_TESTS += tests/unit/check_tss_driver
tests_unit_check_tss_driver_SOURCES = tests/unit/check_tss_driver.c
tests_unit_check_tss_driver_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_tss_driver_LDADD = $(AGENT_LIBS) $(UNIT_LDADD)
