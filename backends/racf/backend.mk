# backends/racf/backend.mk: RACF's dialect of the backend engine and
# its backend_info, linked into the gateway library.
gateway_libgw_a_SOURCES += backends/racf/racf_dialect.c
