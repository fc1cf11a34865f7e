/*
 * esmbe.h - the backend engine: the instance every ESM's backend runs
 * on, and the internal API its operation files share.  What differs
 * between ESMs is the dialect (dialect.h); RACF's words in the comments
 * are examples.
 *
 * One struct esmbe per "backend racf" (acf2, tss) section (be_private).  It holds
 * the schema map (swapped on reload; operations keep a reference to the
 * map they started with), the agent links (LPARs sharing one RACF
 * database: a request goes to the first link that is up), and two sets
 * of ids that LDAP never shows or changes: the configured "protect"
 * list and the ids the agent refused to list (its own protected
 * userids), learnt while listing.
 *
 * An operation the backend owns has a context in o_be_ctx that starts
 * with enum esmbe_ctx_kind: a search (search.c) or a single-entry
 * operation (struct esmbe_op: compare, add, modify, delete, bind,
 * Password Modify, and a search based on one user or group).
 *
 * Completion rule: inside a hook (bi_search, bi_add, ...) an operation
 * that ends is returned as a result code, never passed to op_finish();
 * from a link or drain callback it ends with op_finish().
 */
#ifndef ESM_ESMBE_H
#define ESM_ESMBE_H

#include <stddef.h>
#include <stdint.h>

#include <lber.h>

#include "link.h"
#include "link_tls.h"
#include "backends/backend.h"
#include "backends/map.h"
#include "backends/plan.h"
#include "backends/esmbe/dialect.h"

struct op;
struct backend;
struct backend_info;
struct conf_line;
struct event_base;
struct evbuffer;
struct entry;
struct schema;

#define ESMBE_TIMEOUT_DEFAULT	30	/* seconds per agent request */
#define ESMBE_BATCH_DEFAULT	64	/* ids per LISTUSER */
#define ESMBE_BATCH_MAX	256	/* names per list the agent takes */
#define ESMBE_INFLIGHT	3	/* listing requests per search */
#define ESMBE_MSG_MAX		320	/* ESM message text kept per result */
#define ESMBE_IDENTITY	"esmgated"	/* our name in link hellos */

/* Pseudo code of esmbe_fetch(): the agent refused: a protected id. */
#define ESMBE_FETCH_PROTECTED	BE_READ_HIDDEN

/* A set of ids (userids or group names), sorted for lookups. */
struct esm_ids {
	char		(*ri_v)[ESM_NAME_MAX + 1];	/* owned */
	size_t		 ri_n;
	size_t		 ri_cap;
};

void	esm_ids_add(struct esm_ids *, const char *id);
void	esm_ids_sort(struct esm_ids *);	/* sort, drop duplicates */
/* Index of id in a sorted set, or -1. */
long	esm_ids_find(const struct esm_ids *, const char *id);
/* Insert keeping the set sorted (no-op when present). */
void	esm_ids_insert(struct esm_ids *, const char *id);
void	esm_ids_clear(struct esm_ids *);

/* One agent (LPAR) of the backend. */
struct esmbe_agent {
	struct esmbe		*ra_rb;		/* borrowed: owner */
	char			*ra_name;	/* owned: "SYS1" */
	char			*ra_url;	/* owned: as configured */
	char			 ra_host[256];
	char			 ra_port[8];
	struct link_client	*ra_client;	/* owned, after bi_open */
	int			 ra_up;
	int			 ra_tls;	/* esmlinks:// */
	uint64_t		 ra_sent;	/* requests sent */
	uint64_t		 ra_failed;	/* ended without RC 0 */
};

struct esmbe {
	struct backend		*rb_be;		/* borrowed: owner */
	const struct esm_dialect *rb_dl;	/* the ESM's (static) */
	char			*rb_map_path;	/* owned */
	struct map		*rb_map;	/* one reference */
	char			*rb_key_path;	/* owned */
	struct link_key		 rb_key;	/* zeroed on destroy */
	int			 rb_have_key;
	enum link_cipher	 rb_cipher;
	unsigned int		 rb_timeout;	/* request-timeout, seconds */
	unsigned int		 rb_batch;	/* ids per LISTUSER */
	struct esm_ids		 rb_protect;	/* "protect": userids */
	/* ids the agent refused to list (protected there): hidden */
	struct esm_ids		 rb_hidden[MAP_CLASS__MAX];
	/* listings of several names (LISTGRP (G1 G2 ...)) accepted by
	   the agent, per class other than users; cleared the first time
	   the agent refuses the list form, then that class's entries go
	   one by one */
	int			 rb_multi_lists[MAP_CLASS__MAX];
	struct esmbe_agent	*rb_agents;	/* owned array */
	size_t			 rb_nagents;
	/* "events esmlink://HOST:PORT": where the agents send events */
	char			*rb_events_url;	/* owned; NULL: none */
	char			 rb_events_host[256];
	char			 rb_events_port[8];
	uint64_t		 rb_cmds_sent;
	uint64_t		 rb_cmds_failed;
	struct event_base	*rb_base;	/* borrowed */
	/* During a key change: the key before rb_key (keyfile-previous). */
	struct link_key		 rb_key_previous;	/* lk_len 0: none */
	char			*rb_key_previous_path;	/* owned */
	/* link-tls-*: TLS around esmlinks:// agent and events lines */
	struct link_tls_conf	 rb_tls_conf;	/* owned strings */
	struct ssl_ctx_st	*rb_tls;	/* owned, made at bi_check */
	int			 rb_events_tls;	/* events esmlinks:// */
};

/* What o_be_ctx points to starts with this. */
enum esmbe_ctx_kind {
	ESMBE_CTX_SEARCH = 1,
	ESMBE_CTX_OP,
};

/* Where a DN lies in the backend's tree (esmbe_locate, fetch.c). */
enum esmbe_node {
	ESMBE_NODE_NONE = 0,	/* no such entry can exist */
	ESMBE_NODE_SUFFIX,
	ESMBE_NODE_CONTAINER,	/* a class's container (rl_cls) */
	ESMBE_NODE_LEAF,	/* a user, a group ... (rl_cls, rl_id) */
};

struct esmbe_loc {
	enum esmbe_node	 rl_node;
	enum map_class	 rl_cls;	/* CONTAINER, LEAF, or NONE below a
					   container */
	char		 rl_id[ESM_NAME_MAX + 1];	/* LEAF: valid name */
	int		 rl_below;	/* LEAF: the DN lies below rl_id's
					   entry, which is then at most the
					   matched DN */
	int		 rl_in_class;	/* NONE: below a container */
	int		 rl_bad_rdn;	/* NONE: RDN of the wrong type */
	char		 rl_why[160];	/* NONE: why it cannot exist */
	char		*rl_matched;	/* owned: deepest entry known to
					   exist (NONE, LEAF below) */
};

/*
 * A single-entry operation: at most one link request in flight.
 */
struct esmbe_op;
typedef void	esmbe_fetched_fn(struct esmbe_op *, int rc);
typedef void	esmbe_then_fn(struct esmbe_op *);

struct esmbe_op {
	enum esmbe_ctx_kind	 ro_kind;	/* ESMBE_CTX_OP */
	struct op		*ro_op;		/* borrowed */
	struct esmbe		*ro_rb;		/* borrowed */
	struct map		*ro_map;	/* one reference */
	struct esmbe_loc		 ro_loc;
	/* the request in flight */
	struct esmbe_agent	*ro_agent;	/* borrowed */
	uint64_t		 ro_req;	/* 0: none */
	char			 ro_what[160];	/* what it is, no secret */
	int			 ro_verify;	/* a VERIFY request */
	/* output lines kept for a diagnostic (messages) */
	char			 ro_msg[ESMBE_MSG_MAX];
	/* fetch */
	struct be_read		*ro_read;	/* owned while fetching */
	struct entry		*ro_entry;	/* owned: the entry fetched */
	esmbe_fetched_fn		*ro_fetched;
	/* plan */
	struct esm_plan	 ro_plan;
	size_t			 ro_next;	/* command being run */
	esmbe_then_fn		*ro_then;	/* after the last command */
	/* Password Modify: generated password (zeroed) */
	char			 ro_genpw[ESM_PW_MAX + 1];
	int			 ro_gen;
	/* completion (see the rule above) */
	int			 ro_in_hook;
	int			 ro_ended;
	int			 ro_result;
	int			 ro_busy;	/* inside op_send_entry */
	int			 ro_dead;	/* cancelled while busy */
};

/* init.c: the lifecycle hooks */
int	esmbe_init(struct backend *);
int	esmbe_config(struct backend *, const struct conf_line *, char *,
	    size_t);
int	esmbe_check(struct backend *, char *, size_t);
int	esmbe_open(struct backend *, struct event_base *, char *, size_t);
int	esmbe_reload(struct backend *, char *, size_t);
void	esmbe_status(struct backend *, struct evbuffer *);
void	esmbe_close(struct backend *);
void	esmbe_destroy(struct backend *);

/*
 * The backend_info of an ESM that runs on this engine: its type
 * ("racf"), its name for the root DSE and its dialect.
 */
#define ESMBE_BACKEND_INFO(type, esm, dialect) {			\
	.bi_type = (type),						\
	.bi_esm = (esm),						\
	.bi_private = (dialect),					\
	.bi_init = esmbe_init,						\
	.bi_config = esmbe_config,					\
	.bi_check = esmbe_check,					\
	.bi_open = esmbe_open,						\
	.bi_reload = esmbe_reload,					\
	.bi_status = esmbe_status,					\
	.bi_close = esmbe_close,					\
	.bi_destroy = esmbe_destroy,					\
	.bi_bind = esmbe_bind,						\
	.bi_search = esmbe_search,					\
	.bi_compare = esmbe_compare,					\
	.bi_add = esmbe_add,						\
	.bi_modify = esmbe_modify,					\
	.bi_delete = esmbe_delete,					\
	.bi_modrdn = esmbe_modrdn,					\
	.bi_passwd = esmbe_passwd,					\
	.bi_cancel = esmbe_cancel,					\
	.bi_event_dn = esmbe_event_dn,					\
	.bi_events = &esmbe_event_ops,					\
}
/* The events of the section's agents (fetch.c). */
extern const struct be_event_ops esmbe_event_ops;
struct esmbe	*esmbe_of(const struct op *);
/*
 * A name of class cls checked and folded into out (ESM_NAME_MAX + 1):
 * an id, or the dialect's name of the class; -1 with why.
 */
int	esmbe_quote_name(const struct esmbe *, enum map_class, const char *s,
	    size_t len, char *out, const char **why);
/* The classes the map defines, for messages (esmbe_class_list). */
enum esmbe_class_style {
	ESMBE_CL_NAMES,		/* "users and groups" */
	ESMBE_CL_BASES,		/* "ou=People and ou=Groups" */
	ESMBE_CL_NAMING		/* "users as uid=NAME,ou=People and
				   groups as cn=NAME,ou=Groups" */
};
void	esmbe_class_list(const struct map *, enum esmbe_class_style,
	    char *buf, size_t len);
int	esmbe_is_protected(const struct esmbe *, enum map_class,
	    const char *id);
void	esmbe_hide(struct esmbe *, enum map_class, const char *id);
/*
 * Send one request under who's identity to the first agent that is up.
 * Returns 0 with *agentp and *idp set, or LDAP_UNAVAILABLE with the
 * reason in text.  cmd is logged (debug, backend) unless secret, then
 * what is.
 */
int	esmbe_send(struct esmbe *, const struct link_identity *who,
	    enum link_req_kind, const char *cmd, int secret, const char *what,
	    const struct berval *args, size_t nargs, link_req_cb cb,
	    void *arg, struct esmbe_agent **agentp, uint64_t *idp,
	    char *text, size_t textlen);
/* esmbe_send for op, under its client's identity, the reason in o_text. */
int	esmbe_request(struct esmbe *, struct op *, enum link_req_kind,
	    const char *cmd, int secret, const char *what,
	    const struct berval *args, size_t nargs, link_req_cb cb,
	    void *arg, struct esmbe_agent **agentp, uint64_t *idp);
/* Container DN of a class ("ou=People,<suffix>"), malloc'ed. */
char	*esmbe_container_dn(const struct esmbe *, const struct map *,
	    enum map_class);

/* fetch.c: the tree, one entry, compare */
int	esmbe_locate(struct esmbe *, const struct map *, const char *dn,
	    const char *ndn, struct esmbe_loc *);
void	esmbe_loc_clear(struct esmbe_loc *);
struct entry *esmbe_node_entry(struct esmbe *, const struct map *,
	    enum esmbe_node, enum map_class);
/* Mark a leaf entry built from LIST output (hasSubordinates FALSE). */
void	esmbe_leaf_finish(struct esmbe *, struct entry *);
struct esmbe_op *esmbe_op_new(struct op *, struct esmbe *);
/* End: returns the code inside a hook, else op_finish()es. */
void	esmbe_op_end(struct esmbe_op *, int rc);
void	esmbe_op_free(struct esmbe_op *);
/* Hook epilogue: OP_PENDING or the result of an op that ended. */
int	esmbe_op_hook_return(struct esmbe_op *);
/*
 * Read one entry of class cls by its id (checked and folded), without
 * an LDAP operation: the dialect's listing command (RACF LISTUSER,
 * LISTGRP) under who's identity, through map m.  The contract is
 * backend.h's be_event_read_fn: a read in flight, done called once with
 * 0 and the entry (marked a leaf), LDAP_NO_SUCH_OBJECT,
 * ESMBE_FETCH_PROTECTED (the agent refused: the id is now hidden) or an
 * LDAP code and text; or NULL with *rc and text when it ended at once.
 */
struct be_read *esmbe_read(struct esmbe *, struct map *m,
	    enum map_class cls, const char *id,
	    const struct link_identity *who, be_read_done_fn *done,
	    void *arg, int *rc, char *text, size_t textlen);
void	esmbe_read_cancel(struct be_read *);
/* LISTUSER/LISTGRP ro_loc's id; calls fetched (see ESMBE_FETCH_*). */
void	esmbe_fetch(struct esmbe_op *, esmbe_fetched_fn *);
int	esmbe_compare(struct op *);
void	esmbe_cancel(struct op *);
/*
 * The class and checked name (ESM_NAME_MAX + 1) of the id an event
 * names: 0, or an LDAP code with text (no such class in the map, not a
 * name of the ESM).
 */
int	esmbe_event_name(const struct esmbe *, enum be_event_target,
	    const char *id, enum map_class *, char *name, char *text,
	    size_t textlen);
/* bi_event_dn: "uid=ID,ou=People,<suffix>" by the map, id checked. */
char	*esmbe_event_dn(struct backend *, enum be_event_target,
	    const char *id, char *err, size_t errlen);

/* exec.c: run ro_plan over the link; results to LDAP codes */
void	esmbe_exec(struct esmbe_op *, esmbe_then_fn *);
/* Before a running plan is cancelled: log what was applied. */
void	esmbe_exec_log_abandoned(struct esmbe_op *);
/*
 * The LDAP code for a final response that is not RC 0 (write: the
 * request changes RACF), with the reason in text.  msg holds the output
 * lines, "; "-separated.
 */
int	esmbe_exec_map(const struct esmbe_agent *, const char *what, int rc,
	    const char *msg, int write, char *text, size_t textlen);
/* The same for a request that ended without a response. */
int	esmbe_exec_map_status(const struct esmbe_agent *, const char *what,
	    enum link_req_status, const char *why, int write, char *text,
	    size_t textlen);
/* Keep output lines for a diagnostic ("; "-separated, truncated). */
void	esmbe_msg_add(char *buf, size_t buflen, const struct berval *lines,
	    size_t nlines);

/* search.c */
int	esmbe_search(struct op *);
void	esmbe_search_cancel(struct op *);

/* write.c */
int	esmbe_add(struct op *);
int	esmbe_modify(struct op *);
int	esmbe_delete(struct op *);
int	esmbe_modrdn(struct op *);

/* bind.c */
int	esmbe_bind(struct op *);
int	esmbe_passwd(struct op *);

#endif
