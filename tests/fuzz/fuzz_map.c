/*
 * fuzz_map.c - the schema map parser (backends/map.c, map_load_text)
 * against the LDAP schema esmgated loads, on the text of a map file.
 *
 * A map that loads is then used as the backends use it: every line is
 * found by its name, every class names an entry and turns a record
 * whose fields all hold a value into an entry, and every operand
 * template a command is built from (set= and clear= outside commands of
 * their own, without the planner's %k and %{ATTR}) goes into a command
 * with a value: the load checked the templates, so none may then be
 * refused as malformed.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "gateway/entry.h"

#include "fuzzenv.h"
#include "fuzzmodel.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Does the planner resolve something in t before map_ops_add sees it? */
static int
fuzz_map_planned(const char *t)
{
	return strstr(t, "%k") != NULL || strstr(t, "%{") != NULL;
}

static void
fuzz_map_template(const char *t, enum map_via via, int secret)
{
	struct map_ops ops;
	const char *why = NULL;
	char *s;

	if (t == NULL || via == MAP_VIA_COMMAND || fuzz_map_planned(t))
		return;
	memset(&ops, 0, sizeof(ops));
	if (map_ops_add(&ops, t, "BSMITH", "'V'", secret, &why) == -1)
		fuzz_fail("template %s passed the load, but: %s", t,
		    why != NULL ? why : "(no reason)");
	s = map_ops_format(&ops, "ALTUSER BSMITH", 1);
	free(s);
	map_ops_clear(&ops);
}

/* A record holding "1" in every field the map reads. */
static void
fuzz_map_record(const struct map *m, enum map_class c)
{
	struct map_rec r;
	struct entry *e;
	char *dn;
	size_t i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < m->m_nfields; i++)
		map_rec_add(&r, m->m_fields[i], "1", 1);
	if ((e = map_rec_entry(m, fuzz_schema(), c, &r, "dc=racf,dc=com",
	    NULL, NULL)) != NULL)
		entry_free(e);
	dn = map_dn(m, c, "BSMITH", "dc=racf,dc=com");
	free(dn);
	map_rec_free(&r);
}

static void
fuzz_map_use(const struct map *m)
{
	const struct map_attr *ma;
	size_t i;
	int c;

	for (i = 0; i < m->m_nattrs; i++) {
		ma = &m->m_attrs[i];
		if (map_find(m, ma->ma_class, ma->ma_name,
		    strlen(ma->ma_name)) == NULL)
			fuzz_fail("line %d: %s is not found by its name",
			    ma->ma_line, ma->ma_name);
		(void)map_attr_is_multi(ma);
		fuzz_map_template(ma->ma_set, ma->ma_via,
		    ma->ma_syntax == MAP_SX_SECRET);
		fuzz_map_template(ma->ma_clear, ma->ma_clearvia, 0);
	}
	for (c = 0; c < MAP_CLASS__MAX; c++) {
		if (!m->m_class[c].mc_defined)
			continue;
		(void)map_reads_segment(m, (enum map_class)c, "TSO");
		fuzz_map_record(m, (enum map_class)c);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct map *m;
	char err[512];

	err[0] = '\0';
	if ((m = map_load_text("fuzz.map", (const char *)data, size,
	    fuzz_schema(), err, sizeof(err))) == NULL) {
		if (err[0] == '\0')
			fuzz_fail("map_load_text failed without a reason");
		return 0;
	}
	fuzz_map_use(m);
	map_unref(m);
	return 0;
}
