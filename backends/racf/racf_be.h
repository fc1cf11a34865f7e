/*
 * racf_be.h - the RACF backend instance and the internal API its
 * operation files share.
 *
 * One struct racf_be per "backend racf" section (be_private).  It holds
 * the schema map (swapped on reload; operations keep a reference to the
 * map they started with), the agent links (LPARs sharing one RACF
 * database: a request goes to the first link that is up), and two sets
 * of ids that LDAP never shows or changes: the configured "protect"
 * list and the ids the agent refused to list (its own protected
 * userids), learnt while listing.
 *
 * An operation the backend owns has a context in o_be_ctx that starts
 * with enum racf_ctx_kind: a search (search.c) or a single-entry
 * operation (struct racf_op: compare, add, modify, delete, bind,
 * Password Modify, and a search based on one user or group).
 *
 * Completion rule: inside a hook (bi_search, bi_add, ...) an operation
 * that ends is returned as a result code, never passed to op_finish();
 * from a link or drain callback it ends with op_finish().
 */
#ifndef ESM_RACF_BE_H
#define ESM_RACF_BE_H

#include <stddef.h>
#include <stdint.h>

#include <lber.h>

#include "link.h"
#include "backends/map.h"
#include "backends/racf/racf_cmd.h"
#include "backends/racf/racf_quote.h"

struct op;
struct backend;
struct backend_info;
struct entry;
struct schema;
struct racf_list;

#define RACF_BE_SUFFIX_DEFAULT	"dc=racf,dc=com"
#define RACF_BE_TIMEOUT_DEFAULT	30	/* seconds per agent request */
#define RACF_BE_BATCH_DEFAULT	64	/* ids per LISTUSER */
#define RACF_BE_BATCH_MAX	256	/* names per list the agent takes */
#define RACF_BE_INFLIGHT	3	/* listing requests per search */
#define RACF_BE_MSG_MAX		320	/* ESM message text kept per result */
#define RACF_BE_IDENTITY	"esmgated"	/* our name in link hellos */

/* Pseudo code of racf_fetch(): the agent refused: a protected id. */
#define RACF_FETCH_PROTECTED	(-2000)

/* A set of ids (userids or group names), sorted for lookups. */
struct racf_ids {
	char		(*ri_v)[RACF_ID_LEN + 1];	/* owned */
	size_t		 ri_n;
	size_t		 ri_cap;
};

void	racf_ids_add(struct racf_ids *, const char *id);
void	racf_ids_sort(struct racf_ids *);	/* sort, drop duplicates */
/* Index of id in a sorted set, or -1. */
long	racf_ids_find(const struct racf_ids *, const char *id);
/* Insert keeping the set sorted (no-op when present). */
void	racf_ids_insert(struct racf_ids *, const char *id);
void	racf_ids_clear(struct racf_ids *);

/* One agent (LPAR) of the backend. */
struct racf_agent {
	struct racf_be		*ra_rb;		/* borrowed: owner */
	char			*ra_name;	/* owned: "SYS1" */
	char			*ra_url;	/* owned: as configured */
	char			 ra_host[256];
	char			 ra_port[8];
	struct link_client	*ra_client;	/* owned, after bi_open */
	int			 ra_up;
	uint64_t		 ra_sent;	/* requests sent */
	uint64_t		 ra_failed;	/* ended without RC 0 */
};

struct racf_be {
	struct backend		*rb_be;		/* borrowed: owner */
	char			*rb_map_path;	/* owned */
	struct map		*rb_map;	/* one reference */
	char			*rb_key_path;	/* owned */
	struct link_key		 rb_key;	/* zeroed on destroy */
	int			 rb_have_key;
	enum link_cipher	 rb_cipher;
	unsigned int		 rb_timeout;	/* request-timeout, seconds */
	unsigned int		 rb_batch;	/* ids per LISTUSER */
	struct racf_ids		 rb_protect;	/* "protect": userids */
	/* ids the agent refused to list (protected there): hidden */
	struct racf_ids		 rb_hidden[MAP_CLASS__MAX];
	/* LISTGRP (G1 G2 ...) accepted by the agent; cleared the first
	   time the agent refuses the list form, then groups go one by
	   one */
	int			 rb_group_lists;
	struct racf_agent	*rb_agents;	/* owned array */
	size_t			 rb_nagents;
	uint64_t		 rb_cmds_sent;
	uint64_t		 rb_cmds_failed;
	struct event_base	*rb_base;	/* borrowed */
};

/* What o_be_ctx points to starts with this. */
enum racf_ctx_kind {
	RACF_CTX_SEARCH = 1,
	RACF_CTX_OP,
};

/* Where a DN lies in the backend's tree (racf_locate, fetch.c). */
enum racf_node {
	RACF_NODE_NONE = 0,	/* no such entry can exist */
	RACF_NODE_SUFFIX,
	RACF_NODE_PEOPLE,	/* the users' container */
	RACF_NODE_GROUPS,	/* the groups' container */
	RACF_NODE_LEAF,		/* a user or a group (rl_cls, rl_id) */
};

struct racf_loc {
	enum racf_node	 rl_node;
	enum map_class	 rl_cls;	/* LEAF, or NONE below a container */
	char		 rl_id[RACF_ID_LEN + 1];	/* LEAF: valid id */
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
struct racf_op;
typedef void	racf_fetched_fn(struct racf_op *, int rc);
typedef void	racf_then_fn(struct racf_op *);

struct racf_op {
	enum racf_ctx_kind	 ro_kind;	/* RACF_CTX_OP */
	struct op		*ro_op;		/* borrowed */
	struct racf_be		*ro_rb;		/* borrowed */
	struct map		*ro_map;	/* one reference */
	struct racf_loc		 ro_loc;
	/* the request in flight */
	struct racf_agent	*ro_agent;	/* borrowed */
	uint64_t		 ro_req;	/* 0: none */
	char			 ro_what[160];	/* what it is, no secret */
	int			 ro_verify;	/* a VERIFY request */
	/* output lines kept for a diagnostic (messages) */
	char			 ro_msg[RACF_BE_MSG_MAX];
	/* fetch */
	struct racf_list	*ro_list;	/* owned while fetching */
	struct entry		*ro_entry;	/* owned: the entry fetched */
	racf_fetched_fn		*ro_fetched;
	/* plan */
	struct racf_plan	 ro_plan;
	size_t			 ro_next;	/* command being run */
	racf_then_fn		*ro_then;	/* after the last command */
	/* Password Modify: generated password (zeroed) */
	char			 ro_genpw[RACF_PW_LEN + 1];
	int			 ro_gen;
	/* completion (see the rule above) */
	int			 ro_in_hook;
	int			 ro_ended;
	int			 ro_result;
	int			 ro_busy;	/* inside op_send_entry */
	int			 ro_dead;	/* cancelled while busy */
};

/* init.c */
extern const struct backend_info racf_backend_info;
struct racf_be	*racf_be_of(const struct op *);
int	racf_be_is_protected(const struct racf_be *, enum map_class,
	    const char *id);
void	racf_be_hide(struct racf_be *, enum map_class, const char *id);
/*
 * Send one request for op to the first agent that is up.  Returns 0
 * with *agentp and *idp set, or LDAP_UNAVAILABLE with o_text set.  cmd
 * is logged (debug, backend) unless secret, then what is.
 */
int	racf_be_request(struct racf_be *, struct op *, enum link_req_kind,
	    const char *cmd, int secret, const char *what,
	    const struct berval *args, size_t nargs, link_req_cb cb,
	    void *arg, struct racf_agent **agentp, uint64_t *idp);
/* Container DN of a class ("ou=People,<suffix>"), malloc'ed. */
char	*racf_be_container_dn(const struct racf_be *, const struct map *,
	    enum map_class);

/* fetch.c: the tree, one entry, compare */
int	racf_locate(struct racf_be *, const struct map *, const char *dn,
	    const char *ndn, struct racf_loc *);
void	racf_loc_clear(struct racf_loc *);
struct entry *racf_node_entry(struct racf_be *, const struct map *,
	    enum racf_node);
/* Mark a leaf entry built from LIST output (hasSubordinates FALSE). */
void	racf_leaf_finish(struct racf_be *, struct entry *);
struct racf_op *racf_op_new(struct op *, struct racf_be *);
/* End: returns the code inside a hook, else op_finish()es. */
void	racf_op_end(struct racf_op *, int rc);
void	racf_op_free(struct racf_op *);
/* Hook epilogue: OP_PENDING or the result of an op that ended. */
int	racf_op_hook_return(struct racf_op *);
/* LISTUSER/LISTGRP ro_loc's id; calls fetched (see RACF_FETCH_*). */
void	racf_fetch(struct racf_op *, racf_fetched_fn *);
int	racf_be_compare(struct op *);
void	racf_be_cancel(struct op *);

/* exec.c: run ro_plan over the link; results to LDAP codes */
void	racf_exec(struct racf_op *, racf_then_fn *);
/* Before a running plan is cancelled: log what was applied. */
void	racf_exec_log_abandoned(struct racf_op *);
/*
 * The LDAP code for a final response that is not RC 0 (write: the
 * request changes RACF), with the reason in text.  msg holds the output
 * lines, "; "-separated.
 */
int	racf_exec_map(const struct racf_agent *, const char *what, int rc,
	    const char *msg, int write, char *text, size_t textlen);
/* The same for a request that ended without a response. */
int	racf_exec_map_status(const struct racf_agent *, const char *what,
	    enum link_req_status, const char *why, int write, char *text,
	    size_t textlen);
/* Keep output lines for a diagnostic ("; "-separated, truncated). */
void	racf_msg_add(char *buf, size_t buflen, const struct berval *lines,
	    size_t nlines);

/* search.c */
int	racf_be_search(struct op *);
void	racf_search_cancel(struct op *);

/* write.c */
int	racf_be_add(struct op *);
int	racf_be_modify(struct op *);
int	racf_be_delete(struct op *);
int	racf_be_modrdn(struct op *);

/* bind.c */
int	racf_be_bind(struct op *);
int	racf_be_passwd(struct op *);

#endif
