/*
 * backend.h - the backend API: one table of functions per ESM, modelled
 * on slapd's BackendInfo, and one backend instance per suffix.
 *
 * A backend turns LDAP operations into native commands (through its
 * schema map and its ESM's quoting rules) and native LIST output back
 * into entries.  It never sees a socket or the client's BER: it gets a
 * decoded operation (struct op, gateway/op.h) and ends it through
 * op_finish(), or hands entries to op_send_entry().
 *
 * Lifecycle, in the order the gateway calls the hooks:
 *	bi_init		after "backend TYPE" in the configuration; allocate
 *			be_private with defaults
 *	bi_config	for each configuration line of the backend's section
 *	bi_check	after the whole file was read: complete and coherent?
 *	bi_open		once the event loop exists: load maps, start agent links
 *	bi_reload	SIGHUP / esmctl reload: rebuild maps aside, swap them
 *			in when valid (operations in flight keep theirs)
 *	bi_close	at shutdown: stop links; every pending op has ended
 *	bi_destroy	free be_private
 *
 * Operation hooks share one signature.  They return an LDAP result code
 * when the operation is over (the frontend sends it with o_text), or
 * OP_PENDING when the backend now owns the operation and will end it
 * with op_finish().  A NULL hook means "not supported by this ESM": the
 * frontend answers unwillingToPerform with a reason.
 *
 * bi_cancel is called when a pending operation must stop (abandon,
 * time limit, connection closed, shutdown): the backend cancels its
 * agent requests, releases o_be_ctx and never touches the op again;
 * the frontend then ends it.
 */
#ifndef ESM_BACKEND_H
#define ESM_BACKEND_H

#include <stddef.h>
#include <sys/queue.h>

struct op;
struct backend;
struct gateway;
struct conf_line;
struct evbuffer;
struct event_base;

typedef int	be_op_fn(struct op *);
typedef void	be_cancel_fn(struct op *);
typedef int	be_init_fn(struct backend *);
typedef int	be_config_fn(struct backend *, const struct conf_line *,
		    char *err, size_t errlen);
typedef int	be_check_fn(struct backend *, char *err, size_t errlen);
typedef int	be_open_fn(struct backend *, struct event_base *,
		    char *err, size_t errlen);
typedef int	be_reload_fn(struct backend *, char *err, size_t errlen);
typedef void	be_status_fn(struct backend *, struct evbuffer *out);
typedef void	be_close_fn(struct backend *);
typedef void	be_destroy_fn(struct backend *);

/* What an ESM event names: a user, or a group (the group events). */
enum be_event_target {
	BE_TARGET_USER = 0,
	BE_TARGET_GROUP,
};
/*
 * The DN of the entry an event names by its native id (malloc'ed), or
 * NULL with a reason when the id is no valid name or the backend has no
 * such entries.  The changelog builds its records' targetDN with it.
 */
typedef char	*be_event_dn_fn(struct backend *, enum be_event_target,
		    const char *id, char *err, size_t errlen);

/*
 * The events of a backend's agents (bi_events), for the gateway's event
 * receiver (gateway/gw_events.c): where it listens, whom it accepts,
 * and how it reads the entry an event names.
 */
struct entry;
struct link_key;
struct be_event_source {
	const char		*es_url;	/* "esmlink://HOST:PORT" */
	const char		*es_host;
	const char		*es_port;
	const struct link_key	*es_key;	/* the section's link key */
	int			 es_cipher;	/* enum link_cipher */
	/* During a key change: the key before es_key (NULL or lk_len 0:
	   none). */
	const struct link_key	*es_key_previous;
	struct ssl_ctx_st	*es_tls;	/* esmlinks://; NULL: plain */
	const char		*es_esm;	/* "racf": what events say */
};
/* Fill src from the section's "events" line: 1, or 0 when it has none. */
typedef int	be_event_source_fn(struct backend *,
		    struct be_event_source *src);
/* Is name (a hello identity) one of the section's agents? */
typedef int	be_event_agent_fn(struct backend *, const char *name);
/*
 * Read the entry an event names, without an LDAP operation.  Returns a
 * read in flight, whose done is called once: rc 0 with e (handed over
 * to the callee), LDAP_NO_SUCH_OBJECT (gone since), BE_READ_HIDDEN,
 * LDAP_UNAVAILABLE or LDAP_BUSY (no agent can answer now: try again
 * later), another LDAP code when it cannot be read; text says why.
 * NULL when it ended at once: *rc and text say how, and done is not
 * called.
 */
/* Pseudo code of a read: an id the backend never shows (protected). */
#define BE_READ_HIDDEN		(-2000)
struct be_read;
typedef void	be_read_done_fn(void *arg, int rc, struct entry *e,
		    const char *text);
typedef struct be_read *be_event_read_fn(struct backend *,
		    enum be_event_target, const char *id,
		    be_read_done_fn *done, void *arg, int *rc, char *text,
		    size_t textlen);
/* Stop a read in flight: done is never called; NULL is a no-op. */
typedef void	be_read_cancel_fn(struct be_read *);
/*
 * Read the entry named dn (ndn normalised) for an LDAP client, who, as
 * beo_read does: a content synchronization reads the few entries its
 * consumer's cookie says changed instead of listing every entry.
 * LDAP_NO_SUCH_OBJECT when dn names no entry the backend reads one by
 * one (the suffix, a container, no valid name).
 */
struct link_identity;
typedef struct be_read *be_read_dn_fn(struct backend *, const char *dn,
		    const char *ndn, const struct link_identity *who,
		    be_read_done_fn *done, void *arg, int *rc, char *text,
		    size_t textlen);

struct be_event_ops {
	be_event_source_fn	*beo_source;
	be_event_agent_fn	*beo_agent;
	be_event_read_fn	*beo_read;
	be_read_cancel_fn	*beo_cancel;
	be_read_dn_fn		*beo_read_dn;
};

struct backend_info {
	const char	*bi_type;	/* "racf" as in "backend racf" */
	const char	*bi_esm;	/* "IBM RACF", for the root DSE */
	const void	*bi_private;	/* the type's own static data */

	be_init_fn	*bi_init;
	be_config_fn	*bi_config;
	be_check_fn	*bi_check;
	be_open_fn	*bi_open;
	be_reload_fn	*bi_reload;
	be_status_fn	*bi_status;	/* esmctl status lines */
	be_close_fn	*bi_close;
	be_destroy_fn	*bi_destroy;

	be_op_fn	*bi_bind;	/* simple bind of an entry's DN */
	be_op_fn	*bi_search;
	be_op_fn	*bi_compare;
	be_op_fn	*bi_add;
	be_op_fn	*bi_modify;
	be_op_fn	*bi_delete;
	be_op_fn	*bi_modrdn;
	be_op_fn	*bi_passwd;	/* RFC 3062 Password Modify */
	be_cancel_fn	*bi_cancel;

	be_event_dn_fn	*bi_event_dn;	/* NULL: its entries have no events */
	const struct be_event_ops *bi_events;	/* NULL: no agents send
						   events to it */
};

struct backend {
	const struct backend_info *be_info;	/* borrowed (static) */
	struct gateway	*be_gw;			/* borrowed */
	char		*be_suffix;		/* owned, as configured */
	char		*be_nsuffix;		/* owned, normalised */
	char		*be_file;		/* owned: config file, line */
	int		 be_line;
	void		*be_private;		/* the ESM's instance data */
	TAILQ_ENTRY(backend) be_entry;
};
TAILQ_HEAD(backend_list, backend);

const struct backend_info *backend_find_info(const char *type);
/* Names of every backend type, for error messages ("racf"). */
const char	*backend_types(void);
struct backend	*backend_new(const struct backend_info *, struct gateway *,
		    const char *file, int line);
void		 backend_free(struct backend *);
/* The backend whose suffix holds ndn (longest suffix wins), or NULL. */
struct backend	*backend_select(struct backend_list *, const char *ndn);

/*
 * Configuration helpers of the backends' sections.  backend_set_suffix:
 * "suffix DN", a DN other than the root DSE, normalised with the schema
 * when it is loaded (called again then).  backend_conf_keyfile:
 * "keyfile FILE" (relative to the configuration file, mode 0600) into
 * key, its path into *path (owned, replaced).  0, or -1 with a reason.
 */
int		 backend_set_suffix(struct backend *, const char *dn,
		    char *err, size_t errlen);
struct link_key;
int		 backend_conf_keyfile(const struct conf_line *,
		    struct link_key *key, char **path, char *err,
		    size_t errlen);

#endif
