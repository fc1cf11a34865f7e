/*
 * op.h - an LDAP operation's lifetime and dispatch.
 *
 *   received ─► decoded ─► routed ─► running ─► (pending on agent)* ─► finished
 *                    └─ protocolError ─► disconnect     abandoned ─┘ (no response)
 *
 * - op_new() takes exactly one PDU's bytes; decoded strings borrow from
 *   them and live exactly as long as the op.
 * - The op sits in its connection's tree keyed by msgid; a duplicate
 *   msgid in flight is a protocol error; a per-connection cap answers
 *   busy with a sentence.
 * - op_run() either finishes the op or, when the backend hook returned
 *   OP_PENDING, leaves it to the backend, which ends it with op_finish().
 * - Everything that ends an op goes through op_finish(): send the
 *   result unless abandoned, unlink, release, free.  No other code frees
 *   an op.
 * - op_stop() ends a pending op early (abandon, time limit, connection
 *   closed): it asks the backend to cancel (bi_cancel), then finishes.
 * - Search results go out through op_send_entry(); when the output is
 *   above the high watermark the backend stops producing and waits for
 *   its drain callback.  Paged results keep the backend's cursor on the
 *   connection between pages (op_page_save()/op_page_cursor()).
 */
#ifndef ESM_OP_H
#define ESM_OP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <time.h>

#include <bsd/sys/tree.h>
#include <lber.h>

#include "gateway/conn.h"
#include "gateway/pdu.h"
#include "backends/backend.h"

struct conn;
struct backend;
struct entry;
struct attr;
struct schema_at;
struct link_identity;
struct acl_view;

/* Pseudo result codes, negative like slapd's. */
#define OP_PENDING	(-1000)	/* the backend owns the op now */
#define OP_WAIT		(-1001)	/* entry sent; output is high: pause */
#define OP_PAGE_FULL	(-1002)	/* entry sent; the page is full: save a
				   cursor and finish with success */
#define OP_DISCONNECT	(-1003)	/* protocol error: disconnect */

typedef void	op_drain_cb(struct op *);
typedef void	op_cursor_free_fn(void *);

/* Search state the frontend keeps for a search op. */
struct op_search {
	struct berval	*os_attrs;	/* borrowed from the request */
	size_t		 os_nattrs;
	/* the requested types, resolved once (NULL: unknown name) */
	const struct schema_at **os_want;	/* owned, os_nattrs long */
	const struct schema_at *os_at_entrydn;	/* borrowed */
	const struct schema_at *os_at_subschema; /* borrowed */
	const struct attr **os_sel;		/* owned: per-entry scratch */
	size_t		 os_selcap;
	int		 os_all_user;	/* "*" or no list */
	int		 os_all_op;	/* "+" */
	int		 os_none;	/* only "1.1" */
	unsigned int	 os_sizelimit;	/* 0: none */
	uint64_t	 os_sent;
	/* paged results */
	int		 os_paged;
	ber_int_t	 os_page_size;
	uint64_t	 os_page_sent;
	unsigned int	 os_timelimit;	/* seconds; 0: none */
	int		 os_page_more;	/* a cursor was saved: more pages */
	int		 os_dse;	/* root DSE: operational as user */
	void		*os_cursor;	/* owned: the backend's cursor */
	op_cursor_free_fn *os_cursor_free;
	struct event	*os_timer;	/* owned: time limit */
	struct psearch	*os_ps;		/* owned: persistent search */
	struct sync	*os_sync;	/* owned: content synchronization */
};

struct op {
	struct conn	*o_conn;	/* borrowed; outlives its ops */
	struct backend	*o_be;		/* borrowed; NULL: frontend */
	uint64_t	 o_id;		/* op number on the connection */
	ber_int_t	 o_msgid;
	ber_tag_t	 o_tag;
	struct berval	 o_pdu;		/* owned: the PDU bytes */
	struct pdu_req	 o_req;		/* borrows from o_pdu */
	struct timespec	 o_start;
	int		 o_pending;	/* owned by the backend */
	int		 o_abandoned;	/* no response will be sent */
	int		 o_finished;
	char		*o_dn;		/* owned: target DN, NUL-terminated */
	char		*o_ndn;		/* owned: normalised target DN */
	char		*o_matched;	/* owned: matchedDN of the result */
	struct op_search o_search;
	/* extended response name and value (owned value) */
	const char	*o_ext_oid;
	struct berval	 o_ext_value;
	int		 o_ext_secret;	/* value holds a password */
	/* response controls (owned values) */
	struct pdu_control o_res_ctrls[2];
	size_t		 o_nres_ctrls;
	/* Password Modify (RFC 3062): borrowed from the PDU, bv_val NULL
	   when absent; o_pw_dn is the target, normalised (owned). */
	struct berval	 o_pw_id;
	struct berval	 o_pw_old;
	struct berval	 o_pw_new;
	/* diagnostic text for the result, written by runners and backends */
	char		 o_text[512];
	void		*o_be_ctx;	/* the backend's, while pending */
	op_drain_cb	*o_drain_cb;
	int		 o_waiting;
	TAILQ_ENTRY(op)	 o_wait_entry;
	RB_ENTRY(op)	 o_node;
	/* access rules (op_acl.c): a search's view of them, NULL without
	   rules or outside searches */
	struct acl_view	*o_acl;		/* owned */
	struct acl_view	*o_acl_target;	/* owned: a search of cn=changelog,
					   the view of the entries its
					   records name (targetDN) */
	/* a bind's keys in the failed-bind table (op_bind.c); 0: none */
	uint64_t	 o_bind_addr_key;
	uint64_t	 o_bind_dn_key;
};

int	op_cmp(struct op *, struct op *);
RB_PROTOTYPE(op_tree, op, o_node, op_cmp)

/*
 * A PDU of exactly pdulen bytes in buf (malloc'ed): the op takes it
 * (zeroed when the op is freed), decodes and runs it.  Returns 0, or -1
 * when the connection must be dropped (the notice has been queued).
 */
int	op_receive(struct conn *, unsigned char *buf, size_t pdulen);
/* End an op: send the result (unless abandoned), unlink, free. */
void	op_finish(struct op *, int rc, const char *text);
/* End an op early: cancel in the backend first if pending. */
void	op_stop(struct op *, int rc, const char *text);
void	op_set_matched(struct op *, const char *dn);
/*
 * Hand a search entry to the frontend (borrowed): scope is the
 * backend's job, the filter, attribute selection, limits and paging are
 * the frontend's.  Returns 0 (go on), OP_WAIT, OP_PAGE_FULL, or an
 * LDAP code (size limit exceeded) with which the backend must finish.
 */
int	op_send_entry(struct op *, const struct entry *);
/* The same for an entry holding a secret: its PDU is zeroed when sent. */
int	op_send_entry_secret(struct op *, const struct entry *);
/*
 * The same without the filter or the access rules (the caller decided
 * both: op_acl_admits, op_acl_filter), with response controls on the
 * entry (ctrls may be NULL).
 */
int	op_send_entry_ctrls(struct op *, const struct entry *,
	    const struct pdu_control *ctrls, size_t nctrls);
/* Is the entry one the search may see, and its filter TRUE? */
int	op_search_matches(struct op *, const struct entry *);
/* Register cb to run once the connection's output drains. */
void	op_wait_drain(struct op *, op_drain_cb *cb);
/* Paged results: the cursor to resume from (borrowed), or NULL when
   this is the first page; and the cursor to keep for the next page. */
void	*op_page_cursor(struct op *);
void	 op_page_save(struct op *, void *cursor, op_cursor_free_fn *);
/*
 * The distributed identity for link requests made for this op: 0, or
 * LDAP_UNWILLING_TO_PERFORM with the reason in o_text when the identity
 * or its realm is longer than the mainframe records (LINK_DN_MAX,
 * LINK_REALM_MAX): no command is sent under a cut identity.
 */
int	op_identity(struct op *, struct link_identity *);
/* "conn=N op=M" prefix values for logs. */
uint64_t op_conn_id(const struct op *);
/* The op's request is by an admin / by the ESM user with this DN. */
int	op_is_admin(const struct op *);

/* What an operation needs from the bound identity. */
enum op_access {
	OP_READ,	/* admins; ESM users their own entry only */
	OP_WRITE,	/* admins only */
	OP_SELF,	/* anyone: the request proves itself (old password) */
};
/* Parse and normalise the target DN into o_dn/o_ndn; LDAP code, text. */
int	op_target(struct op *, const struct berval *dn);
/* Check the identity may do this, find the backend (o_be). */
int	op_route(struct op *, enum op_access);
/* Run a backend hook; OP_PENDING when the backend now owns the op. */
int	op_call_backend(struct op *, be_op_fn *hook, const char *what);
/* unwillingToPerform: "the IBM RACF backend does not support modrdn" */
int	op_unsupported(struct op *, const char *what);

/* Per-operation runners (op_<name>.c). */
int	op_bind_run(struct op *);
void	op_bind_done(struct op *, int rc);
/* SASL EXTERNAL: a result, or OP_PENDING when a backend checks the user. */
int	op_bind_external(struct op *);
int	op_search_run(struct op *);
int	op_compare_run(struct op *);
int	op_add_run(struct op *);
int	op_modify_run(struct op *);
int	op_delete_run(struct op *);
int	op_modrdn_run(struct op *);
int	op_extended_run(struct op *);
void	op_abandon_run(struct op *);

/* op_acl.c: the access rules applied to operations (acl.h) */
/* Do access lines decide (else the built-in policy of op_route)? */
int	op_acl_active(const struct op *);
/* Check what the op is about to do; LDAP code, text and log line. */
int	op_acl_check(struct op *);
/* Does a rule grant this entry access (ACL_*) to the op's target? */
int	op_acl_allows(struct op *, unsigned int right);
/* May the op set a password without the old one (rules, or admin)? */
int	op_may_reset_password(struct op *);
/*
 * A search: may it see the entry (ndn: its DN normalised when the caller
 * has it, NULL: normalised here if the rules need it), read the type,
 * and is its filter TRUE under what it may read?
 */
int	op_acl_admits(struct op *, const struct entry *, const char *ndn);
int	op_acl_readable(const struct op *, const struct schema_at *);
int	op_acl_filter(const struct op *, const struct entry *);
/*
 * cn=changelog under the rules: a record is judged by the entry it
 * names.  op_acl_target() says whether the search may see that entry
 * (1), else the record is left out; op_acl_target_allows() (an entry
 * access, ACL_*) and op_acl_target_changes() then speak of it.  Outside
 * a search of cn=changelog, or without rules, every record may be seen.
 */
int	op_acl_target(struct op *, const char *target);
int	op_acl_target_allows(const struct op *, unsigned int right);
/*
 * The changes (LDIF of an add, or of a modify when modify) without the
 * attribute types the search may not read at the target: a malloc'ed
 * copy, or NULL when it may read them all (send them as they are).
 */
char	*op_acl_target_changes(const struct op *, const char *ldif,
	    int modify);
/*
 * A cn=changelog record's entry as the search may see it: NULL when it
 * may not see the entry the record names, e itself when it may read
 * all the record says, else *copy (entry_free it), whose changes leave
 * out what it may not read.  Other entries come back as they are.
 */
const struct entry *op_acl_record(struct op *, const struct entry *e,
	    struct entry **copy);
void	op_acl_free(struct op *);

/* rootdse.c: the root DSE and cn=Subschema */
int	rootdse_search(struct op *);
int	rootdse_is_subschema(const char *ndn);
#define SUBSCHEMA_DN	"cn=Subschema"

/* paged.c: cursors kept on the connection between pages */
int	paged_begin(struct op *);
void	paged_finish(struct op *, int rc);
void	paged_free_all(struct conn *);

#endif
