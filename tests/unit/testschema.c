/*
 * testschema.c - schema/core.schema loaded for the data-model tests.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "gateway/schema.h"
#include "testschema.h"

const char *
testschema_core_path(void)
{
	static char path[1024];
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/schema/core.schema",
	    top != NULL ? top : ".");
	return path;
}

struct schema *
testschema_core(void)
{
	struct schema *s = schema_new();
	char err[512] = "";

	ck_assert_msg(schema_load_file(s, testschema_core_path(), err,
	    sizeof(err)) == 0, "core.schema: %s", err);
	return s;
}
