/*
 * psearch.h - persistent search (draft-ietf-ldapext-psearch-03) and the
 * Entry Change Notification control.
 *
 * A search with the persistent search control first runs as any search
 * (unless changesOnly), then instead of ending it stays open: each
 * change the gateway learns of (from the changelog, psearch_notify) is
 * matched against every open persistent search -- change type, base and
 * scope, filter -- and sent as a SearchResultEntry, with an Entry Change
 * Notification control when the client asked for returnECs.  The search
 * ends when the client abandons it, its connection closes, its time
 * limit passes, or the client reads so slowly that its pending output
 * passes psearch-max-output: then the connection is closed with a
 * Notice of Disconnection naming the last change number it was sent,
 * from which cn=changelog lets it catch up.
 */
#ifndef ESM_PSEARCH_H
#define ESM_PSEARCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <lber.h>

struct op;
struct entry;
struct gateway;
struct evbuffer;

#define PDU_OID_PSEARCH		"2.16.840.1.113730.3.4.3"
#define PDU_OID_ECN		"2.16.840.1.113730.3.4.7"

/* Change types: the control's changeTypes bits and ECN's values. */
#define PS_ADD		1
#define PS_DELETE	2
#define PS_MODIFY	4
#define PS_MODDN	8
#define PS_ALL		(PS_ADD | PS_DELETE | PS_MODIFY | PS_MODDN)

#define PSEARCH_MAX_DEFAULT	256		/* open at once */
#define PSEARCH_OUT_DEFAULT	(4 * 1024 * 1024) /* bytes pending */

/* The control's value. */
struct psearch_req {
	int	pr_types;	/* PS_* bits */
	int	pr_changes_only;
	int	pr_return_ecs;
};

/* One open persistent search: the op's (op_search.os_ps). */
struct psearch {
	struct op		*ps_op;		/* borrowed: the owner */
	struct psearch_req	 ps_req;
	int			 ps_open;	/* first phase over */
	int			 ps_listening;	/* in the gateway's list */
	int			 ps_sync;	/* a content synchronization
						   (sync.h): Sync State
						   controls, every change */
	uint64_t		 ps_sent;	/* changes sent */
	uint64_t		 ps_last;	/* last change number sent */
	TAILQ_ENTRY(psearch)	 ps_entry;
};
TAILQ_HEAD(psearch_list, psearch);

/*
 * Decode the control's value: PersistentSearch ::= SEQUENCE {
 * changeTypes INTEGER, changesOnly BOOLEAN, returnECs BOOLEAN }.
 * 0, or -1 with why (changeTypes must be 1 to 15).
 */
int	psearch_decode(const struct berval *value, struct psearch_req *,
	    const char **why);
/*
 * EntryChangeNotification ::= SEQUENCE { changeType ENUMERATED,
 * previousDN LDAPDN OPTIONAL (moddn only), changeNumber INTEGER
 * OPTIONAL (0: none) }, into a ber-allocated value.  0 or -1.
 */
int	psearch_encode_ecn(int type, const char *prevdn, uint64_t number,
	    struct berval *out);
/* Is the DN ndn (normalised) within base ndn and scope? */
int	psearch_in_scope(const char *base, int scope, const char *ndn);

/*
 * Before the search runs: a persistent search control on op?  Returns
 * LDAP_SUCCESS (os_ps set when there is one), or a result code with
 * o_text: a malformed value (protocolError), a combination this
 * gateway refuses (paged results), too many open.
 */
int	psearch_begin(struct op *);
/*
 * The op's search phase ended with rc: 1 when the op stays open as a
 * persistent search (nothing more to do), 0 when it ends as usual.
 */
int	psearch_persist(struct op *, int rc);
/*
 * A content synchronization listens from its start (its refresh still
 * running), for every change type: LDAP_SUCCESS, or
 * adminLimitExceeded when psearch-max are open.
 */
int	psearch_listen(struct op *, int sync);
/* The op goes away (op_free): unlink and free its state. */
void	psearch_free(struct op *);

/*
 * A change: the entry as it is now (for a delete, its DN and what is
 * known of it), the change type (PS_*), the DN it had before a moddn
 * (else NULL), its changelog number (0: none).  Sent to every open
 * persistent search and content synchronization it matches; suppressed
 * (the changelog hides the gateway's own changes): to the
 * synchronizations only, which replicate every change.
 */
void	psearch_notify(struct gateway *, const struct entry *, int type,
	    const char *prevdn, uint64_t number, int suppressed);
/* esmctl status lines. */
void	psearch_status(struct gateway *, struct evbuffer *);

#endif
