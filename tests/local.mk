# tests/: Check unit tests, end-to-end stories, fault tests.
#
# UNIT_TESTS lists every Check program; fragments append to it.
# "make check-valgrind" runs them all under valgrind (CK_FORK=no so that
# valgrind sees the test bodies), and the other programs fragments add to
# VALGRIND_TESTS (the fuzz harnesses' replays).
UNIT_TESTS =
VALGRIND_TESTS = $(UNIT_TESTS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
UNIT_LDADD = tests/unit/libunit.a $(LIBEVENT_LIBS) $(CHECK_LIBS)

# What the unit tests share: scratch directories, loop turns.
check_LIBRARIES = tests/unit/libunit.a
tests_unit_libunit_a_SOURCES = tests/unit/testdir.c tests/unit/testdir.h \
	tests/unit/testloop.c tests/unit/testloop.h
tests_unit_libunit_a_CFLAGS = $(UNIT_CFLAGS)

include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/fuzz/local.mk

check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

AM_TESTS_ENVIRONMENT = \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	PYTHON3='$(PYTHON3)'; export PYTHON3;

check-valgrind: $(VALGRIND_TESTS)
	@test -n "$(VALGRIND)" || { echo "valgrind not found: apt-get install valgrind"; exit 1; }
	@fail=0; for t in $(VALGRIND_TESTS); do \
	  echo "valgrind $$t"; \
	  top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  CK_FORK=no CK_DEFAULT_TIMEOUT=120 $(VALGRIND) -q --error-exitcode=99 \
	    --leak-check=full --errors-for-leak-kinds=definite \
	    --track-fds=no ./$$t > $$t.valgrind.log 2>&1 \
	    || { echo "FAIL: $$t (see $$t.valgrind.log)"; fail=1; }; \
	done; test $$fail = 0
.PHONY: check-valgrind

# A gateway-side link client for the end-to-end tests and benchmarks.
noinst_PROGRAMS += tests/tools/esmlinkcmd
tests_tools_esmlinkcmd_SOURCES = tests/tools/esmlinkcmd.c
tests_tools_esmlinkcmd_LDADD = $(ESM_LIBS)

# End-to-end stories: real esmagentd, esmconsole and link client processes.
E2E_TESTS = \
	tests/e2e/001-agent-provisioning.sh \
	tests/e2e/002-agent-sigkill.sh \
	tests/e2e/003-logon-verify.sh \
	tests/e2e/004-agent-stream-stop.sh \
	tests/e2e/005-gateway-read.sh \
	tests/e2e/006-gateway-provisioning.sh \
	tests/e2e/007-gateway-clients.sh \
	tests/e2e/008-gateway-tls.sh \
	tests/e2e/009-gateway-operator.sh \
	tests/e2e/010-gateway-limits.sh \
	tests/e2e/011-acf2-agent.sh \
	tests/e2e/012-tss-agent.sh \
	tests/e2e/013-gateway-two-suffixes.sh \
	tests/e2e/014-acf2-gateway.sh \
	tests/e2e/015-tss-gateway.sh \
	tests/e2e/016-esmgen-acf2-tss.sh \
	tests/e2e/017-event-cache.sh \
	tests/e2e/019-psearch.sh \
	tests/e2e/020-sync.sh \
	tests/e2e/021-syncrepl-slapd.sh \
	tests/e2e/022-audit.sh
TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/e2e/lib.sh tests/e2e/gateway_clients.py \
	tests/e2e/acf2_hostile.py tests/e2e/psearch_clients.py \
	tests/e2e/ldapcheck.py tests/e2e/sync_clients.py

# The changelog story fills the store before esmgated starts, with a
# test-only program that links the store as the unit tests do.
check_PROGRAMS += tests/tools/clfill
tests_tools_clfill_SOURCES = tests/tools/clfill.c
tests_tools_clfill_LDADD = $(CHANGELOG_LIBS)
E2E_TESTS += tests/e2e/018-changelog.sh

# The event stories: agent sender, gateway receiver and changelog, with
# one side or the other down, stopped or killed.
E2E_TESTS += \
	tests/e2e/023-events-gateway-down.sh \
	tests/e2e/024-events-agent-down.sh \
	tests/e2e/025-events-mainframe-stop.sh \
	tests/e2e/026-events-provisioning-agent-down.sh \
	tests/e2e/027-events-cache-stopped.sh \
	tests/e2e/028-events-gateway-sigkill.sh \
	tests/e2e/029-events-agent-sigkill.sh \
	tests/e2e/030-events-sharing-group.sh \
	tests/e2e/031-events-subscribers.sh \
	tests/e2e/032-client-certificates.sh \
	tests/e2e/033-failed-binds.sh
E2E_TESTS += tests/e2e/035-acl-auditor-helpdesk.sh \
	tests/e2e/036-acl-changelog.sh
EXTRA_DIST += tests/e2e/acl_subscribers.py
EXTRA_DIST += tests/e2e/events.sh tests/e2e/events_check.py \
	tests/e2e/events_subscriber.py tests/e2e/events_provision.py \
	tests/e2e/sync_persist.py tests/e2e/raw_bind.py

# The link inside TLS with mutual certificates; link key rotation.
E2E_TESTS += tests/e2e/037-link-tls.sh tests/e2e/038-link-key-rotation.sh

# Hostile input against the running gateway: malformed PDUs, floods,
# slow writers and readers, bursts; a raw client writes the bytes.
E2E_TESTS += \
	tests/e2e/039-hostile-pdus.sh \
	tests/e2e/040-hostile-abuse.sh
EXTRA_DIST += tests/e2e/rawldap.py tests/e2e/hostile_pdus.py \
	tests/e2e/hostile_abuse.py
