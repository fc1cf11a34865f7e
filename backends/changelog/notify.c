/*
 * notify.c - new changelog records to persistent searches.
 *
 * Each record the store announces (once it is on disk, in order) goes
 * out twice: as the change of the ESM entry it names, to persistent
 * searches of that entry's naming context (the entry as the event's
 * fetch read it; a deleted entry by its DN alone), and as a new entry
 * of cn=changelog, to persistent searches of the changelog.  With
 * "origin-gateway suppress" the gateway's own changes go to neither, as
 * they are absent from cn=changelog -- but still to content
 * synchronizations, which replicate every change.  A password never goes out this
 * way: the announced record carries none, and a password reader reads
 * the record itself.
 */
#include "config.h"

#include <stdlib.h>

#include "log.h"
#include "backends/backend.h"
#include "backends/changelog/clbe.h"
#include "gateway/changelog.h"
#include "gateway/entry.h"
#include "gateway/gw.h"
#include "gateway/psearch.h"

/* The persistent search change type of a changelog record. */
static int
clbe_ps_type(enum changelog_type t)
{
	switch (t) {
	case CHANGELOG_ADD:
		return PS_ADD;
	case CHANGELOG_DELETE:
		return PS_DELETE;
	case CHANGELOG_MODRDN:
		return PS_MODDN;
	default:
		return PS_MODIFY;
	}
}

static void
clbe_notify(void *arg, const struct changelog_rec *rec)
{
	struct clbe *cb = arg;
	struct gateway *gw = cb->cb_be->be_gw;
	struct entry *own = NULL, *record;
	const struct entry *e = rec->cr_entry;

	int hidden = clbe_is_hidden(cb, rec);

	if (e == NULL || rec->cr_type == CHANGELOG_DELETE)
		e = own = entry_new(rec->cr_target);
	psearch_notify(gw, e, clbe_ps_type(rec->cr_type), NULL,
	    rec->cr_number, hidden);
	entry_free(own);
	if (hidden)
		return;
	record = clbe_record_entry(cb, rec);
	psearch_notify(gw, record, PS_ADD, NULL, rec->cr_number, 0);
	entry_free(record);
}

void
clbe_notify_start(struct clbe *cb)
{
	cb->cb_sub = changelog_subscribe(cb->cb_cl, clbe_notify, cb);
}

void
clbe_notify_stop(struct clbe *cb)
{
	if (cb->cb_sub != NULL && cb->cb_cl != NULL)
		changelog_unsubscribe(cb->cb_cl, cb->cb_sub);
	cb->cb_sub = NULL;
}
