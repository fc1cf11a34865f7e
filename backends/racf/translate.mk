# backends/racf/translate.mk: the RACF translation layer: quoting, LIST
# parsing, command plans.
noinst_LIBRARIES += backends/libracfbe.a
backends_libracfbe_a_SOURCES = \
	backends/racf/racf_quote.c backends/racf/racf_quote.h \
	backends/racf/racf_list.c backends/racf/racf_list.h \
	backends/racf/racf_cmd.c backends/racf/racf_cmd.h
RACFBE_LIBS = backends/libracfbe.a $(MAP_LIBS)

EXTRA_DIST += schema/racf.schema schema/racf.map
