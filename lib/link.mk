# lib/link*: the gateway <-> agent link.
lib_libesm_a_SOURCES += lib/link.h lib/link_int.h \
	lib/link_key.c lib/link_msg.c lib/link_session.c \
	lib/link_conn.c lib/link_client.c
