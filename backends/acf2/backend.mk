# backends/acf2/backend.mk: CA ACF2's dialect of the backend engine and
# its backend_info, linked into the gateway library; the gateway links
# the translation layer after it, and installs the schema and the map.
gateway_libgw_a_SOURCES += backends/acf2/acf2_dialect.c
GW_LIBS += $(ACF2BE_LIBS) $(GWMODEL_LIBS) $(ESM_LIBS)
dist_schema_DATA += schema/acf2.schema schema/acf2.map
