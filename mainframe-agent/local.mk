# mainframe-agent/: esmagentd, esmconsole, esmgen and the ESM drivers.
include $(srcdir)/mainframe-agent/sim/common/local.mk
include $(srcdir)/mainframe-agent/sim/racf/local.mk
include $(srcdir)/mainframe-agent/sim/acf2/local.mk
include $(srcdir)/mainframe-agent/sim/tss/local.mk

# What the agent and the console share: drivers, configuration, lists,
# the event cache.
noinst_LIBRARIES += mainframe-agent/libagent.a
mainframe_agent_libagent_a_SOURCES = \
	mainframe-agent/agent.h \
	mainframe-agent/agent_cache.c \
	mainframe-agent/agent_conf.c \
	mainframe-agent/agent_policy.c \
	mainframe-agent/cache.c mainframe-agent/cache.h \
	mainframe-agent/cache_consumer.c \
	mainframe-agent/cache_ctl.c mainframe-agent/cache_ctl.h \
	mainframe-agent/cache_info.c \
	mainframe-agent/cache_int.h \
	mainframe-agent/cache_journal.c \
	mainframe-agent/cache_restore.c \
	mainframe-agent/cache_ring.c \
	mainframe-agent/cache_state.c \
	mainframe-agent/driver.c mainframe-agent/driver.h \
	mainframe-agent/driver_racf.c \
	mainframe-agent/driver_acf2.c \
	mainframe-agent/driver_tss.c
AGENT_LIBS = mainframe-agent/libagent.a $(RACFSIM_LIBS) $(ACF2SIM_LIBS) \
	$(TSSSIM_LIBS) \
	$(ESM_LIBS)

sbin_PROGRAMS += mainframe-agent/esmagentd
mainframe_agent_esmagentd_SOURCES = \
	mainframe-agent/esmagentd.c \
	mainframe-agent/agent_audit.c \
	mainframe-agent/agent_ctl.c \
	mainframe-agent/agent_link.c \
	mainframe-agent/agent_work.c
mainframe_agent_esmagentd_LDADD = $(AGENT_LIBS)

bin_PROGRAMS += mainframe-agent/esmconsole mainframe-agent/esmgen
mainframe_agent_esmconsole_SOURCES = mainframe-agent/esmconsole.c \
	mainframe-agent/console.h mainframe-agent/console_oper.c
mainframe_agent_esmconsole_LDADD = $(AGENT_LIBS)
mainframe_agent_esmgen_SOURCES = mainframe-agent/esmgen.c \
	mainframe-agent/esmgen.h mainframe-agent/esmgen_racf.c \
	mainframe-agent/esmgen_acf2.c mainframe-agent/esmgen_tss.c
mainframe_agent_esmgen_LDADD = $(ESM_LIBS)
