/*
 * agent.h - esmagentd, the mainframe agent started task.
 *
 * Threads: one libevent loop owns the links, the control socket and all
 * output; a pool of workers runs ESM commands (an ESM command may take
 * time and a LISTUSER of every user streams for seconds).  Workers hand
 * output to the loop in chunks through a queue per request, and block
 * when a request has more chunks waiting than the gateway granted
 * credit for, so a slow gateway never makes the agent buffer a whole
 * listing.  ag_mtx guards every queue below; only the loop thread
 * touches links.
 */
#ifndef ESM_AGENT_H
#define ESM_AGENT_H

#include <sys/queue.h>
#include <bsd/sys/tree.h>

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "link.h"
#include "link_tls.h"
#include "mainframe-agent/driver.h"

struct event_base;
struct event;
struct evconnlistener;

#define AGENT_MAX_LISTEN	8
#define AGENT_MAX_VERBS		64
#define AGENT_MAX_COMMAND	32768	/* bytes in one native command */
#define AGENT_CHUNK_BYTES	32768	/* output bytes per response chunk */
#define AGENT_CHUNK_LINES	1024
#define AGENT_CHUNKS_AHEAD	2	/* chunks a worker may queue */
#define AGENT_MAX_LINE		4096	/* longer output lines are cut */
#define AGENT_TRIM_EVERY	256	/* requests between driver trims */
#define AGENT_EVENT_WINDOW_DEFAULT 1024	/* events unacked per gateway */
#define AGENT_EVENT_WINDOW_MAX	4096

/* A list of userids or masks ending in '*'; reloadable. */
struct agent_idlist {
	char	**il_ids;	/* owned */
	size_t	  il_n;
};

struct agent_conf {
	char		*ac_file;
	char		*ac_name;		/* system id, e.g. SYS1 */
	char		*ac_esm;		/* racf */
	char		*ac_driver;		/* sim */
	char		*ac_database;
	char		*ac_userid;		/* the started task's userid */
	char		*ac_listen[AGENT_MAX_LISTEN];
	int		 ac_nlisten;
	char		*ac_gateway[AGENT_MAX_LISTEN];	/* event targets:
							   gateways' event
							   listeners */
	int		 ac_ngateway;
	char		*ac_sharing_group;	/* the agent id of events;
						   default: ac_name */
	unsigned int	 ac_event_window;	/* unacked, per gateway */
	char		*ac_keyfile;
	char		*ac_keyfile_previous;	/* during a key change */
	struct link_tls_conf ac_tls;		/* esmlinks:// */
	enum link_cipher ac_cipher;
	int		 ac_server_only;
	char		*ac_audit;
	char		*ac_control;
	char		*ac_logfile;
	unsigned int	 ac_debug;
	unsigned int	 ac_workers;
	unsigned long	 ac_max_frame;
	unsigned int	 ac_heartbeat;
	unsigned int	 ac_max_requests;	/* in flight per link */
	unsigned int	 ac_kdf_iterations;
	char		*ac_allow[AGENT_MAX_VERBS];	/* canonical verbs */
	int		 ac_nallow;
	char		*ac_include_file;
	char		*ac_exclude_file;
	struct agent_idlist ac_protect;		/* from "protect" lines */
	/* The event cache (cache.h); not opened when server-only. */
	char		*ac_cache_name;		/* NULL: derived */
	char		*ac_cache_journal;	/* NULL: in the database */
	unsigned int	 ac_cache_slots;
};

int	agent_conf_load(const char *path, struct agent_conf *conf, char *err,
	    size_t errlen);
void	agent_conf_clear(struct agent_conf *conf);
void	agent_conf_defaults(struct agent_conf *conf);

/* ---- include / exclude lists ------------------------------------------ */

int	agent_idlist_load(const char *path, struct agent_idlist *list,
	    char *err, size_t errlen);
void	agent_idlist_clear(struct agent_idlist *list);
int	agent_idlist_add(struct agent_idlist *list, const char *id);
int	agent_idlist_match(const struct agent_idlist *list, const char *id);

/* ---- requests --------------------------------------------------------- */

struct agent_chunk {
	TAILQ_ENTRY(agent_chunk) ch_entry;
	char		*ch_buf;	/* owned: line bytes back to back */
	size_t		 ch_used, ch_cap;
	size_t		*ch_ends;	/* owned: end offset of each line */
	size_t		 ch_nlines, ch_capl;
	int		 ch_final;	/* carries the return code */
	int		 ch_rc;
};
TAILQ_HEAD(agent_chunkq, agent_chunk);

struct agent_session;

struct agent_req {
	RB_ENTRY(agent_req)	 r_node;	/* in r_sess->s_reqs by id */
	TAILQ_ENTRY(agent_req)	 r_work;	/* the pool's queue */
	TAILQ_ENTRY(agent_req)	 r_dirty;	/* loop's to-send list */
	uint64_t		 r_id;
	struct agent_session	*r_sess;	/* holds a reference */
	enum link_req_kind	 r_kind;
	char			*r_cmd;		/* owned; COMMAND */
	size_t			 r_len;
	char			*r_args[3];	/* owned, zeroed; VERIFY */
	size_t			 r_nargs;
	char			 r_verb[DRIVER_VERB_MAX]; /* canonical */
	char			*r_dn, *r_realm, *r_address;	/* owned */
	uint64_t		 r_conn, r_op;
	struct timespec		 r_start;
	/* under ag_mtx */
	struct agent_chunkq	 r_ready;
	int			 r_nready;
	struct agent_chunk	*r_cur;		/* worker's, being filled */
	uint32_t		 r_credit;
	int			 r_cancelled;
	int			 r_running;
	int			 r_done;
	int			 r_queued_dirty;
	int			 r_rc;
	size_t			 r_lines;
	pthread_cond_t		 r_cond;
};
RB_HEAD(agent_reqs, agent_req);
int	agent_req_cmp(struct agent_req *, struct agent_req *);
RB_PROTOTYPE(agent_reqs, agent_req, r_node, agent_req_cmp);

/* One gateway connected over the link. */
struct agent_session {
	TAILQ_ENTRY(agent_session) s_entry;
	uint64_t		 s_num;
	struct agent		*s_agent;
	struct link		*s_link;	/* owned */
	struct agent_reqs	 s_reqs;
	unsigned int		 s_nreqs;
	int			 s_refs;	/* 1 + requests alive */
	int			 s_closed;
	char			 s_peer[64];
	uint64_t		 s_requests;	/* counters */
};
TAILQ_HEAD(agent_sessions, agent_session);

struct agent_counters {
	uint64_t	ac_requests;
	uint64_t	ac_commands_ok;		/* ESM RC 0 */
	uint64_t	ac_commands_failed;	/* ESM RC > 0 */
	uint64_t	ac_refused;
	uint64_t	ac_cancelled;
	uint64_t	ac_verifies;
	uint64_t	ac_lines;
	uint64_t	ac_links;
	uint64_t	ac_links_failed;
};

struct agent {
	struct agent_conf	 ag_conf;
	struct event_base	*ag_base;
	const struct esm_driver	*ag_driver;
	void			*ag_esm;	/* driver handle */
	struct link_key		 ag_key;
	struct link_key		 ag_key_previous;	/* lk_len 0: none */
	struct ssl_ctx_st	*ag_tls;	/* owned; NULL: no esmlinks */
	struct evconnlistener	*ag_listeners[AGENT_MAX_LISTEN];
	int			 ag_nlisteners;
	struct agent_sessions	 ag_sessions;
	uint64_t		 ag_next_session;
	struct agent_idlist	 ag_include;
	struct agent_idlist	 ag_exclude;
	struct event		*ag_notify;	/* workers -> loop */
	struct event		*ag_sigterm, *ag_sigint, *ag_sighup;
	struct event		*ag_stop_timer;
	int			 ag_stopping;
	time_t			 ag_started;
	struct agent_counters	 ag_count;
	int			 ag_audit_fd;
	struct agent_ctl	*ag_ctl;
	struct cache		*ag_cache;	/* owned; NULL: server only */
	struct agent_events	*ag_events;	/* owned; NULL: no gateway
						   lines */
	/* the pool */
	pthread_mutex_t		 ag_mtx;
	pthread_cond_t		 ag_work_cond;
	TAILQ_HEAD(, agent_req)	 ag_work;
	TAILQ_HEAD(, agent_req)	 ag_dirtyq;
	pthread_t		*ag_threads;
	unsigned int		 ag_nthreads;
	unsigned int		 ag_running;	/* requests in workers */
	unsigned int		 ag_since_trim;	/* requests since ed_trim */
	int			 ag_pool_stop;
};

/* agent_link.c */
struct bufferevent;
struct agent_session *agent_session_open(struct agent *,
	    struct bufferevent *, const char *peer);
int	agent_listen(struct agent *, char *err, size_t errlen);
void	agent_listen_stop(struct agent *);
/* Make ag_tls from the tls-* lines (once); freed by agent_teardown. */
int	agent_tls_open(struct agent *, char *err, size_t errlen);
void	agent_sessions_close(struct agent *, const char *why);
unsigned int agent_requests_in_flight(struct agent *);
void	agent_pump_cb(int fd, short ev, void *arg);

/* agent_work.c */
void	agent_core_init(struct agent *, struct event_base *);
void	agent_core_clear(struct agent *);
int	agent_pool_start(struct agent *, char *err, size_t errlen);
void	agent_pool_stop(struct agent *);
void	agent_pool_submit(struct agent *, struct agent_req *);
int	agent_pool_withdraw(struct agent *, struct agent_req *);
void	agent_chunk_free(struct agent_chunk *);
void	agent_req_free(struct agent_req *);

/* agent_policy.c */
int	agent_policy_check(struct agent *, const struct link_msg *,
	    char *verb, size_t verblen, char *why, size_t whylen);
int	agent_policy_reload(struct agent *, char *err, size_t errlen);
int	agent_is_protected(struct agent *, const char *userid);

/* agent_audit.c */
int	agent_audit_open(struct agent *, char *err, size_t errlen);
void	agent_audit_close(struct agent *);
/* One audit record: what ran, for whom, with what result. */
struct agent_audit {
	const char	*aa_status;	/* done, cancelled, refused */
	uint64_t	 aa_link, aa_id;
	const char	*aa_gateway;	/* the gateway's hello identity */
	const char	*aa_peer;	/* its address */
	enum link_req_kind aa_kind;
	const char	*aa_verb;
	const char	*aa_cmd;	/* COMMAND: masked before writing */
	size_t		 aa_len;
	const char	*aa_userid;	/* VERIFY */
	const char	*aa_dn, *aa_realm, *aa_address;
	uint64_t	 aa_conn, aa_op;
	int		 aa_rc;
	size_t		 aa_lines;
	long		 aa_ms;
};
void	agent_audit_write(struct agent *, const struct agent_audit *);

/* agent_cache.c */
struct cache;
/* key seals; key_previous (NULL or lk_len 0: none) still opens. */
struct cache *agent_cache_open(const struct agent_conf *,
	    const struct link_key *key, const struct link_key *key_previous,
	    const char *task, int may_resize,
	    char *err, size_t errlen);

/* agent_events.c: the reconciliation role, one sender per gateway line */
struct agent_events;
struct esm_event;
/* The senders and their cache consumers (the links start later). */
int	agent_events_open(struct agent *, char *err, size_t errlen);
void	agent_events_start(struct agent *);
/*
 * Stop: the links dropped (what was in flight is sent again next time);
 * the exits may still fire until the workers are gone.
 */
void	agent_events_stop(struct agent *);
/* Free it all, once no worker runs. */
void	agent_events_close(struct agent *);
/* The exit (esm_exit_fn, arg the agent): into the cache, then sent. */
void	agent_events_exit(void *arg, const struct esm_event *);
/* DISPLAY's lines about each gateway, one reply(arg, line) each. */
void	agent_events_display(struct agent *,
	    void (*reply)(void *, const char *), void *arg);
/* The i-th sender's link client (tests set its connector), or NULL. */
struct link_client *agent_events_client(struct agent *, int i);

/* agent_ctl.c */
struct agent_ctl;
struct agent_ctl *agent_ctl_open(struct agent *, const char *path,
	    char *err, size_t errlen);
void	agent_ctl_close(struct agent_ctl *);

#endif
