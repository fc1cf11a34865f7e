/*
 * changelog_event.h - how an agent's event becomes a changelog record:
 * the call the gateway's event receiver makes once it has the entry.
 *
 * The receiver decodes the event (lib/link_event.h), opens its sealed
 * password (lib/event_seal.h: event_open_password), fetches the entry
 * the event names through the backend of that agent (none for a
 * delete), then calls changelog_event_append() and acks the event to the
 * agent only if it returned 0 (a new record or a duplicate).  The store
 * (gateway/changelog.h) tells its subscribers of each new record, with
 * the entry (cr_entry) for a persistent search to send.
 */
#ifndef ESM_CHANGELOG_EVENT_H
#define ESM_CHANGELOG_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <lber.h>

#include "gateway/changelog.h"

struct backend;
struct entry;
struct link_event;

/*
 * Build the record of ev and append it.
 *
 *	targetDN	the backend's DN of the event's user, or of its
 *			group for the group events (bi_event_dn, the map)
 *	changeType	add for create and group-create, delete for delete
 *			and group-delete, modify for every other event
 *	changes		from e (the entry as fetched after the change): an
 *			add's attributes; a modify's "replace:" and
 *			"delete:" blocks of the attributes that differ from
 *			the entry's state at its previous record (the event
 *			names native fields, not attributes, so the states
 *			are compared), or of every attribute but objectClass
 *			and the naming one when the store has no state of
 *			it yet; none for a delete or when e is NULL (the
 *			entry was gone when fetched)
 *	origin		gateway when ev->le_via says a gateway's request
 *			made the change, native otherwise
 *
 * password: the event's new password in clear (NULL: none), borrowed;
 * the caller zeroes it.  0 with *number and *added (see
 * changelog_append), or -1 with a reason: nothing was stored.
 */
int	changelog_event_append(struct changelog *, const struct link_event *ev,
	    const struct berval *password, const struct entry *e,
	    struct backend *be, uint64_t *number,
	    enum changelog_added *added, char *err, size_t errlen);

/*
 * The same in two steps, for a receiver that appends many events in one
 * transaction: the record of ev (as above) built into er, which owns
 * its strings and borrows password and e; then a batch of them appended
 * (changelog_append_batch) and each new one logged.
 */
struct changelog_event_rec {
	struct changelog_rec	 er_rec;	/* points into this struct */
	char			*er_target;	/* owned */
	char			*er_changes;	/* owned */
	char			*er_state;	/* owned: cr_state */
	char			 er_fields[CHANGELOG_FIELDS_MAX + 1];
};
int	changelog_event_record(const struct link_event *ev,
	    const struct berval *password, const struct entry *e,
	    struct backend *be, struct changelog_event_rec *er, char *err,
	    size_t errlen);
void	changelog_event_record_clear(struct changelog_event_rec *);
int	changelog_event_append_batch(struct changelog *,
	    struct changelog_event_rec *const *ers, size_t n,
	    enum changelog_added *added, char *err, size_t errlen);

/*
 * The changes of e as LDIF (RFC 2849 value rules: base64 for values a
 * plain line cannot carry), malloc'ed: for CHANGELOG_ADD "attr: value"
 * lines, for CHANGELOG_MODIFY one "replace: attr" block per attribute,
 * each ended by "-".  Operational attributes are left out, and skip
 * (the naming attribute's type) too for a modify.
 */
char	*changelog_event_ldif(const struct entry *e, enum changelog_type,
	    const char *skip);

#endif
