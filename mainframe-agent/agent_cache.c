/*
 * agent_cache.c - the event cache an agent's configuration describes,
 * opened the same way by esmagentd and by esmconsole, so that both
 * write their exits' events into one ring and one journal.
 *
 * The cache belongs to the sharing group, not to one agent: the LPARs
 * of one security database share one ring (its default name derives
 * from the database's path), one sequence and one set of keys, so an
 * event is numbered, sealed and sent once for all of them; an agent of
 * another sharing group is refused the ring (cache.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/cache.h"

struct cache *
agent_cache_open(const struct agent_conf *ac, const struct link_key *key,
    const struct link_key *key_previous, const char *task, int may_resize,
    char *err, size_t errlen)
{
	struct cache_opts o;
	struct cache *c;
	char name[256], *journal;

	if (ac->ac_cache_name != NULL)
		snprintf(name, sizeof(name), "%s", ac->ac_cache_name);
	else
		cache_default_name(ac->ac_database, name, sizeof(name));
	if (ac->ac_cache_journal != NULL)
		journal = xstrdup(ac->ac_cache_journal);
	else	/* beside the database's own files */
		xasprintf(&journal, "%s/cache.journal", ac->ac_database);
	memset(&o, 0, sizeof(o));
	o.co_name = name;
	o.co_journal = journal;
	o.co_agent = ac->ac_sharing_group;
	o.co_task = task;
	o.co_key = key;
	o.co_key_previous = key_previous;
	o.co_slots = ac->ac_cache_slots;
	o.co_may_resize = may_resize;
	c = cache_open(&o, err, errlen);
	free(journal);
	return c;
}
