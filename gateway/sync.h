/*
 * sync.h - content synchronization (RFC 4533), refreshOnly and
 * refreshAndPersist, with cookies that name a change of the changelog.
 *
 * A cookie is where a consumer stands in the changelog: the number of
 * the last change it has.  It is written as OpenLDAP consumers keep
 * and send back their context CSN, "rid=NNN,csn=CSN", where the CSN's
 * time is 2000-01-01 plus as many microseconds as the change number
 * (so CSNs order as change numbers do, and a consumer's CSN tells the
 * gateway exactly where to resume).
 *
 * Refresh without a cookie: every entry in scope, state add, and the
 * cookie of the last change at the start.  With a cookie N: the
 * changelog's records after N name the entries that changed; those in
 * scope are sent as they are now (state add or modify), those gone or
 * no longer matching the filter as deletes (DN only), everything else
 * is unchanged and not sent.  Up to SYNC_READ_MAX changed entries are
 * read one by one; more, and the refresh lists the naming context.  A
 * cookie older than the changelog's first record (trimmed), newer than
 * its last, or followed by more than SYNC_CHANGED_MAX changes answers
 * e-syncRefreshRequired: the consumer starts again without a cookie.
 *
 * refreshOnly ends with a Sync Done control carrying the new cookie;
 * refreshAndPersist sends a Sync Info refreshDelete message with it
 * and stays open: each new change goes out with a Sync State control
 * and its cookie, through the persistent search machinery (psearch.h),
 * including the changes made while the refresh ran.
 */
#ifndef ESM_SYNC_H
#define ESM_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include <lber.h>

struct op;
struct entry;
struct pdu_control;

#define PDU_OID_SYNC_REQUEST	"1.3.6.1.4.1.4203.1.9.1.1"
#define PDU_OID_SYNC_STATE	"1.3.6.1.4.1.4203.1.9.1.2"
#define PDU_OID_SYNC_DONE	"1.3.6.1.4.1.4203.1.9.1.3"
#define PDU_OID_SYNC_INFO	"1.3.6.1.4.1.4203.1.9.1.4"
#define SYNC_REFRESH_REQUIRED	4096	/* e-syncRefreshRequired */
#define SYNC_CHANGED_MAX	100000	/* changes a refresh replays */
#define SYNC_READ_MAX		1000	/* changed entries read one by one */
#define SYNC_COOKIE_MAX		128

enum sync_state {
	SYNC_PRESENT = 0,
	SYNC_ADD,
	SYNC_MODIFY,
	SYNC_DELETE
};

/* The cookie of change number n for consumer rid (-1: none). */
void	sync_cookie_format(int rid, uint64_t n, char *buf, size_t len);
/*
 * Read a consumer's cookie: its rid (-1 when absent) and the change
 * number its csn names (*has_csn 0 when it names none: a consumer that
 * has nothing yet).  0, or -1 when it is not a cookie of this form.
 */
int	sync_cookie_parse(const struct berval *, int *rid, uint64_t *n,
	    int *has_csn);
/* The syncUUID of an entry: name-based (SHA-1) on its normalised DN. */
void	sync_uuid(const char *ndn, unsigned char uuid[16]);

/* The op's Sync Request control, or NULL. */
const struct pdu_control *sync_control(const struct op *);
/*
 * Before the search runs (after op_route): a Sync Request control on
 * op?  LDAP_SUCCESS (os_sync set when there is one), or a code with
 * o_text: a malformed control, a combination refused, no changelog,
 * SYNC_REFRESH_REQUIRED.
 */
int	sync_begin(struct op *);
/*
 * An entry the refresh found (the filter said yes): sent with its Sync
 * State, or skipped when a cookie says it did not change.  As
 * op_send_entry.  Only ESM entries are synchronized: none holds a
 * secret.
 */
int	sync_refresh_entry(struct op *, const struct entry *);
/*
 * After sync_begin: an incremental refresh of at most SYNC_READ_MAX
 * changed entries reads just those (the backend's beo_read_dn) rather
 * than listing the whole naming context, and ends the refresh itself:
 * OP_PENDING.  0 when the search must list as usual.
 */
int	sync_read_changed(struct op *);
/*
 * The refresh's search ended with rc: 1 when the op stays open
 * (refreshAndPersist), 0 when it ends as usual (refreshOnly: the Sync
 * Done control is set on the result).
 */
int	sync_refresh_done(struct op *, int rc);
/*
 * The Sync State control of a change sent to a persisting consumer
 * (value ber-allocated: ber_memfree it).  0 or -1.
 */
int	sync_change_control(struct op *, const struct entry *, int type,
	    uint64_t number, struct pdu_control *);
/* Was change number sent by the refresh already (it ran up to it)? */
int	sync_covers(const struct op *, uint64_t number);
void	sync_free(struct op *);

#endif
