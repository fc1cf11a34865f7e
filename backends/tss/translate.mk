# backends/tss/translate.mk: the CA Top Secret translation layer:
# quoting, LIST parsing, command plans.
noinst_LIBRARIES += backends/libtssbe.a
backends_libtssbe_a_SOURCES = \
	backends/tss/tss_quote.c backends/tss/tss_quote.h \
	backends/tss/tss_list.c backends/tss/tss_list.h \
	backends/tss/tss_cmd.c backends/tss/tss_cmd.h
TSSBE_LIBS = backends/libtssbe.a $(MAP_LIBS)

EXTRA_DIST += schema/tss.schema schema/tss.map
