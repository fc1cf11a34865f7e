# lib/link*: the gateway <-> agent link.
lib_libesm_a_SOURCES += lib/link.h
