# Check tests of the agent's own modules.
UNIT_TESTS += tests/unit/check_agent
tests_unit_check_agent_SOURCES = tests/unit/check_agent.c
tests_unit_check_agent_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_agent_LDADD = $(AGENT_LIBS) $(UNIT_LDADD)
