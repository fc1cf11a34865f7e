# The CA Top Secret simulator.
noinst_LIBRARIES += mainframe-agent/sim/tss/libtsssim.a
mainframe_agent_sim_tss_libtsssim_a_SOURCES = \
	mainframe-agent/sim/tss/tss.h \
	mainframe-agent/sim/tss/acid.c \
	mainframe-agent/sim/tss/cmd.c mainframe-agent/sim/tss/cmd.h \
	mainframe-agent/sim/tss/lex.c mainframe-agent/sim/tss/lex.h \
	mainframe-agent/sim/tss/list.c \
	mainframe-agent/sim/tss/permit.c \
	mainframe-agent/sim/tss/rec.c \
	mainframe-agent/sim/tss/store.c mainframe-agent/sim/tss/store.h \
	mainframe-agent/sim/tss/tss.c \
	mainframe-agent/sim/tss/verify.c
TSSSIM_LIBS = mainframe-agent/sim/tss/libtsssim.a $(SIMCOMMON_LIBS) \
	$(LMDB_LIBS)
