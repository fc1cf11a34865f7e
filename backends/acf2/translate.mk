# backends/acf2/translate.mk: the CA ACF2 translation layer: quoting,
# LIST and DECOMP parsing, command plans.
noinst_LIBRARIES += backends/libacf2be.a
backends_libacf2be_a_SOURCES = \
	backends/acf2/acf2_quote.c backends/acf2/acf2_quote.h \
	backends/acf2/acf2_list.c backends/acf2/acf2_list.h \
	backends/acf2/acf2_cmd.c backends/acf2/acf2_cmd.h
ACF2BE_LIBS = backends/libacf2be.a $(MAP_LIBS)

EXTRA_DIST += schema/acf2.schema schema/acf2.map
