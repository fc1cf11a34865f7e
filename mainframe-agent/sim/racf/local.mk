# The RACF simulator.
noinst_LIBRARIES += mainframe-agent/sim/racf/libracfsim.a
mainframe_agent_sim_racf_libracfsim_a_SOURCES = \
	mainframe-agent/sim/racf/racf.h \
	mainframe-agent/sim/racf/cmd.c mainframe-agent/sim/racf/cmd.h \
	mainframe-agent/sim/racf/connect.c \
	mainframe-agent/sim/racf/group.c \
	mainframe-agent/sim/racf/lex.c mainframe-agent/sim/racf/lex.h \
	mainframe-agent/sim/racf/list.c \
	mainframe-agent/sim/racf/listgrp.c \
	mainframe-agent/sim/racf/parse.c mainframe-agent/sim/racf/parse.h \
	mainframe-agent/sim/racf/password.c \
	mainframe-agent/sim/racf/racf.c \
	mainframe-agent/sim/racf/rec.c \
	mainframe-agent/sim/racf/rules.c mainframe-agent/sim/racf/rules.h \
	mainframe-agent/sim/racf/search.c \
	mainframe-agent/sim/racf/segment.c mainframe-agent/sim/racf/segment.h \
	mainframe-agent/sim/racf/setropts.c \
	mainframe-agent/sim/racf/store.c mainframe-agent/sim/racf/store.h \
	mainframe-agent/sim/racf/user.c \
	mainframe-agent/sim/racf/verify.c
RACFSIM_LIBS = mainframe-agent/sim/racf/libracfsim.a $(SIMCOMMON_LIBS) \
	$(LMDB_LIBS)
