# lib/: what both daemons share.
noinst_LIBRARIES += lib/libesm.a
lib_libesm_a_SOURCES = \
	lib/conf.c lib/conf.h \
	lib/crypt.c lib/crypt.h \
	lib/event_seal.c lib/event_seal.h \
	lib/hex.c lib/hex.h \
	lib/ctl.c lib/ctl.h \
	lib/log.c lib/log.h \
	lib/tss_bare.c lib/tss_bare.h \
	lib/utf8.c lib/utf8.h \
	lib/xmalloc.c lib/xmalloc.h

# The link protocol keeps its own list.
include $(srcdir)/lib/link.mk

ESM_LIBS = lib/libesm.a $(LIBEVENT_OPENSSL_LIBS) $(LIBEVENT_LIBS) \
	$(OPENSSL_LIBS) $(LBER_LIBS) $(PTHREAD_LIBS)
