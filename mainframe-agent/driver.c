/*
 * driver.c - the registry of ESM drivers.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "mainframe-agent/driver.h"

extern const struct esm_driver driver_sim_racf;
extern const struct esm_driver driver_sim_acf2;
extern const struct esm_driver driver_sim_tss;

static const struct esm_driver *drivers[] = {
	&driver_sim_racf,
	&driver_sim_acf2,
	&driver_sim_tss,
};

const struct esm_driver *
driver_find(const char *name, const char *esm)
{
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (strcasecmp(drivers[i]->ed_name, name) == 0 &&
		    strcasecmp(drivers[i]->ed_esm, esm) == 0)
			return drivers[i];
	return NULL;
}

/* Returns the verb's length; *verb points into cmd. */
size_t
driver_verb(const char *cmd, size_t len, const char **verb)
{
	size_t i = 0, start;

	while (i < len && (cmd[i] == ' ' || cmd[i] == '\t'))
		i++;
	start = i;
	while (i < len && cmd[i] != ' ' && cmd[i] != '\t' && cmd[i] != '(')
		i++;
	*verb = cmd + start;
	return i - start;
}
