# Check tests of the agent's own modules.
UNIT_TESTS += tests/unit/check_agent
tests_unit_check_agent_SOURCES = tests/unit/check_agent.c
tests_unit_check_agent_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_agent_LDADD = $(AGENT_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_agent_link
tests_unit_check_agent_link_SOURCES = tests/unit/check_agent_link.c \
	mainframe-agent/agent_audit.c mainframe-agent/agent_link.c \
	mainframe-agent/agent_work.c
tests_unit_check_agent_link_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_agent_link_LDADD = $(AGENT_LIBS) $(UNIT_LDADD)

UNIT_TESTS += tests/unit/check_cache
tests_unit_check_cache_SOURCES = tests/unit/check_cache.c
tests_unit_check_cache_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_cache_LDADD = $(AGENT_LIBS) $(UNIT_LDADD)
