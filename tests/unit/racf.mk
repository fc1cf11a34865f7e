# Check tests of the RACF simulator.
UNIT_TESTS += tests/unit/check_racf_lex
tests_unit_check_racf_lex_SOURCES = tests/unit/check_racf_lex.c
tests_unit_check_racf_lex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_racf_lex_LDADD = $(RACFSIM_LIBS) $(ESM_LIBS) $(UNIT_LDADD)
UNIT_TESTS += tests/unit/check_racf_db
tests_unit_check_racf_db_SOURCES = tests/unit/check_racf_db.c
tests_unit_check_racf_db_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_racf_db_LDADD = $(RACFSIM_LIBS) $(ESM_LIBS) $(UNIT_LDADD)
