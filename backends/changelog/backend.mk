# backends/changelog/backend.mk: the changelog backend (cn=changelog over
# the store of gateway/changelog.mk), linked into the gateway library.
gateway_libgw_a_SOURCES += backends/changelog/clbe.h \
	backends/changelog/init.c backends/changelog/search.c \
	backends/changelog/notify.c
