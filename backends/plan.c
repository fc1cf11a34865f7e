/*
 * plan.c - plans of native commands (plan.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"
#include "backends/plan.h"

void
esm_plan_push(struct esm_plan *pl, char *text, char *what, int secret)
{
	size_t i;

	for (i = 0; i < pl->ep_n && !secret; i++)
		if (strcmp(pl->ep_cmds[i].ec_text, text) == 0) {
			free(text);
			free(what);
			return;
		}
	if (pl->ep_n == pl->ep_cap) {
		pl->ep_cap = pl->ep_cap * 2 + 4;
		pl->ep_cmds = xreallocarray(pl->ep_cmds, pl->ep_cap,
		    sizeof(*pl->ep_cmds));
	}
	pl->ep_cmds[pl->ep_n].ec_text = text;
	pl->ep_cmds[pl->ep_n].ec_what = what;
	pl->ep_cmds[pl->ep_n].ec_secret = secret;
	pl->ep_n++;
}

void
esm_plan_move(struct esm_plan *dst, struct esm_plan *src)
{
	size_t i;

	for (i = 0; i < src->ep_n; i++)
		esm_plan_push(dst, src->ep_cmds[i].ec_text,
		    src->ep_cmds[i].ec_what, src->ep_cmds[i].ec_secret);
	free(src->ep_cmds);
	memset(src, 0, sizeof(*src));
}

void
esm_plan_clear(struct esm_plan *pl)
{
	size_t i;

	for (i = 0; i < pl->ep_n; i++) {
		if (pl->ep_cmds[i].ec_secret)
			xfree_secret(pl->ep_cmds[i].ec_text,
			    strlen(pl->ep_cmds[i].ec_text));
		else
			free(pl->ep_cmds[i].ec_text);
		free(pl->ep_cmds[i].ec_what);
	}
	free(pl->ep_cmds);
	memset(pl, 0, sizeof(*pl));
}
