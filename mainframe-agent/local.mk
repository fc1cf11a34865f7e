# mainframe-agent/: esmagentd, esmconsole and the ESM drivers.
include $(srcdir)/mainframe-agent/sim/racf/local.mk
