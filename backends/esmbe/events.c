/*
 * events.c - what the engine does for its agents' events (backend.h's
 * struct be_event_ops, for gateway/gw_events.c): the section's "events"
 * address and link key, which hello identities it accepts (its "agent"
 * lines), and the read of the user or group an event names, or a
 * synchronization's consumer names by its DN.
 *
 * The read is esmbe_read() (fetch.c) under the gateway's own identity:
 * no LDAP client is behind it, so the agent's audit record names the
 * event instead (realm "esmgated events", operation the sequence).
 * Protected ids are never read: an event of one is as invisible as the
 * id is to LDAP.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>

#include "link.h"
#include "backends/backend.h"
#include "backends/map.h"
#include "backends/esmbe/esmbe.h"

#define ESMBE_EVENTS_REALM	"esmgated events"

static int
esmbe_event_source(struct backend *be, struct be_event_source *src)
{
	struct esmbe *rb = be->be_private;

	if (rb->rb_events_url == NULL)
		return 0;
	memset(src, 0, sizeof(*src));
	src->es_url = rb->rb_events_url;
	src->es_host = rb->rb_events_host;
	src->es_port = rb->rb_events_port;
	src->es_key = &rb->rb_key;
	src->es_key_previous = &rb->rb_key_previous;
	src->es_tls = rb->rb_events_tls ? rb->rb_tls : NULL;
	src->es_cipher = (int)rb->rb_cipher;
	src->es_esm = rb->rb_dl->dl_type;
	return 1;
}

static int
esmbe_event_agent(struct backend *be, const char *name)
{
	struct esmbe *rb = be->be_private;
	size_t i;

	for (i = 0; i < rb->rb_nagents; i++)
		if (strcasecmp(rb->rb_agents[i].ra_name, name) == 0)
			return 1;
	return 0;
}

/*
 * Read one user or group for a reader without an LDAP operation: a
 * protected id is never read, as LDAP never shows it.
 */
static struct be_read *
esmbe_read_unless_protected(struct esmbe *rb, enum map_class cls,
    const char *name, const struct link_identity *who, be_read_done_fn *done,
    void *arg, int *rc, char *text, size_t textlen)
{
	if (esmbe_is_protected(rb, cls, name)) {
		snprintf(text, textlen, "%s %s is protected",
		    map_class_name(cls), name);
		*rc = BE_READ_HIDDEN;
		return NULL;
	}
	return esmbe_read(rb, rb->rb_map, cls, name, who, done, arg, rc,
	    text, textlen);
}

static struct be_read *
esmbe_event_read(struct backend *be, enum be_event_target t, const char *id,
    be_read_done_fn *done, void *arg, int *rc, char *text, size_t textlen)
{
	struct esmbe *rb = be->be_private;
	struct link_identity who;
	char name[ESM_NAME_MAX + 1];
	enum map_class cls;

	if ((*rc = esmbe_event_name(rb, t, id, &cls, name, text,
	    textlen)) != 0)
		return NULL;
	memset(&who, 0, sizeof(who));
	who.li_realm = ESMBE_EVENTS_REALM;
	return esmbe_read_unless_protected(rb, cls, name, &who, done, arg, rc,
	    text, textlen);
}

static struct be_read *
esmbe_read_dn(struct backend *be, const char *dn, const char *ndn,
    const struct link_identity *who, be_read_done_fn *done, void *arg,
    int *rc, char *text, size_t textlen)
{
	struct esmbe *rb = be->be_private;
	struct esmbe_loc loc;
	struct be_read *rd = NULL;

	if (esmbe_locate(rb, rb->rb_map, dn, ndn, &loc) == -1 ||
	    loc.rl_node != ESMBE_NODE_LEAF || loc.rl_below) {
		snprintf(text, textlen, "%s names no %s entry", dn,
		    rb->rb_dl->dl_name);
		*rc = LDAP_NO_SUCH_OBJECT;
	} else
		rd = esmbe_read_unless_protected(rb, loc.rl_cls, loc.rl_id,
		    who, done, arg, rc, text, textlen);
	esmbe_loc_clear(&loc);
	return rd;
}

const struct be_event_ops esmbe_event_ops = {
	.beo_source = esmbe_event_source,
	.beo_agent = esmbe_event_agent,
	.beo_read = esmbe_event_read,
	.beo_cancel = esmbe_read_cancel,
	.beo_read_dn = esmbe_read_dn,
};
