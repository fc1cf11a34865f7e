# backends/: the backend API, the engine and one directory per ESM.

# What every ESM's translation shares: schema maps, value quoting and
# command plans.
noinst_LIBRARIES += backends/libmap.a
backends_libmap_a_SOURCES = \
	backends/map.c backends/map.h \
	backends/plan.c backends/plan.h \
	backends/quote.c backends/quote.h \
	backends/planner.c backends/planner.h
MAP_LIBS = backends/libmap.a

include $(srcdir)/backends/racf/translate.mk
include $(srcdir)/backends/acf2/translate.mk
include $(srcdir)/backends/tss/translate.mk
# The engine and the dialects link into the gateway library.
include $(srcdir)/backends/esmbe/local.mk
include $(srcdir)/backends/racf/backend.mk
include $(srcdir)/backends/acf2/backend.mk
include $(srcdir)/backends/tss/backend.mk
# The gateway's changelog, shown as cn=changelog.
include $(srcdir)/backends/changelog/backend.mk
