# backends/acf2/backend.mk: CA ACF2's dialect of the backend engine and
# its backend_info, linked into the gateway library.
gateway_libgw_a_SOURCES += backends/acf2/acf2_dialect.c
