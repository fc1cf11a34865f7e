/*
 * fuzzsim.c - the output sink and the fixture runner of the simulator
 * harnesses (fuzzsim.h).
 */
#include "config.h"

#include <string.h>

#include "fuzzenv.h"
#include "fuzzsim.h"

static char fuzz_sim_line[FUZZ_SIM_MAX_LINE + 1];
static size_t fuzz_sim_count;

static int
fuzz_sim_line_cb(void *arg, const char *line, size_t len)
{
	if (len > FUZZ_SIM_MAX_LINE)
		fuzz_fail("an output line of %zu bytes", len);
	if (memchr(line, '\0', len) != NULL)
		fuzz_fail("an output line holds a NUL: %.*s", (int)len, line);
	if (memchr(line, '\n', len) != NULL || memchr(line, '\r', len) != NULL)
		fuzz_fail("an output line holds a line end: %.*s", (int)len,
		    line);
	memcpy(fuzz_sim_line, line, len);
	fuzz_sim_line[len] = '\0';
	fuzz_sim_count++;
	return 0;
}

const struct esm_out fuzz_sim_out = { fuzz_sim_line_cb, NULL };

void
fuzz_sim_reset(void)
{
	fuzz_sim_line[0] = '\0';
	fuzz_sim_count = 0;
}

size_t
fuzz_sim_nlines(void)
{
	return fuzz_sim_count;
}

const char *
fuzz_sim_last(void)
{
	return fuzz_sim_line;
}

time_t
fuzz_sim_clock(void *arg)
{
	(void)arg;
	return FUZZ_SIM_T0;
}

void
fuzz_sim_fixture(const char *const *cmds,
    int (*run)(const char *cmd, size_t len))
{
	int rc;

	for (; *cmds != NULL; cmds++) {
		fuzz_sim_reset();
		if ((rc = run(*cmds, strlen(*cmds))) != 0)
			fuzz_fail("fixture command %s: rc %d: %s", *cmds, rc,
			    fuzz_sim_last());
	}
}

int
fuzz_sim_rc_known(int rc, const int *rcs)
{
	for (; *rcs != -1; rcs++)
		if (rc == *rcs)
			return 1;
	return 0;
}
