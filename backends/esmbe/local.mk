# backends/esmbe/local.mk: the backend engine every ESM runs on (one
# file per operation; init.c the lifecycle), linked into the gateway
# library next to backends/backend.c.  Each ESM adds its dialect.
gateway_libgw_a_SOURCES += \
	backends/esmbe/esmbe.h backends/esmbe/dialect.h \
	backends/esmbe/init.c backends/esmbe/search.c \
	backends/esmbe/fetch.c backends/esmbe/write.c \
	backends/esmbe/exec.c backends/esmbe/bind.c \
	backends/esmbe/events.c
