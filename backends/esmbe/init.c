/*
 * init.c - the engine's lifecycle, for every ESM that runs on it
 * (ESMBE_BACKEND_INFO): configuration, links to the agents, the schema
 * map and its reload, status.
 *
 * Configuration of a backend section (bi_config; errors are reasons,
 * the caller adds file:line):
 *	suffix DN			default: the dialect's (dc=racf,dc=com)
 *	map FILE			required; relative to the config file
 *	agent NAME esmlink://HOST:PORT	one or more: LPARs sharing the
 *					database; the first link up is used
 *	keyfile FILE			required; mode 0600
 *	keyfile-previous FILE		during a key change: the key before
 *					keyfile, still accepted from agents
 *					and opening the passwords it sealed
 *	cipher aes-128-gcm|aes-256-gcm
 *	request-timeout SECONDS		default: the gateway's, else 30
 *	batch N				ids per LISTUSER, default 64
 *	protect ID...			userids LDAP never shows or changes
 *	events esmlink://HOST:PORT	where the gateway listens for the
 *					agents' events (gateway/gw_events.c)
 *	link-tls-cert FILE		esmlinks:// agent and events lines:
 *	link-tls-key FILE		our certificate, its key (0600),
 *	link-tls-ca FILE		the CA agents' certificates chain to,
 *	link-tls-peer-name NAME		optionally a DNS/IP SAN or CN they
 *					carry (the gateway's own tls-* lines
 *					are its LDAP listener's)
 *
 * Protected userids: those of "protect", and those the agent refuses to
 * list (its own protect list, IBMUSER, its userid) which a search learns
 * and remembers in rb_hidden until the next reload.  Both are invisible
 * through LDAP: a search skips them, a read answers noSuchObject, a
 * change insufficientAccessRights.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <ldap.h>

#include "conf.h"
#include "link.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/map.h"
#include "backends/esmbe/esmbe.h"
#include "gateway/dn.h"
#include "gateway/gw.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/op.h"

/* ---- id sets ------------------------------------------------------- */

void
esm_ids_add(struct esm_ids *s, const char *id)
{
	if (s->ri_n == s->ri_cap) {
		s->ri_cap = s->ri_cap == 0 ? 64 : s->ri_cap * 2;
		s->ri_v = xreallocarray(s->ri_v, s->ri_cap,
		    sizeof(*s->ri_v));
	}
	snprintf(s->ri_v[s->ri_n], sizeof(s->ri_v[0]), "%s", id);
	s->ri_n++;
}

static int
esm_ids_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

void
esm_ids_sort(struct esm_ids *s)
{
	size_t i, j;

	if (s->ri_n < 2)
		return;
	qsort(s->ri_v, s->ri_n, sizeof(s->ri_v[0]), esm_ids_cmp);
	for (i = 1, j = 1; i < s->ri_n; i++)
		if (strcmp(s->ri_v[i], s->ri_v[j - 1]) != 0)
			memcpy(s->ri_v[j++], s->ri_v[i], sizeof(s->ri_v[0]));
	s->ri_n = j;
}

long
esm_ids_find(const struct esm_ids *s, const char *id)
{
	size_t lo = 0, hi = s->ri_n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(id, s->ri_v[mid])) == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

void
esm_ids_insert(struct esm_ids *s, const char *id)
{
	size_t lo = 0, hi = s->ri_n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(id, s->ri_v[mid])) == 0)
			return;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	esm_ids_add(s, id);	/* grows; the new slot is the last */
	memmove(s->ri_v[lo + 1], s->ri_v[lo],
	    (s->ri_n - 1 - lo) * sizeof(s->ri_v[0]));
	snprintf(s->ri_v[lo], sizeof(s->ri_v[0]), "%s", id);
}

void
esm_ids_clear(struct esm_ids *s)
{
	free(s->ri_v);
	memset(s, 0, sizeof(*s));
}

/* ---- instance helpers ---------------------------------------------- */

struct esmbe *
esmbe_of(const struct op *op)
{
	return op->o_be->be_private;
}

/* Until the agent says otherwise, every class is listed in batches. */
static void
esmbe_multi_lists_reset(struct esmbe *rb)
{
	int i;

	for (i = 0; i < MAP_CLASS__MAX; i++)
		rb->rb_multi_lists[i] = 1;
}

int
esmbe_quote_name(const struct esmbe *rb, enum map_class cls, const char *s,
    size_t len, char *out, const char **why)
{
	esm_name_fn fn = rb->rb_dl->dl_quote_name[cls];

	return fn != NULL ? fn(s, len, out, why) :
	    rb->rb_dl->dl_quote_id(s, len, out, why);
}

void
esmbe_class_list(const struct map *m, enum esmbe_class_style style,
    char *buf, size_t len)
{
	const struct map_classdef *mc;
	size_t o = 0, n = 0, total = 0;
	const char *sep, *name;
	int c;

	for (c = 0; c < MAP_CLASS__MAX; c++)
		total += m->m_class[c].mc_defined;
	buf[0] = '\0';
	for (c = 0; c < MAP_CLASS__MAX && o < len; c++) {
		mc = &m->m_class[c];
		if (!mc->mc_defined)
			continue;
		sep = n++ == 0 ? "" : n == total ? " and " : ", ";
		name = map_class_name((enum map_class)c);
		if (style == ESMBE_CL_BASES)
			o += (size_t)snprintf(buf + o, len - o, "%s%s", sep,
			    mc->mc_base);
		else if (style == ESMBE_CL_NAMING)
			o += (size_t)snprintf(buf + o, len - o, "%s%ss as "
			    "%s=NAME,%s", sep, name, mc->mc_rdn, mc->mc_base);
		else
			o += (size_t)snprintf(buf + o, len - o, "%s%ss", sep,
			    name);
	}
}

int
esmbe_is_protected(const struct esmbe *rb, enum map_class cls,
    const char *id)
{
	if (cls == MAP_USER && esm_ids_find(&rb->rb_protect, id) != -1)
		return 1;
	return esm_ids_find(&rb->rb_hidden[cls], id) != -1;
}

void
esmbe_hide(struct esmbe *rb, enum map_class cls, const char *id)
{
	if (esm_ids_find(&rb->rb_hidden[cls], id) != -1)
		return;
	esm_ids_insert(&rb->rb_hidden[cls], id);
	log_info("backend %s: the agent refused to list %s %s: it is "
	    "protected and now hidden from LDAP", rb->rb_be->be_suffix,
	    map_class_name(cls), id);
}

char *
esmbe_container_dn(const struct esmbe *rb, const struct map *m,
    enum map_class cls)
{
	char *dn;

	xasprintf(&dn, "%s,%s", m->m_class[cls].mc_base,
	    rb->rb_be->be_suffix);
	return dn;
}

int
esmbe_send(struct esmbe *rb, const struct link_identity *who,
    enum link_req_kind kind, const char *cmd, int secret, const char *what,
    const struct berval *args, size_t nargs, link_req_cb cb, void *arg,
    struct esmbe_agent **agentp, uint64_t *idp, char *text, size_t textlen)
{
	struct berval bv;
	struct esmbe_agent *ra;
	uint64_t id;
	size_t i;

	for (i = 0; i < rb->rb_nagents; i++) {
		ra = &rb->rb_agents[i];
		if (ra->ra_client == NULL || !link_client_is_up(ra->ra_client))
			continue;
		bv.bv_val = (char *)(cmd != NULL ? cmd : "");
		bv.bv_len = cmd != NULL ? strlen(cmd) : 0;
		id = link_client_request(ra->ra_client, kind,
		    cmd != NULL ? &bv : NULL, args, nargs, who,
		    rb->rb_timeout, 0, cb, arg);
		if (id == 0)
			continue;
		ra->ra_sent++;
		rb->rb_cmds_sent++;
		log_debug(LOG_CAT_BACKEND, "agent=%s req=%llu conn=%llu "
		    "op=%llu %s", ra->ra_name, (unsigned long long)id,
		    (unsigned long long)who->li_conn,
		    (unsigned long long)who->li_op,
		    secret || cmd == NULL ? what : cmd);
		*agentp = ra;
		*idp = id;
		return 0;
	}
	if (rb->rb_nagents == 1)
		snprintf(text, textlen, "agent %s is not connected: %s cannot "
		    "be run", rb->rb_agents[0].ra_name, what);
	else
		snprintf(text, textlen, "none of the %zu agents of %s is "
		    "connected: %s cannot be run", rb->rb_nagents,
		    rb->rb_be->be_suffix, what);
	return LDAP_UNAVAILABLE;
}

int
esmbe_request(struct esmbe *rb, struct op *op, enum link_req_kind kind,
    const char *cmd, int secret, const char *what,
    const struct berval *args, size_t nargs, link_req_cb cb, void *arg,
    struct esmbe_agent **agentp, uint64_t *idp)
{
	struct link_identity who;
	int rc;

	if ((rc = op_identity(op, &who)) != 0)
		return rc;
	if ((rc = esmbe_send(rb, &who, kind, cmd, secret, what, args, nargs,
	    cb, arg, agentp, idp, op->o_text, sizeof(op->o_text))) != 0)
		log_warnx("conn=%llu op=%llu %s",
		    (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, op->o_text);
	return rc;
}

/* ---- configuration ------------------------------------------------- */

int
esmbe_init(struct backend *be)
{
	struct esmbe *rb;

	if (be->be_private != NULL)
		return 0;
	rb = xcalloc(1, sizeof(*rb));
	rb->rb_be = be;
	rb->rb_dl = be->be_info->bi_private;
	rb->rb_cipher = LINK_CIPHER_AES128_GCM;
	rb->rb_timeout = 0;	/* bi_open: the gateway's, else 30 */
	rb->rb_batch = ESMBE_BATCH_DEFAULT;
	esmbe_multi_lists_reset(rb);
	be->be_private = rb;
	if (be->be_suffix == NULL)
		be->be_suffix = xstrdup(rb->rb_dl->dl_suffix);
	return 0;
}

static int
esmbe_conf_agent(struct esmbe *rb, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct conf_url url;
	struct esmbe_agent *ra;
	size_t i;

	if (conf_want_args(l, 2, 2, err, errlen) == -1)
		return -1;
	if (conf_parse_url(l->cl_argv[2], &url) == -1 ||
	    link_tls_scheme(url.cu_scheme) == -1 || url.cu_port[0] == '\0') {
		snprintf(err, errlen, "agent %s: %s is not an "
		    "esmlink://HOST:PORT or esmlinks://HOST:PORT address",
		    l->cl_argv[1], l->cl_argv[2]);
		return -1;
	}
	if (strlen(l->cl_argv[1]) > LINK_MAX_IDENTITY) {
		snprintf(err, errlen, "agent name %s is longer than %d "
		    "characters", l->cl_argv[1], LINK_MAX_IDENTITY);
		return -1;
	}
	for (i = 0; i < rb->rb_nagents; i++)
		if (strcasecmp(rb->rb_agents[i].ra_name, l->cl_argv[1]) == 0) {
			snprintf(err, errlen, "agent %s is already defined",
			    l->cl_argv[1]);
			return -1;
		}
	rb->rb_agents = xreallocarray(rb->rb_agents, rb->rb_nagents + 1,
	    sizeof(*rb->rb_agents));
	ra = &rb->rb_agents[rb->rb_nagents++];
	memset(ra, 0, sizeof(*ra));
	ra->ra_rb = rb;
	ra->ra_name = xstrdup(l->cl_argv[1]);
	ra->ra_url = xstrdup(l->cl_argv[2]);
	snprintf(ra->ra_host, sizeof(ra->ra_host), "%s", url.cu_host);
	snprintf(ra->ra_port, sizeof(ra->ra_port), "%s", url.cu_port);
	ra->ra_tls = link_tls_scheme(url.cu_scheme) == 1;
	return 0;
}

/* "events esmlink://HOST:PORT": the gateway's event listener. */
static int
esmbe_conf_events(struct esmbe *rb, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct conf_url url;

	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	if (conf_parse_url(l->cl_argv[1], &url) == -1 ||
	    link_tls_scheme(url.cu_scheme) == -1 || url.cu_port[0] == '\0') {
		snprintf(err, errlen, "events: %s is not an "
		    "esmlink://HOST:PORT or esmlinks://HOST:PORT address",
		    l->cl_argv[1]);
		return -1;
	}
	if (rb->rb_events_url != NULL) {
		snprintf(err, errlen, "events is given twice (%s, %s): one "
		    "listener per backend section", rb->rb_events_url,
		    l->cl_argv[1]);
		return -1;
	}
	rb->rb_events_url = xstrdup(l->cl_argv[1]);
	rb->rb_events_tls = link_tls_scheme(url.cu_scheme) == 1;
	snprintf(rb->rb_events_host, sizeof(rb->rb_events_host), "%s",
	    url.cu_host);
	snprintf(rb->rb_events_port, sizeof(rb->rb_events_port), "%s",
	    url.cu_port);
	return 0;
}

static int
esmbe_conf_protect(struct esmbe *rb, const struct conf_line *l, char *err,
    size_t errlen)
{
	char id[ESM_ID_MAX + 1];
	const char *why;
	int i;

	if (l->cl_argc < 2) {
		snprintf(err, errlen, "protect takes one or more userids");
		return -1;
	}
	for (i = 1; i < l->cl_argc; i++) {
		if (rb->rb_dl->dl_quote_id(l->cl_argv[i],
		    strlen(l->cl_argv[i]), id, &why) == -1) {
			snprintf(err, errlen, "protect: %s is not a %s "
			    "userid: %s", l->cl_argv[i], rb->rb_dl->dl_name,
			    why);
			return -1;
		}
		esm_ids_insert(&rb->rb_protect, id);
	}
	return 0;
}

static int
esmbe_conf_number(const struct conf_line *l, unsigned long min,
    unsigned long max, unsigned int *out, int duration, char *err,
    size_t errlen)
{
	unsigned long v;
	int bad;

	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	bad = duration ? conf_parse_duration(l->cl_argv[1], &v) :
	    conf_parse_uint(l->cl_argv[1], max, &v);
	if (bad == -1 || v < min || v > max) {
		snprintf(err, errlen, "%s wants %s from %lu to %lu, not %s",
		    l->cl_argv[0], duration ? "seconds" : "a number", min,
		    max, l->cl_argv[1]);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

/* link-tls-cert, -key, -ca (paths) and -peer-name. */
static int
esmbe_conf_tls(struct esmbe *rb, const struct conf_line *l, char *err,
    size_t errlen)
{
	const char *what = l->cl_argv[0] + 9;
	char **slot;

	if (strcasecmp(what, "cert") == 0)
		slot = &rb->rb_tls_conf.ltc_cert;
	else if (strcasecmp(what, "key") == 0)
		slot = &rb->rb_tls_conf.ltc_key;
	else if (strcasecmp(what, "ca") == 0)
		slot = &rb->rb_tls_conf.ltc_ca;
	else if (strcasecmp(what, "peer-name") == 0)
		slot = &rb->rb_tls_conf.ltc_peer_name;
	else {
		snprintf(err, errlen, "unknown keyword %s (link-tls-cert, "
		    "link-tls-key, link-tls-ca, link-tls-peer-name)",
		    l->cl_argv[0]);
		return -1;
	}
	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	free(*slot);
	*slot = slot == &rb->rb_tls_conf.ltc_peer_name ?
	    xstrdup(l->cl_argv[1]) : conf_relative_path(l->cl_file,
	    l->cl_argv[1]);
	return 0;
}

/* Does an agent or events line say esmlinks://? */
static int
esmbe_uses_tls(const struct esmbe *rb)
{
	size_t i;

	for (i = 0; i < rb->rb_nagents; i++)
		if (rb->rb_agents[i].ra_tls)
			return 1;
	return rb->rb_events_tls;
}

/* The TLS context of esmlinks:// lines, checked with the config. */
static int
esmbe_check_tls(struct backend *be, char *err, size_t errlen)
{
	struct esmbe *rb = be->be_private;
	char why[512];

	if (!esmbe_uses_tls(rb) || rb->rb_tls != NULL)
		return 0;
	if (link_tls_conf_check(&rb->rb_tls_conf, "link-tls-", why,
	    sizeof(why)) == -1 || (rb->rb_tls = link_tls_new(&rb->rb_tls_conf,
	    why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "%s: %s", be->be_suffix, why);
		return -1;
	}
	return 0;
}

int
esmbe_config(struct backend *be, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct esmbe *rb = be->be_private;
	const char *kw = l->cl_argv[0];

	if (strcasecmp(kw, "suffix") == 0) {
		if (conf_want_args(l, 1, 1, err, errlen) == -1)
			return -1;
		return backend_set_suffix(be, l->cl_argv[1], err, errlen);
	}
	if (strcasecmp(kw, "map") == 0) {
		if (conf_want_args(l, 1, 1, err, errlen) == -1)
			return -1;
		free(rb->rb_map_path);
		rb->rb_map_path = conf_relative_path(l->cl_file,
		    l->cl_argv[1]);
		return 0;
	}
	if (strcasecmp(kw, "agent") == 0)
		return esmbe_conf_agent(rb, l, err, errlen);
	if (strcasecmp(kw, "keyfile") == 0) {
		rb->rb_have_key = 0;
		if (backend_conf_keyfile(l, &rb->rb_key, &rb->rb_key_path, err,
		    errlen) == -1)
			return -1;
		rb->rb_have_key = 1;
		return 0;
	}
	if (strcasecmp(kw, "keyfile-previous") == 0)
		return backend_conf_keyfile(l, &rb->rb_key_previous,
		    &rb->rb_key_previous_path, err, errlen);
	if (strncasecmp(kw, "link-tls-", 9) == 0)
		return esmbe_conf_tls(rb, l, err, errlen);
	if (strcasecmp(kw, "cipher") == 0) {
		if (conf_want_args(l, 1, 1, err, errlen) == -1)
			return -1;
		if (link_cipher_parse(l->cl_argv[1], &rb->rb_cipher) == -1) {
			snprintf(err, errlen, "cipher %s is not aes-128-gcm "
			    "or aes-256-gcm", l->cl_argv[1]);
			return -1;
		}
		return 0;
	}
	if (strcasecmp(kw, "request-timeout") == 0)
		return esmbe_conf_number(l, 1, 3600, &rb->rb_timeout, 1, err,
		    errlen);
	if (strcasecmp(kw, "batch") == 0)
		return esmbe_conf_number(l, 1, ESMBE_BATCH_MAX,
		    &rb->rb_batch, 0, err, errlen);
	if (strcasecmp(kw, "protect") == 0)
		return esmbe_conf_protect(rb, l, err, errlen);
	if (strcasecmp(kw, "events") == 0)
		return esmbe_conf_events(rb, l, err, errlen);
	snprintf(err, errlen, "unknown keyword %s in a %s backend (suffix, "
	    "map, agent, keyfile, keyfile-previous, cipher, request-timeout, "
	    "batch, protect, events, link-tls-cert, link-tls-key, "
	    "link-tls-ca, link-tls-peer-name)", kw, rb->rb_dl->dl_type);
	return -1;
}

int
esmbe_check(struct backend *be, char *err, size_t errlen)
{
	struct esmbe *rb = be->be_private;

	if (rb->rb_map_path == NULL) {
		snprintf(err, errlen, "%s has no map line (e.g. \"map "
		    "schema/%s.map\")", be->be_suffix, rb->rb_dl->dl_type);
		return -1;
	}
	if (!rb->rb_have_key) {
		snprintf(err, errlen, "%s has no keyfile line (the agent's "
		    "link key, mode 0600)", be->be_suffix);
		return -1;
	}
	if (rb->rb_nagents == 0) {
		snprintf(err, errlen, "%s has no agent line (agent NAME "
		    "esmlink://HOST:PORT)", be->be_suffix);
		return -1;
	}
	if (esmbe_check_tls(be, err, errlen) == -1)
		return -1;
	if (be->be_nsuffix == NULL && be->be_gw->gw_schema != NULL)
		return backend_set_suffix(be, be->be_suffix, err, errlen);
	return 0;
}

/* ---- links --------------------------------------------------------- */

static void
esmbe_agent_state_cb(void *arg, int up, const char *why)
{
	struct esmbe_agent *ra = arg;

	if (up == ra->ra_up)
		return;
	ra->ra_up = up;
	if (up)
		log_info("agent=%s link up: backend %s can reach %s",
		    ra->ra_name, ra->ra_rb->rb_be->be_suffix,
		    ra->ra_rb->rb_dl->dl_name);
	else
		log_warnx("agent=%s link down: %s", ra->ra_name,
		    why != NULL ? why : "closed");
	audit_link(ra->ra_rb->rb_be->be_gw, ra->ra_name,
	    ra->ra_rb->rb_be->be_suffix, up, up ? NULL : why != NULL ? why :
	    "closed");
}

int
esmbe_open(struct backend *be, struct event_base *base, char *err,
    size_t errlen)
{
	struct esmbe *rb = be->be_private;
	struct link_params lp;
	struct esmbe_agent *ra;
	size_t i;

	rb->rb_base = base;
	if (rb->rb_timeout == 0)
		rb->rb_timeout = be->be_gw->gw_request_timeout != 0 ?
		    be->be_gw->gw_request_timeout : ESMBE_TIMEOUT_DEFAULT;
	/* The schema is loaded now: normalise the suffix with it. */
	if (backend_set_suffix(be, be->be_suffix, err, errlen) == -1)
		return -1;
	if (rb->rb_map == NULL && (rb->rb_map = map_load(rb->rb_map_path,
	    be->be_gw->gw_schema, err, errlen)) == NULL)
		return -1;
	memset(&lp, 0, sizeof(lp));
	lp.lp_role = LINK_ROLE_CLIENT;
	lp.lp_identity = ESMBE_IDENTITY;
	lp.lp_key = &rb->rb_key;
	lp.lp_key_previous = &rb->rb_key_previous;
	lp.lp_cipher = rb->rb_cipher;
	lp.lp_heartbeat = 30;
	for (i = 0; i < rb->rb_nagents; i++) {
		ra = &rb->rb_agents[i];
		if (ra->ra_client != NULL)
			continue;
		lp.lp_tls = ra->ra_tls ? rb->rb_tls : NULL;
		ra->ra_client = link_client_new(base, ra->ra_name,
		    ra->ra_host, ra->ra_port, &lp, esmbe_agent_state_cb, ra);
		link_client_start(ra->ra_client);
	}
	log_info("backend %s %s: map %s, %zu agent%s", rb->rb_dl->dl_type,
	    be->be_suffix, rb->rb_map_path, rb->rb_nagents, rb->rb_nagents == 1 ? "" : "s");
	return 0;
}

int
esmbe_reload(struct backend *be, char *err, size_t errlen)
{
	struct esmbe *rb = be->be_private;
	struct map *m;
	size_t i;

	if ((m = map_load(rb->rb_map_path, be->be_gw->gw_schema, err,
	    errlen)) == NULL)
		return -1;
	/* Operations in flight keep their reference to the old map. */
	map_unref(rb->rb_map);
	rb->rb_map = m;
	/* Learn the agent's protected ids afresh. */
	for (i = 0; i < MAP_CLASS__MAX; i++)
		esm_ids_clear(&rb->rb_hidden[i]);
	esmbe_multi_lists_reset(rb);
	log_info("backend %s %s: map %s reloaded", rb->rb_dl->dl_type,
	    be->be_suffix, rb->rb_map_path);
	return 0;
}

void
esmbe_status(struct backend *be, struct evbuffer *out)
{
	struct esmbe *rb = be->be_private;
	struct esmbe_agent *ra;
	size_t i;

	evbuffer_add_printf(out, "backend %s %s map %s commands-sent %llu "
	    "commands-failed %llu", rb->rb_dl->dl_type, be->be_suffix,
	    rb->rb_map_path != NULL ? rb->rb_map_path : "-",
	    (unsigned long long)rb->rb_cmds_sent,
	    (unsigned long long)rb->rb_cmds_failed);
	for (i = 0; i < MAP_CLASS__MAX; i++)
		if (rb->rb_map != NULL && rb->rb_map->m_class[i].mc_defined)
			evbuffer_add_printf(out, " hidden-%ss %zu",
			    map_class_name((enum map_class)i),
			    rb->rb_hidden[i].ri_n);
	evbuffer_add_printf(out, "\n");
	for (i = 0; i < rb->rb_nagents; i++) {
		ra = &rb->rb_agents[i];
		evbuffer_add_printf(out, "  agent %s %s %s pending %zu sent "
		    "%llu failed %llu\n", ra->ra_name, ra->ra_url,
		    ra->ra_client != NULL &&
		    link_client_is_up(ra->ra_client) ? "up" : "down",
		    ra->ra_client != NULL ?
		    link_client_pending(ra->ra_client) : 0,
		    (unsigned long long)ra->ra_sent,
		    (unsigned long long)ra->ra_failed);
	}
}

void
esmbe_close(struct backend *be)
{
	struct esmbe *rb = be->be_private;
	size_t i;

	if (rb == NULL)
		return;
	for (i = 0; i < rb->rb_nagents; i++) {
		link_client_free(rb->rb_agents[i].ra_client);
		rb->rb_agents[i].ra_client = NULL;
		rb->rb_agents[i].ra_up = 0;
	}
}

void
esmbe_destroy(struct backend *be)
{
	struct esmbe *rb = be->be_private;
	size_t i;

	if (rb == NULL)
		return;
	esmbe_close(be);
	for (i = 0; i < rb->rb_nagents; i++) {
		free(rb->rb_agents[i].ra_name);
		free(rb->rb_agents[i].ra_url);
	}
	free(rb->rb_agents);
	free(rb->rb_events_url);
	map_unref(rb->rb_map);
	free(rb->rb_map_path);
	free(rb->rb_key_path);
	link_key_clear(&rb->rb_key);
	link_key_clear(&rb->rb_key_previous);
	free(rb->rb_key_previous_path);
	link_tls_free(rb->rb_tls);
	link_tls_conf_clear(&rb->rb_tls_conf);
	esm_ids_clear(&rb->rb_protect);
	for (i = 0; i < MAP_CLASS__MAX; i++)
		esm_ids_clear(&rb->rb_hidden[i]);
	free(rb);
	be->be_private = NULL;
}
