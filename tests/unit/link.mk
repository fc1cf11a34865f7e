# Check tests of the link (lib/link*).
UNIT_TESTS += tests/unit/check_link_key tests/unit/check_link_msg \
	tests/unit/check_link_session tests/unit/check_link_conn \
	tests/unit/check_link_client
tests_unit_check_link_key_SOURCES = tests/unit/check_link_key.c
tests_unit_check_link_key_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_link_key_LDADD = $(ESM_LIBS) $(UNIT_LDADD)
tests_unit_check_link_msg_SOURCES = tests/unit/check_link_msg.c
tests_unit_check_link_msg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_link_msg_LDADD = $(ESM_LIBS) $(UNIT_LDADD)
tests_unit_check_link_session_SOURCES = tests/unit/check_link_session.c
tests_unit_check_link_session_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_link_session_LDADD = $(ESM_LIBS) $(UNIT_LDADD)
tests_unit_check_link_conn_SOURCES = tests/unit/check_link_conn.c
tests_unit_check_link_conn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_link_conn_LDADD = $(ESM_LIBS) $(UNIT_LDADD)
tests_unit_check_link_client_SOURCES = tests/unit/check_link_client.c
tests_unit_check_link_client_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_link_client_LDADD = $(ESM_LIBS) $(UNIT_LDADD)

# The event body codec; its type names are checked against the agent's.
UNIT_TESTS += tests/unit/check_link_event
tests_unit_check_link_event_SOURCES = tests/unit/check_link_event.c \
	mainframe-agent/esm.c
tests_unit_check_link_event_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_link_event_LDADD = $(ESM_LIBS) $(UNIT_LDADD)
