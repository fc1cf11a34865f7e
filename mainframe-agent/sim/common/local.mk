# What every ESM simulator shares: exit event names, password hashes.
noinst_LIBRARIES += mainframe-agent/sim/common/libsimcommon.a
mainframe_agent_sim_common_libsimcommon_a_SOURCES = \
	mainframe-agent/esm.c mainframe-agent/esm.h \
	mainframe-agent/sim/common/pwhash.c \
	mainframe-agent/sim/common/pwhash.h
SIMCOMMON_LIBS = mainframe-agent/sim/common/libsimcommon.a
