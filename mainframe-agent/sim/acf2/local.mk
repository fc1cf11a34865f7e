# The CA ACF2 simulator.
noinst_LIBRARIES += mainframe-agent/sim/acf2/libacf2sim.a
mainframe_agent_sim_acf2_libacf2sim_a_SOURCES = \
	mainframe-agent/sim/acf2/acf2.c mainframe-agent/sim/acf2/acf2.h \
	mainframe-agent/sim/acf2/cmd.c mainframe-agent/sim/acf2/cmd.h \
	mainframe-agent/sim/acf2/field.c mainframe-agent/sim/acf2/field.h \
	mainframe-agent/sim/acf2/gso.c \
	mainframe-agent/sim/acf2/lex.c mainframe-agent/sim/acf2/lex.h \
	mainframe-agent/sim/acf2/lid.c \
	mainframe-agent/sim/acf2/list.c \
	mainframe-agent/sim/acf2/rec.c \
	mainframe-agent/sim/acf2/rule.c \
	mainframe-agent/sim/acf2/store.c mainframe-agent/sim/acf2/store.h \
	mainframe-agent/sim/acf2/verify.c
ACF2SIM_LIBS = mainframe-agent/sim/acf2/libacf2sim.a $(SIMCOMMON_LIBS) \
	$(LMDB_LIBS)
