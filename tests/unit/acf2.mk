# Check tests of the ACF2 simulator and its driver.
UNIT_TESTS += tests/unit/check_acf2_lex
tests_unit_check_acf2_lex_SOURCES = tests/unit/check_acf2_lex.c
tests_unit_check_acf2_lex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_acf2_lex_LDADD = $(ACF2SIM_LIBS) $(ESM_LIBS) $(UNIT_LDADD)
UNIT_TESTS += tests/unit/check_acf2_db
tests_unit_check_acf2_db_SOURCES = tests/unit/check_acf2_db.c
tests_unit_check_acf2_db_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_acf2_db_LDADD = $(ACF2SIM_LIBS) $(ESM_LIBS) $(UNIT_LDADD)
UNIT_TESTS += tests/unit/check_acf2_driver
tests_unit_check_acf2_driver_SOURCES = tests/unit/check_acf2_driver.c
tests_unit_check_acf2_driver_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_acf2_driver_LDADD = $(AGENT_LIBS) $(UNIT_LDADD)
