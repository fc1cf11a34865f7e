UNIT_TESTS += tests/unit/check_conf
tests_unit_check_conf_SOURCES = tests/unit/check_conf.c
tests_unit_check_conf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_conf_LDADD = $(ESM_LIBS) $(UNIT_LDADD)
