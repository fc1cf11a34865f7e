/*
 * gw_conf.c - esmgated.conf, in the slapd.conf tradition: one
 * "keyword value..." per line, "#" comments, "include FILE".  Global
 * keywords come first; "backend TYPE" opens a backend section and every
 * line after it, up to the next "backend", belongs to that backend.
 * Paths are relative to the file that names them.
 *
 *	listen		ldap://127.0.0.1:3389	(and/or ldaps://...)
 *	tls-cert	FILE			PEM certificate chain
 *	tls-key		FILE			PEM private key (mode 0600)
 *	tls-ca		FILE			CA bundle (client certs)
 *	tls-ciphers	LIST			OpenSSL cipher list (TLS 1.2)
 *	tls-ciphersuites LIST			TLS 1.3 cipher suites
 *	tls-protocol-min 1.2			or 1.3; never lower than 1.2
 *	tls-verify	none			optional, require: ask TLS
 *						clients for a certificate
 *						(needs tls-ca)
 *	cert-map	REGEX DN-TEMPLATE	a certificate subject to the
 *						DN it binds as (SASL
 *						EXTERNAL); $1..$9: groups
 *	cert-map-required yes			no: an unmapped subject binds
 *						as itself
 *	realm		STRING			realm of simple binds in the
 *						identity sent to the agents
 *	bind-fail-limit	5 60 [50]		failed binds per DN in
 *						SECONDS, per address (10 N
 *						by default); 0: no limit
 *	schema-dir	DIR			*.schema and *.map files
 *	control		PATH			esmctl's socket
 *	admin		DN HASH			gateway administrator
 *	max-pdu		1m			largest request accepted
 *	max-pending	64			operations per connection
 *	max-connections	1024
 *	idle-timeout	15m			0: never
 *	sizelimit	0			entries per search, 0: none
 *	timelimit	0			seconds per search, 0: none
 *	output-buffer	512k			per connection, then pause
 *	psearch-max	256			persistent searches open
 *	psearch-max-output 4m			a persistent search's client
 *						lags more: disconnected
 *	password-reset-expired yes		admin resets expire
 *	log-file	FILE
 *	audit-file	FILE			security audit (CEF, LEEF)
 *	audit-syslog	FACILITY		the same to syslog
 *	audit-format	cef			or leef
 *	debug		conn,op
 *	group		NAME MEMBER...		dn:DN or cert:SUBJECT (acl.c)
 *	access		RULE to DN|* by WHO RIGHT[,RIGHT...] [attrs A,B|*]
 *						access rules, first match
 *						wins, default deny (acl.c)
 *	backend		racf			then the backend's lines
 *
 * Limits against abuse (0: none):
 *	max-connections-per-address 256	connections from one client
 *						address; more are refused
 *	pdu-timeout	30s			time a client has to complete
 *						a request once its first byte
 *						came (slow-loris writers)
 *	write-timeout	60s			time a client may leave output
 *						waiting without reading a byte
 *						of it (never-reading clients)
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf.h"
#include "link.h"
#include "log.h"
#include "xmalloc.h"
#include "gateway/acl.h"
#include "gateway/gw.h"
#include "gateway/bindlimit.h"
#include "gateway/certmap.h"
#include "gateway/psearch.h"
#include "gateway/dn.h"
#include "gateway/schema.h"
#include "backends/backend.h"

#ifndef SCHEMADIR
#define SCHEMADIR "/usr/local/share/esmgate/schema"
#endif

struct gw_conf_state {
	struct gateway	*cs_gw;
	struct backend	*cs_be;		/* the section being read */
};

void
gw_init(struct gateway *gw)
{
	memset(gw, 0, sizeof(*gw));
	gw->gw_max_pdu = GW_MAX_PDU_DEFAULT;
	gw->gw_max_pending = GW_MAX_PENDING_DEFAULT;
	gw->gw_max_conns = GW_MAX_CONNS_DEFAULT;
	gw->gw_idle_timeout = GW_IDLE_DEFAULT;
	gw->gw_out_high = GW_OUT_HIGH_DEFAULT;
	gw->gw_audit_fd = -1;
	gw->gw_psearch_max = PSEARCH_MAX_DEFAULT;
	gw->gw_psearch_out_max = PSEARCH_OUT_DEFAULT;
	gw->gw_request_timeout = 30;
	gw->gw_reset_expired = 1;
	gw->gw_tls_protocol_min = 12;
	gw->gw_cert_map_required = 1;
	gw->gw_bind_fail_limit = GW_BIND_FAIL_DEFAULT;
	gw->gw_bind_fail_window = GW_BIND_WINDOW_DEFAULT;
	gw->gw_bind_fail_addr_limit = GW_BIND_FAIL_DEFAULT *
	    GW_BIND_ADDR_FACTOR;
	gw->gw_max_conns_per_addr = GW_MAX_CONNS_PER_ADDR_DEFAULT;
	gw->gw_pdu_timeout = GW_PDU_TIMEOUT_DEFAULT;
	gw->gw_write_timeout = GW_WRITE_TIMEOUT_DEFAULT;
	TAILQ_INIT(&gw->gw_listens);
	TAILQ_INIT(&gw->gw_admins);
	TAILQ_INIT(&gw->gw_backends);
	TAILQ_INIT(&gw->gw_conns);
	TAILQ_INIT(&gw->gw_psearches);
	gw->gw_acl = acl_new();
}

static void
gw_conf_set_path(char **slot, const struct conf_line *l)
{
	free(*slot);
	*slot = conf_relative_path(l->cl_file, l->cl_argv[1]);
}

static int
gw_conf_listen(struct gateway *gw, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct conf_url u;
	struct gw_listen *gl;

	if (conf_parse_url(l->cl_argv[1], &u) == -1 || u.cu_port[0] == '\0' ||
	    (strcmp(u.cu_scheme, "ldap") != 0 &&
	    strcmp(u.cu_scheme, "ldaps") != 0)) {
		snprintf(err, errlen, "listen wants ldap://HOST:PORT or "
		    "ldaps://HOST:PORT, not %s", l->cl_argv[1]);
		return -1;
	}
	gl = xcalloc(1, sizeof(*gl));
	gl->gl_url = xstrdup(l->cl_argv[1]);
	gl->gl_tls = strcmp(u.cu_scheme, "ldaps") == 0;
	snprintf(gl->gl_host, sizeof(gl->gl_host), "%s", u.cu_host);
	snprintf(gl->gl_port, sizeof(gl->gl_port), "%s", u.cu_port);
	gl->gl_gw = gw;
	TAILQ_INSERT_TAIL(&gw->gw_listens, gl, gl_entry);
	return 0;
}

static int
gw_conf_admin(struct gateway *gw, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct gw_admin *ga;

	if (conf_want_args(l, 2, 2, err, errlen) == -1)
		return -1;
	if (!gw_passwd_hash_is_valid(l->cl_argv[2])) {
		snprintf(err, errlen, "admin %s: the password must be a hash "
		    "made by \"esmctl passwd\" ({PBKDF2-SHA256}...), never "
		    "clear text", l->cl_argv[1]);
		return -1;
	}
	ga = xcalloc(1, sizeof(*ga));
	ga->ga_dn = xstrdup(l->cl_argv[1]);
	ga->ga_hash = xstrdup(l->cl_argv[2]);
	TAILQ_INSERT_TAIL(&gw->gw_admins, ga, ga_entry);
	return 0;
}

/* cert-map REGEX DN-TEMPLATE: one more rule, after the others. */
static int
gw_conf_cert_map(struct gateway *gw, const struct conf_line *l, char *err,
    size_t errlen)
{
	if (conf_want_args(l, 2, 2, err, errlen) == -1)
		return -1;
	if (gw->gw_certmap == NULL)
		gw->gw_certmap = certmap_new();
	return certmap_add(gw->gw_certmap, l->cl_argv[1], l->cl_argv[2], err,
	    errlen);
}

/*
 * bind-fail-limit N SECONDS [ADDRESS-N] (N 0: no limit).  An address has
 * its own, higher count: a portal verifying many users from one address
 * must not be locked out by a few of them mistyping.
 */
static int
gw_conf_bind_fail_limit(struct gateway *gw, const struct conf_line *l,
    char *err, size_t errlen)
{
	unsigned long n, secs, addr_n = 0;

	if (conf_want_args(l, 1, 3, err, errlen) == -1)
		return -1;
	if (conf_parse_uint(l->cl_argv[1], 1000000, &n) == -1 ||
	    (n > 0 && (l->cl_argc < 3 ||
	    conf_parse_duration(l->cl_argv[2], &secs) == -1 || secs < 1 ||
	    secs > 86400)) ||
	    (l->cl_argc > 3 && (conf_parse_uint(l->cl_argv[3],
	    GW_BIND_ADDR_FACTOR * 1000000, &addr_n) == -1 || addr_n < 1))) {
		snprintf(err, errlen, "bind-fail-limit wants N SECONDS "
		    "[ADDRESS-N] (failed binds per DN, a window of 1 to 86400 "
		    "seconds, failed binds per client address, at least 1, "
		    "%u N by default), or 0 for no limit",
		    GW_BIND_ADDR_FACTOR);
		return -1;
	}
	gw->gw_bind_fail_limit = (unsigned int)n;
	if (n == 0)
		return 0;
	gw->gw_bind_fail_window = (unsigned int)secs;
	gw->gw_bind_fail_addr_limit = addr_n > 0 ? (unsigned int)addr_n :
	    (unsigned int)n * GW_BIND_ADDR_FACTOR;
	return 0;
}

static int
gw_conf_tls_verify(struct gateway *gw, const char *v, char *err,
    size_t errlen)
{
	if (strcasecmp(v, "none") == 0)
		gw->gw_tls_verify = GW_TLS_VERIFY_NONE;
	else if (strcasecmp(v, "optional") == 0)
		gw->gw_tls_verify = GW_TLS_VERIFY_OPTIONAL;
	else if (strcasecmp(v, "require") == 0)
		gw->gw_tls_verify = GW_TLS_VERIFY_REQUIRE;
	else {
		snprintf(err, errlen, "tls-verify wants none, optional or "
		    "require, not \"%s\"", v);
		return -1;
	}
	return 0;
}

static int
gw_conf_tls_protocol_min(struct gateway *gw, const char *v, char *err,
    size_t errlen)
{
	if (strcmp(v, "1.2") == 0)
		gw->gw_tls_protocol_min = 12;
	else if (strcmp(v, "1.3") == 0)
		gw->gw_tls_protocol_min = 13;
	else {
		snprintf(err, errlen, "tls-protocol-min wants 1.2 or 1.3, not "
		    "\"%s\" (older versions are never accepted)", v);
		return -1;
	}
	return 0;
}

/* The TLS and identity keywords of one value; 1: not one of them. */
static int
gw_conf_tls_identity(struct gateway *gw, const char *k, const char *v,
    char *err, size_t errlen)
{
	int b;

	if (strcasecmp(k, "tls-verify") == 0)
		return gw_conf_tls_verify(gw, v, err, errlen);
	if (strcasecmp(k, "tls-protocol-min") == 0)
		return gw_conf_tls_protocol_min(gw, v, err, errlen);
	if (strcasecmp(k, "tls-ciphersuites") == 0) {
		free(gw->gw_tls_ciphersuites);
		gw->gw_tls_ciphersuites = xstrdup(v);
		return 0;
	}
	if (strcasecmp(k, "realm") == 0) {
		if (strlen(v) > LINK_REALM_MAX) {
			snprintf(err, errlen, "realm is %zu bytes long: the "
			    "mainframe records at most %d", strlen(v),
			    LINK_REALM_MAX);
			return -1;
		}
		free(gw->gw_realm);
		gw->gw_realm = xstrdup(v);
		return 0;
	}
	if (strcasecmp(k, "cert-map-required") == 0) {
		if (conf_parse_bool(v, &b) == -1) {
			snprintf(err, errlen, "%s wants yes or no", k);
			return -1;
		}
		gw->gw_cert_map_required = b;
		return 0;
	}
	return 1;
}

static int
gw_parse_count(const char *s, unsigned long *v)
{
	return conf_parse_uint(s, ~0UL, v);
}

/* Numeric settings: keyword, parser, bounds, field. */
static const struct gw_conf_limit_def {
	const char	*ld_keyword;
	int		(*ld_parse)(const char *, unsigned long *);
	unsigned long	 ld_min;
	unsigned long	 ld_max;
	size_t		 ld_offset;	/* of a size_t in struct gateway */
} gw_conf_limits[] = {
	{ "max-pdu", conf_parse_size, 1024, 256UL << 20,
	    offsetof(struct gateway, gw_max_pdu) },
	{ "output-buffer", conf_parse_size, 4096, 256UL << 20,
	    offsetof(struct gateway, gw_out_high) },
	{ "idle-timeout", conf_parse_duration, 0, 86400 * 7,
	    offsetof(struct gateway, gw_idle_timeout) },
	{ "max-pending", gw_parse_count, 1, 1000000,
	    offsetof(struct gateway, gw_max_pending) },
	{ "max-connections", gw_parse_count, 1, 1000000,
	    offsetof(struct gateway, gw_max_conns) },
	{ "sizelimit", gw_parse_count, 0, 1000000000,
	    offsetof(struct gateway, gw_sizelimit) },
	{ "timelimit", gw_parse_count, 0, 86400,
	    offsetof(struct gateway, gw_timelimit) },
	{ "psearch-max", gw_parse_count, 0, 100000,
	    offsetof(struct gateway, gw_psearch_max) },
	{ "psearch-max-output", conf_parse_size, 4096, 1UL << 30,
	    offsetof(struct gateway, gw_psearch_out_max) },
	{ "max-connections-per-address", gw_parse_count, 0, 1000000,
	    offsetof(struct gateway, gw_max_conns_per_addr) },
	{ "pdu-timeout", conf_parse_duration, 0, 86400,
	    offsetof(struct gateway, gw_pdu_timeout) },
	{ "write-timeout", conf_parse_duration, 0, 86400,
	    offsetof(struct gateway, gw_write_timeout) },
};

/* Returns 1 when the line is not a numeric setting. */
static int
gw_conf_limit(struct gateway *gw, const struct conf_line *l, char *err,
    size_t errlen)
{
	const struct gw_conf_limit_def *ld;
	unsigned long v;
	size_t i;

	for (i = 0; i < sizeof(gw_conf_limits) / sizeof(gw_conf_limits[0]);
	    i++) {
		ld = &gw_conf_limits[i];
		if (strcasecmp(l->cl_argv[0], ld->ld_keyword) != 0)
			continue;
		if (ld->ld_parse(l->cl_argv[1], &v) == -1 || v < ld->ld_min ||
		    v > ld->ld_max) {
			snprintf(err, errlen, "%s: \"%s\" is not a valid value "
			    "(from %lu to %lu)", ld->ld_keyword, l->cl_argv[1],
			    ld->ld_min, ld->ld_max);
			return -1;
		}
		*(size_t *)(void *)((char *)gw + ld->ld_offset) = v;
		return 0;
	}
	return 1;
}

static int
gw_conf_backend(struct gw_conf_state *cs, const struct conf_line *l,
    char *err, size_t errlen)
{
	const struct backend_info *bi;
	struct backend *be;

	if ((bi = backend_find_info(l->cl_argv[1])) == NULL) {
		snprintf(err, errlen, "backend %s is not known (known: %s)",
		    l->cl_argv[1], backend_types());
		return -1;
	}
	/* backend_new() runs the backend's bi_init hook. */
	be = backend_new(bi, cs->cs_gw, l->cl_file, l->cl_lineno);
	TAILQ_INSERT_TAIL(&cs->cs_gw->gw_backends, be, be_entry);
	cs->cs_be = be;
	return 0;
}

static int
gw_conf_global(struct gateway *gw, const struct conf_line *l, char *err,
    size_t errlen)
{
	const char *k = l->cl_argv[0];
	int b, rc;

	if ((rc = gw_conf_limit(gw, l, err, errlen)) != 1)
		return rc;
	if (strcasecmp(k, "listen") == 0)
		return gw_conf_listen(gw, l, err, errlen);
	if (strcasecmp(k, "tls-cert") == 0)
		gw_conf_set_path(&gw->gw_tls_cert, l);
	else if (strcasecmp(k, "tls-key") == 0)
		gw_conf_set_path(&gw->gw_tls_key, l);
	else if (strcasecmp(k, "tls-ca") == 0)
		gw_conf_set_path(&gw->gw_tls_ca, l);
	else if (strcasecmp(k, "tls-ciphers") == 0) {
		free(gw->gw_tls_ciphers);
		gw->gw_tls_ciphers = xstrdup(l->cl_argv[1]);
	} else if (strcasecmp(k, "schema-dir") == 0)
		gw_conf_set_path(&gw->gw_schema_dir, l);
	else if (strcasecmp(k, "control") == 0)
		gw_conf_set_path(&gw->gw_control, l);
	else if (strcasecmp(k, "log-file") == 0)
		gw_conf_set_path(&gw->gw_log_file, l);
	else if (strcasecmp(k, "audit-file") == 0)
		gw_conf_set_path(&gw->gw_audit_file, l);
	else if ((rc = audit_config(gw, k, l->cl_argv[1], err, errlen)) != 1)
		return rc;
	else if ((rc = gw_conf_tls_identity(gw, k, l->cl_argv[1], err,
	    errlen)) != 1)
		return rc;
	else if (strcasecmp(k, "debug") == 0) {
		if (log_parse_debug(l->cl_argv[1], &gw->gw_debug) == -1) {
			snprintf(err, errlen, "debug: unknown category in %s",
			    l->cl_argv[1]);
			return -1;
		}
	} else if (strcasecmp(k, "password-reset-expired") == 0) {
		if (conf_parse_bool(l->cl_argv[1], &b) == -1) {
			snprintf(err, errlen, "%s wants yes or no", k);
			return -1;
		}
		gw->gw_reset_expired = b;
	} else {
		snprintf(err, errlen, "unknown keyword \"%s\"", k);
		return -1;
	}
	return 0;
}

static int
gw_conf_line(void *arg, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct gw_conf_state *cs = arg;
	const char *k = l->cl_argv[0];
	int rc;

	if (strcasecmp(k, "backend") == 0) {
		if (conf_want_args(l, 1, 1, err, errlen) == -1)
			return -1;
		return gw_conf_backend(cs, l, err, errlen);
	}
	if (cs->cs_be != NULL) {
		if (cs->cs_be->be_info->bi_config == NULL) {
			snprintf(err, errlen, "backend %s takes no settings",
			    cs->cs_be->be_info->bi_type);
			return -1;
		}
		return cs->cs_be->be_info->bi_config(cs->cs_be, l, err,
		    errlen);
	}
	if (strcasecmp(k, "admin") == 0)
		return gw_conf_admin(cs->cs_gw, l, err, errlen);
	if (strcasecmp(k, "cert-map") == 0)
		return gw_conf_cert_map(cs->cs_gw, l, err, errlen);
	if (strcasecmp(k, "bind-fail-limit") == 0)
		return gw_conf_bind_fail_limit(cs->cs_gw, l, err, errlen);
	if ((rc = acl_conf_line(cs->cs_gw->gw_acl, l, err, errlen)) != 1)
		return rc;
	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	return gw_conf_global(cs->cs_gw, l, err, errlen);
}

/* DNs can be normalised once the schema is known. */
static int
gw_conf_normalize(struct gateway *gw, char *err, size_t errlen)
{
	struct gw_admin *ga;
	struct backend *be;
	const char *why;

	TAILQ_FOREACH(ga, &gw->gw_admins, ga_entry)
		if (dn_normalize_str(ga->ga_dn, strlen(ga->ga_dn),
		    gw->gw_schema, &ga->ga_ndn, &why) == -1) {
			snprintf(err, errlen, "admin \"%s\": %s", ga->ga_dn,
			    why);
			return -1;
		}
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry) {
		free(be->be_nsuffix);
		be->be_nsuffix = NULL;
		if (be->be_suffix == NULL ||
		    dn_normalize_str(be->be_suffix, strlen(be->be_suffix),
		    gw->gw_schema, &be->be_nsuffix, &why) == -1) {
			snprintf(err, errlen, "%s:%d: backend %s: suffix "
			    "\"%s\": %s", be->be_file, be->be_line,
			    be->be_info->bi_type, be->be_suffix ?
			    be->be_suffix : "", be->be_suffix ? why :
			    "missing");
			return -1;
		}
	}
	return 0;
}

/*
 * Client certificates need a CA to verify them against; cert-map rules
 * need certificates.  The realm of simple binds defaults to this host's
 * name, "esmgate:HOST": an agent serving several gateways then tells in
 * its audit which gateway vouched for a bind DN, as NETSID tells which
 * network an IMS NETUID comes from.
 */
static int
gw_conf_check_identity(struct gateway *gw, char *err, size_t errlen)
{
	char host[256];

	if (gw->gw_tls_verify != GW_TLS_VERIFY_NONE && gw->gw_tls_ca == NULL) {
		snprintf(err, errlen, "%s: tls-verify %s needs tls-ca (the CA "
		    "that signs the client certificates)", gw->gw_conf_file,
		    gw->gw_tls_verify == GW_TLS_VERIFY_REQUIRE ? "require" :
		    "optional");
		return -1;
	}
	if (certmap_count(gw->gw_certmap) > 0 &&
	    gw->gw_tls_verify == GW_TLS_VERIFY_NONE) {
		snprintf(err, errlen, "%s: cert-map rules need tls-verify "
		    "optional or require: without it no client certificate "
		    "is ever asked for", gw->gw_conf_file);
		return -1;
	}
	if (gw->gw_realm == NULL) {
		if (gethostname(host, sizeof(host)) == -1)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		xasprintf(&gw->gw_realm, "esmgate:%.200s", host);
	}
	if (gw->gw_bind_fail_limit > 0 && gw->gw_bindlimit == NULL)
		gw->gw_bindlimit = bindlimit_new(gw->gw_bind_fail_window,
		    BINDLIMIT_SETS_DEFAULT);
	return 0;
}

/* Access rules, once the DNs and the naming contexts are known. */
static int
gw_conf_acl(struct gateway *gw, char *err, size_t errlen)
{
	const char **nsuffixes;
	struct backend *be;
	size_t n = 0;
	int rc;

	TAILQ_FOREACH(be, &gw->gw_backends, be_entry)
		n++;
	nsuffixes = xcalloc(n + 1, sizeof(*nsuffixes));
	n = 0;
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry)
		nsuffixes[n++] = be->be_nsuffix;
	rc = acl_compile(gw->gw_acl, gw->gw_schema, nsuffixes, n, err,
	    errlen);
	free(nsuffixes);
	return rc;
}

static int
gw_conf_check(struct gateway *gw, char *err, size_t errlen)
{
	struct backend *be, *other;
	char why[512];

	if (TAILQ_EMPTY(&gw->gw_listens)) {
		snprintf(err, errlen, "%s: no listen line", gw->gw_conf_file);
		return -1;
	}
	if (gw_conf_check_identity(gw, err, errlen) == -1)
		return -1;
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry) {
		for (other = TAILQ_NEXT(be, be_entry); other != NULL;
		    other = TAILQ_NEXT(other, be_entry))
			if (strcmp(be->be_nsuffix, other->be_nsuffix) == 0) {
				snprintf(err, errlen, "%s:%d: suffix %s is "
				    "already served by the backend at %s:%d",
				    other->be_file, other->be_line,
				    other->be_suffix, be->be_file,
				    be->be_line);
				return -1;
			}
		if (be->be_info->bi_check != NULL &&
		    be->be_info->bi_check(be, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "%s:%d: backend %s: %s",
			    be->be_file, be->be_line, be->be_info->bi_type,
			    why);
			return -1;
		}
	}
	return gw_events_check(gw, err, errlen);
}

int
gw_conf_load(struct gateway *gw, const char *path, char *err,
    size_t errlen)
{
	struct gw_conf_state cs = { gw, NULL };

	free(gw->gw_conf_file);
	gw->gw_conf_file = xstrdup(path);
	if (conf_parse_file(path, gw_conf_line, &cs, err, errlen) == -1)
		return -1;
	if (gw->gw_schema_dir == NULL)
		gw->gw_schema_dir = xstrdup(SCHEMADIR);
	gw->gw_schema = schema_new();
	if (schema_load_dir(gw->gw_schema, gw->gw_schema_dir, err,
	    errlen) == -1)
		return -1;
	if (gw_conf_normalize(gw, err, errlen) == -1 ||
	    gw_conf_acl(gw, err, errlen) == -1)
		return -1;
	return gw_conf_check(gw, err, errlen);
}

const struct gw_admin *
gw_find_admin(const struct gateway *gw, const char *ndn)
{
	const struct gw_admin *ga;

	TAILQ_FOREACH(ga, &gw->gw_admins, ga_entry)
		if (ga->ga_ndn != NULL && strcmp(ga->ga_ndn, ndn) == 0)
			return ga;
	return NULL;
}

void
gw_clear(struct gateway *gw)
{
	struct gw_listen *gl;
	struct gw_admin *ga;
	struct backend *be;

	while ((be = TAILQ_FIRST(&gw->gw_backends)) != NULL) {
		TAILQ_REMOVE(&gw->gw_backends, be, be_entry);
		backend_free(be);
	}
	while ((gl = TAILQ_FIRST(&gw->gw_listens)) != NULL) {
		TAILQ_REMOVE(&gw->gw_listens, gl, gl_entry);
		free(gl->gl_url);
		free(gl);
	}
	while ((ga = TAILQ_FIRST(&gw->gw_admins)) != NULL) {
		TAILQ_REMOVE(&gw->gw_admins, ga, ga_entry);
		free(ga->ga_dn);
		free(ga->ga_ndn);
		free(ga->ga_hash);
		free(ga);
	}
	acl_free(gw->gw_acl);
	schema_free(gw->gw_schema);
	free(gw->gw_conf_file);
	free(gw->gw_schema_dir);
	free(gw->gw_control);
	free(gw->gw_log_file);
	audit_close(gw);
	free(gw->gw_audit_file);
	free(gw->gw_tls_cert);
	free(gw->gw_tls_key);
	free(gw->gw_tls_ca);
	free(gw->gw_tls_ciphers);
	free(gw->gw_tls_ciphersuites);
	certmap_free(gw->gw_certmap);
	free(gw->gw_realm);
	bindlimit_free(gw->gw_bindlimit);
	memset(gw, 0, sizeof(*gw));
}
