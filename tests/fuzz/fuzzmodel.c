/*
 * fuzzmodel.c - the schema and the maps the harnesses share
 * (fuzzmodel.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "gateway/schema.h"

#include "fuzzenv.h"
#include "fuzzmodel.h"

#define FUZZ_NMAPS	3

static struct schema *fuzz_sch;
static struct {
	const char	*esm;
	struct map	*map;
} fuzz_maps[FUZZ_NMAPS] = { { "racf", NULL }, { "acf2", NULL },
    { "tss", NULL } };

static void
fuzz_model_free(void)
{
	size_t i;

	for (i = 0; i < FUZZ_NMAPS; i++) {
		map_unref(fuzz_maps[i].map);
		fuzz_maps[i].map = NULL;
	}
	schema_free(fuzz_sch);
	fuzz_sch = NULL;
}

const struct schema *
fuzz_schema(void)
{
	char dir[1024], err[512];

	if (fuzz_sch != NULL)
		return fuzz_sch;
	snprintf(dir, sizeof(dir), "%s/schema", fuzz_srcdir());
	fuzz_sch = schema_new();
	if (schema_load_dir(fuzz_sch, dir, err, sizeof(err)) == -1)
		fuzz_fail("%s", err);
	atexit(fuzz_model_free);
	return fuzz_sch;
}

const struct map *
fuzz_map(const char *esm)
{
	char path[1024], err[512];
	const struct schema *sch = fuzz_schema();
	size_t i;

	for (i = 0; i < FUZZ_NMAPS; i++)
		if (strcmp(fuzz_maps[i].esm, esm) == 0)
			break;
	if (i == FUZZ_NMAPS)
		fuzz_fail("no map for ESM %s", esm);
	if (fuzz_maps[i].map == NULL) {
		snprintf(path, sizeof(path), "%s/schema/%s.map",
		    fuzz_srcdir(), esm);
		if ((fuzz_maps[i].map = map_load(path, sch, err,
		    sizeof(err))) == NULL)
			fuzz_fail("%s", err);
	}
	return fuzz_maps[i].map;
}
