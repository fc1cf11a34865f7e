# Check tests of the control socket (lib/ctl.c) and of the gateway's
# admin password hashes, which need nothing else of the gateway.
UNIT_TESTS += tests/unit/check_ctl
tests_unit_check_ctl_SOURCES = tests/unit/check_ctl.c
tests_unit_check_ctl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_ctl_LDADD = $(ESM_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_gw_passwd
tests_unit_check_gw_passwd_SOURCES = tests/unit/check_gw_passwd.c \
	gateway/gw_passwd.c
tests_unit_check_gw_passwd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_gw_passwd_LDADD = $(ESM_LIBS) $(UNIT_LDADD)
