/*
 * gw.h - the gateway process: its configuration, its shared state and
 * the counters esmctl shows.  One struct gateway per process.
 */
#ifndef ESM_GW_H
#define ESM_GW_H

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <time.h>

#include "backends/backend.h"
#include "gateway/audit.h"
#include "gateway/psearch.h"
#include "gateway/ratelog.h"

struct event_base;
struct event;
struct evconnlistener;
struct evbuffer;
struct schema;
struct conn;
struct ssl_ctx_st;
struct changelog;
struct certmap;
struct bindlimit;
struct acl;

#define GW_MAX_PDU_DEFAULT	(1024 * 1024)
#define GW_MAX_PENDING_DEFAULT	64
#define GW_MAX_CONNS_DEFAULT	1024
#define GW_IDLE_DEFAULT		900	/* seconds */
#define GW_OUT_HIGH_DEFAULT	(512 * 1024)
#define GW_BIND_FAIL_DEFAULT	5	/* failed binds ... */
#define GW_BIND_WINDOW_DEFAULT	60	/* ... in so many seconds */
#define GW_BIND_ADDR_FACTOR	10	/* an address's limit: 10 N */

/* tls-verify: does the gateway ask TLS clients for a certificate? */
enum gw_tls_verify {
	GW_TLS_VERIFY_NONE = 0,	/* never asks */
	GW_TLS_VERIFY_OPTIONAL,	/* asks; none is fine, a bad one is not */
	GW_TLS_VERIFY_REQUIRE	/* no valid certificate, no handshake */
};

/*
 * Limits against abuse.  256 connections from one address: a connection
 * pool of an IAM suite or an application server rarely opens more than a
 * hundred, and one address can then take at most a quarter of the
 * default max-connections, so a flood from one host leaves room for the
 * others.  30s to complete a PDU once its first byte came: a real client
 * sends a request in one go, a slow-loris trickles it.  60s without
 * writing a byte to a client that has output waiting: it is not reading.
 */
#define GW_MAX_CONNS_PER_ADDR_DEFAULT	256
#define GW_PDU_TIMEOUT_DEFAULT		30	/* seconds */
#define GW_WRITE_TIMEOUT_DEFAULT	60	/* seconds */

struct gw_listen {
	char		*gl_url;	/* owned, as configured */
	int		 gl_tls;	/* ldaps:// */
	char		 gl_host[256];
	char		 gl_port[8];
	struct evconnlistener *gl_listener;
	struct gateway	*gl_gw;
	TAILQ_ENTRY(gw_listen) gl_entry;
};

struct gw_admin {
	char		*ga_dn;		/* owned, as configured */
	char		*ga_ndn;	/* owned */
	char		*ga_hash;	/* owned: {PBKDF2-SHA256}... */
	TAILQ_ENTRY(gw_admin) ga_entry;
};

struct gw_counters {
	uint64_t	 gc_conns_total;
	uint64_t	 gc_ops_total;
	uint64_t	 gc_ops_failed;
	uint64_t	 gc_entries_sent;
	uint64_t	 gc_binds_failed;
	uint64_t	 gc_conns_refused;
	uint64_t	 gc_pdus_bad;
	/* limits against abuse */
	uint64_t	 gc_refused_per_addr;	/* max-connections-per-addr. */
	uint64_t	 gc_pdu_timeouts;	/* pdu-timeout */
	uint64_t	 gc_write_timeouts;	/* write-timeout */
	uint64_t	 gc_ops_over_limit;	/* adminLimitExceeded */
};

struct gateway {
	/* configuration */
	char		*gw_conf_file;		/* owned */
	char		*gw_schema_dir;		/* owned */
	char		*gw_control;		/* owned: esmctl socket path */
	char		*gw_log_file;		/* owned */
	char		*gw_tls_cert;		/* owned */
	char		*gw_tls_key;		/* owned */
	char		*gw_tls_ca;		/* owned; optional */
	char		*gw_tls_ciphers;	/* owned; optional */
	size_t		 gw_max_pdu;
	size_t		 gw_max_pending;	/* ops in flight per conn */
	size_t		 gw_max_conns;
	size_t		 gw_out_high;		/* output watermark per conn */
	size_t		 gw_idle_timeout;	/* seconds, 0: none */
	size_t		 gw_sizelimit;		/* 0: none */
	size_t		 gw_timelimit;		/* seconds, 0: none */
	char		*gw_audit_file;		/* owned: audit-file */
	int		 gw_audit_syslog;	/* audit-syslog given */
	int		 gw_audit_facility;
	enum audit_format gw_audit_format;
	size_t		 gw_psearch_max;	/* persistent searches */
	size_t		 gw_psearch_out_max;	/* bytes a persistent
						   search's client may lag */
	unsigned int	 gw_request_timeout;	/* agent requests, seconds */
	int		 gw_reset_expired;	/* admin resets expire */
	unsigned int	 gw_debug;
	TAILQ_HEAD(, gw_listen) gw_listens;
	TAILQ_HEAD(, gw_admin) gw_admins;
	struct backend_list gw_backends;

	/* run time */
	struct event_base *gw_base;		/* borrowed */
	struct schema	*gw_schema;		/* owned */
	struct ssl_ctx_st *gw_ssl_ctx;		/* owned; NULL: no TLS */
	TAILQ_HEAD(, conn) gw_conns;
	size_t		 gw_nconns;
	uint64_t	 gw_next_conn_id;
	struct gw_counters gw_count;
	int		 gw_stopping;
	struct gw_ctl	*gw_ctl;		/* owned: control socket */
	int		 gw_audit_fd;		/* audit-file, -1: none */
	struct psearch_list gw_psearches;	/* open persistent searches
						   (owned by their ops) */
	size_t		 gw_npsearches;
	time_t		 gw_started;
	/* the "backend changelog" and its store, from its bi_open to its
	   bi_close (borrowed; NULL: none): the root DSE shows its bounds,
	   the event receiver appends to it */
	struct backend	*gw_changelog_be;
	struct changelog *gw_changelog;
	/* the agents' events into the changelog (gw_events.c); owned,
	   NULL when no backend section has an events line */
	struct gw_events *gw_events;

	/* client certificates and who they are (gw_tls.c, certmap.c) */
	enum gw_tls_verify gw_tls_verify;
	int		 gw_tls_protocol_min;	/* 12: TLS 1.2, 13: TLS 1.3 */
	char		*gw_tls_ciphersuites;	/* owned; TLS 1.3; optional */
	struct certmap	*gw_certmap;		/* owned: cert-map rules */
	int		 gw_cert_map_required;	/* unmapped subjects refused */
	char		*gw_realm;		/* owned: realm of simple
						   binds in the identity
						   sent to the agents */
	/* failed binds (bindlimit.c): bind-fail-limit N SECONDS
	   [ADDRESS-N] */
	unsigned int	 gw_bind_fail_limit;	/* per DN; 0: no limit */
	unsigned int	 gw_bind_fail_window;	/* seconds */
	unsigned int	 gw_bind_fail_addr_limit; /* per client address */
	struct bindlimit *gw_bindlimit;		/* owned; NULL: no limit */
	/* the "group" and "access" lines (acl.h); owned, never NULL
	   between gw_init and gw_clear */
	struct acl	*gw_acl;
	/* limits against abuse (0: none) */
	size_t		 gw_max_conns_per_addr;
	size_t		 gw_pdu_timeout;	/* seconds */
	size_t		 gw_write_timeout;	/* seconds */
	struct ratelog	 gw_refuse_log;		/* refused connections */
};

/* gw_conf.c */
void	gw_init(struct gateway *);
int	gw_conf_load(struct gateway *, const char *path, char *err,
	    size_t errlen);
void	gw_clear(struct gateway *);
const struct gw_admin *gw_find_admin(const struct gateway *,
	    const char *ndn);

/* gw_tls.c */
int	gw_tls_open(struct gateway *, char *err, size_t errlen);
void	gw_tls_close(struct gateway *);

/* gw_passwd.c: salted password hashes for admin identities */
char	*gw_passwd_hash(const char *password, size_t len);
int	gw_passwd_verify(const char *hash, const char *password, size_t len);
int	gw_passwd_hash_is_valid(const char *hash);

/* gw_server.c */
int	gw_start(struct gateway *, struct event_base *, char *err,
	    size_t errlen);
void	gw_stop(struct gateway *, const char *why);
int	gw_reload(struct gateway *, char *err, size_t errlen);

/* gw_events.c: the event receiver of the sections' "events" lines */
struct gw_events;
/* After the configuration: is every events line possible?  -1: why. */
int	gw_events_check(struct gateway *, char *err, size_t errlen);
/* Once the backends are open (the changelog among them): listen. */
int	gw_events_start(struct gateway *, char *err, size_t errlen);
/* Before the backends close: unacked events are sent again later. */
void	gw_events_stop(struct gateway *);
void	gw_events_status(struct gateway *, struct evbuffer *out);

/* gw_ctl.c: the esmctl control socket */
struct gw_ctl	*gw_ctl_open(struct gateway *, const char *path, char *err,
		    size_t errlen);
void		 gw_ctl_close(struct gw_ctl *);
void		 gw_status(struct gateway *, struct evbuffer *out);

#endif
