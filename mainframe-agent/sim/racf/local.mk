# The RACF simulator.
noinst_LIBRARIES += mainframe-agent/sim/racf/libracfsim.a
mainframe_agent_sim_racf_libracfsim_a_SOURCES = \
	mainframe-agent/sim/racf/racf.h mainframe-agent/esm.h
RACFSIM_LIBS = mainframe-agent/sim/racf/libracfsim.a $(LMDB_LIBS)
