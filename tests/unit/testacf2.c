/*
 * testacf2.c - the schema, the map and a simulator database for the
 * tests of the ACF2 translation (testacf2.h).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "gateway/schema.h"
#include "mainframe-agent/sim/acf2/acf2.h"

#include "testacf2.h"
#include "testdir.h"

static time_t testacf2_now;

static const char *
testacf2_srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL ? s : ".";
}

void
testacf2_map(struct schema **sch, struct map **map)
{
	static const char *const files[] = { "core.schema", "racf.schema",
	    "acf2.schema" };
	char path[1024], err[512];
	size_t i;

	*sch = schema_new();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/schema/%s", testacf2_srcdir(),
		    files[i]);
		ck_assert_msg(schema_load_file(*sch, path, err, sizeof(err)) ==
		    0, "%s", err);
	}
	snprintf(path, sizeof(path), "%s/schema/acf2.map", testacf2_srcdir());
	*map = map_load(path, *sch, err, sizeof(err));
	ck_assert_msg(*map != NULL, "%s", err);
}

static time_t
testacf2_clock(void *arg)
{
	(void)arg;
	return testacf2_now;
}

struct acf2_db *
testacf2_db(time_t now)
{
	struct acf2_opts o;
	struct acf2_db *db;
	char err[256];

	testacf2_now = now;
	memset(&o, 0, sizeof(o));
	o.ao_path = testdir();
	o.ao_clock = testacf2_clock;
	o.ao_kdf_iterations = 1;
	o.ao_mapsize = 64 << 20;
	o.ao_nosync = 1;
	db = acf2_open(&o, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	return db;
}
