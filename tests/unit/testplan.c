/*
 * testplan.c - schema, map, simulator commands, plans and one entry
 * listed back, for the tests of every ESM's translation (testplan.h).
 */
#include "config.h"

#include <check.h>
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "backends/plan.h"
#include "gateway/entry.h"
#include "gateway/schema.h"
#include "mainframe-agent/esm.h"

#include "testplan.h"

char testplan_outbuf[8192];

static testplan_cmd_fn *testplan_cmd;
static const char *testplan_join;
static int testplan_okrc;

static testplan_feed_fn *testplan_feed;
static struct entry *testplan_got;
static char testplan_err[512];

static const char *
testplan_srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL ? s : ".";
}

static void
testplan_load(struct schema *sch, const char *name)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/schema/%s.schema", testplan_srcdir(),
	    name);
	ck_assert_msg(schema_load_file(sch, path, testplan_err,
	    sizeof(testplan_err)) == 0, "%s", testplan_err);
}

void
testplan_map(const char *esm, struct schema **sch, struct map **map)
{
	char path[1024];

	*sch = schema_new();
	testplan_load(*sch, "core");
	testplan_load(*sch, "racf");
	if (strcmp(esm, "racf") != 0)
		testplan_load(*sch, esm);
	snprintf(path, sizeof(path), "%s/schema/%s.map", testplan_srcdir(),
	    esm);
	*map = map_load(path, *sch, testplan_err, sizeof(testplan_err));
	ck_assert_msg(*map != NULL, "%s", testplan_err);
}

void
testplan_sim_bind(testplan_cmd_fn *cmd, const char *join, int okrc)
{
	testplan_cmd = cmd;
	testplan_join = join;
	testplan_okrc = okrc;
}

static int
testplan_out_line(void *arg, const char *line, size_t len)
{
	size_t n = strlen(testplan_outbuf);

	(void)arg;
	if (testplan_join == NULL)
		snprintf(testplan_outbuf + n, sizeof(testplan_outbuf) - n,
		    "%.*s\n", (int)len, line);
	else
		snprintf(testplan_outbuf + n, sizeof(testplan_outbuf) - n,
		    "%s%.*s", n > 0 ? testplan_join : "", (int)len, line);
	return 0;
}

const struct esm_out *
testplan_out(void)
{
	static const struct esm_out o = { testplan_out_line, NULL };

	testplan_outbuf[0] = '\0';
	return &o;
}

int
testplan_sim(const char *cmd)
{
	return testplan_cmd(cmd, strlen(cmd), testplan_out());
}

void
testplan_sim_ok(const char *cmd)
{
	int rc = testplan_sim(cmd);

	ck_assert_msg(rc == 0, "%s: rc %d: %s", cmd, rc, testplan_outbuf);
}

void
testplan_run(struct esm_plan *plan)
{
	size_t i;
	int rc;

	for (i = 0; i < plan->ep_n; i++) {
		rc = testplan_sim(plan->ep_cmds[i].ec_text);
		ck_assert_msg(rc <= testplan_okrc, "%s: rc %d: %s",
		    plan->ep_cmds[i].ec_what, rc, testplan_outbuf);
	}
	esm_plan_clear(plan);
}

void
testplan_got_cb(void *arg, struct entry *e)
{
	(void)arg;
	ck_assert_ptr_null(testplan_got);
	testplan_got = e;
}

static int
testplan_list_line(void *arg, const char *line, size_t len)
{
	struct berval bv;

	bv.bv_val = (char *)line;
	bv.bv_len = len;
	ck_assert_msg(testplan_feed(arg, &bv, 1, testplan_err,
	    sizeof(testplan_err)) == 0, "%s", testplan_err);
	return 0;
}

void
testplan_list(const char *cmd, testplan_feed_fn *feed, void *list)
{
	struct esm_out o = { testplan_list_line, list };

	testplan_got = NULL;
	testplan_feed = feed;
	testplan_cmd(cmd, strlen(cmd), &o);
}

struct entry *
testplan_listed(void)
{
	return testplan_got;
}
