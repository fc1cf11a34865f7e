# What every ESM simulator shares: exit event names, password hashes,
# the LMDB environment, the record form, output lines and exit events,
# quoted strings, the characters ids and text may hold.
noinst_LIBRARIES += mainframe-agent/sim/common/libsimcommon.a
mainframe_agent_sim_common_libsimcommon_a_SOURCES = \
	mainframe-agent/esm.c mainframe-agent/esm.h \
	mainframe-agent/sim/common/pwhash.c \
	mainframe-agent/sim/common/simchar.c \
	mainframe-agent/sim/common/simchar.h \
	mainframe-agent/sim/common/pwhash.h \
	mainframe-agent/sim/common/recbuf.c \
	mainframe-agent/sim/common/recbuf.h \
	mainframe-agent/sim/common/simdb.c \
	mainframe-agent/sim/common/simdb.h \
	mainframe-agent/sim/common/simlex.c \
	mainframe-agent/sim/common/simlex.h \
	mainframe-agent/sim/common/simout.c \
	mainframe-agent/sim/common/simout.h
SIMCOMMON_LIBS = mainframe-agent/sim/common/libsimcommon.a
