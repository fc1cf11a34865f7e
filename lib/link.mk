# lib/link*: the gateway <-> agent link.
lib_libesm_a_SOURCES += lib/link.h lib/link_int.h \
	lib/link_key.c lib/link_msg.c lib/link_session.c \
	lib/link_conn.c lib/link_client.c \
	lib/link_tls.c lib/link_tls.h
# Strict DER over liblber, shared by every codec (link_msg, link_event).
lib_libesm_a_SOURCES += lib/asn.c lib/asn.h
# The body of an event message (agent -> gateway).
lib_libesm_a_SOURCES += lib/link_event.c lib/link_event.h
