# tests/unit/changelog.mk: the changelog store (gateway/changelog.mk).
UNIT_TESTS += tests/unit/check_changelog
tests_unit_check_changelog_SOURCES = tests/unit/check_changelog.c
tests_unit_check_changelog_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_changelog_LDADD = $(CHANGELOG_LIBS) $(UNIT_LDADD)

# Events made into records, with a real RACF backend's map: the whole
# gateway library.
UNIT_TESTS += tests/unit/check_changelog_event
tests_unit_check_changelog_event_SOURCES = \
	tests/unit/check_changelog_event.c
tests_unit_check_changelog_event_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_changelog_event_LDADD = $(GW_LIBS) $(UNIT_LDADD)

# The changelog backend's configuration, opening and trim timer.
UNIT_TESTS += tests/unit/check_clbe
tests_unit_check_clbe_SOURCES = tests/unit/check_clbe.c \
	tests/unit/testschema.c tests/unit/testschema.h
tests_unit_check_clbe_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_clbe_LDADD = $(GW_LIBS) $(UNIT_LDADD)
