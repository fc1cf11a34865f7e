# backends/tss/backend.mk: Top Secret's dialect of the backend engine and
# its backend_info, linked into the gateway library; the gateway links
# the translation layer after it, and installs the schema and the map.
gateway_libgw_a_SOURCES += backends/tss/tss_dialect.c
GW_LIBS += $(TSSBE_LIBS) $(GWMODEL_LIBS) $(ESM_LIBS)
dist_schema_DATA += schema/tss.schema schema/tss.map
