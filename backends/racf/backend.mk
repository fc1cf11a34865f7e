# backends/racf/backend.mk: the RACF backend instance and its operations
# (init.c fills the table; one file per operation), linked into the
# gateway library next to backends/backend.c.
gateway_libgw_a_SOURCES += \
	backends/racf/racf_be.h backends/racf/init.c \
	backends/racf/search.c backends/racf/fetch.c \
	backends/racf/write.c backends/racf/exec.c backends/racf/bind.c
