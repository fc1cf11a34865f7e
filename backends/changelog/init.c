/*
 * init.c - the changelog backend's lifecycle (clbe.h): configuration,
 * the store opened and lent to the gateway, the trim timer, status.
 *
 * Configuration of a "backend changelog" section (bi_config; errors are
 * reasons, the caller adds file:line):
 *	suffix DN			default cn=changelog
 *	directory PATH			required: the LMDB environment,
 *					relative to the configuration file
 *	keyfile FILE			required (mode 0600): what seals the
 *					passwords at rest; a link key file
 *					(esmagentd --genkey) will do
 *	max-entries N			default 1000000; 0: no limit
 *	max-age DURATION		default 30d; 0: no limit
 *	trim-interval DURATION		default 60s
 *	origin-gateway show|suppress	default show; suppress hides the
 *					changes the gateway's own requests
 *					made (an IAM suite's echo)
 *	password-readers DN...		administrators shown a password
 *					event's new password (repeatable);
 *					refused with access lines, where
 *					the password-events right decides
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "conf.h"
#include "link.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/changelog/clbe.h"
#include "gateway/acl.h"
#include "gateway/changelog.h"
#include "gateway/dn.h"
#include "gateway/gw.h"

static int	clbe_init(struct backend *);
static int	clbe_config(struct backend *, const struct conf_line *, char *,
		    size_t);
static int	clbe_check(struct backend *, char *, size_t);
static int	clbe_open(struct backend *, struct event_base *, char *,
		    size_t);
static void	clbe_status(struct backend *, struct evbuffer *);
static void	clbe_close(struct backend *);
static void	clbe_destroy(struct backend *);

const struct backend_info changelog_backend_info = {
	.bi_type = "changelog",
	.bi_esm = "esmgate changelog",
	.bi_init = clbe_init,
	.bi_config = clbe_config,
	.bi_check = clbe_check,
	.bi_open = clbe_open,
	.bi_status = clbe_status,
	.bi_close = clbe_close,
	.bi_destroy = clbe_destroy,
	.bi_search = clbe_search,
	.bi_add = clbe_refuse_write,
	.bi_modify = clbe_refuse_write,
	.bi_delete = clbe_refuse_write,
	.bi_modrdn = clbe_refuse_write,
	.bi_passwd = clbe_refuse_write,
	.bi_cancel = clbe_cancel,
};

int
clbe_is_reader(const struct clbe *cb, const char *ndn)
{
	size_t i;

	/* cb_nreaders exists once the configuration was checked. */
	for (i = 0; ndn != NULL && cb->cb_nreaders != NULL &&
	    i < cb->cb_nreaders_n; i++)
		if (cb->cb_nreaders[i] != NULL &&
		    strcmp(cb->cb_nreaders[i], ndn) == 0)
			return 1;
	return 0;
}

/* ---- configuration ------------------------------------------------- */

static int
clbe_init(struct backend *be)
{
	struct clbe *cb;

	if (be->be_private != NULL)
		return 0;
	cb = xcalloc(1, sizeof(*cb));
	cb->cb_be = be;
	cb->cb_max_entries = CLBE_MAX_ENTRIES;
	cb->cb_max_age = CLBE_MAX_AGE;
	cb->cb_trim_interval = CLBE_TRIM_INTERVAL;
	be->be_private = cb;
	if (be->be_suffix == NULL)
		be->be_suffix = xstrdup(CLBE_SUFFIX);
	return 0;
}

/* A count or a duration from min to max. */
static int
clbe_conf_number(const struct conf_line *l, int duration,
    unsigned long min, unsigned long max, unsigned long *out, char *err,
    size_t errlen)
{
	unsigned long v;

	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	if ((duration ? conf_parse_duration(l->cl_argv[1], &v) :
	    conf_parse_uint(l->cl_argv[1], max, &v)) == -1 || v < min ||
	    v > max) {
		snprintf(err, errlen, "%s wants %s from %lu to %lu, not %s",
		    l->cl_argv[0], duration ? "a duration (30s, 15m, 12h, 7d)"
		    : "a number", min, max, l->cl_argv[1]);
		return -1;
	}
	*out = v;
	return 0;
}

static int
clbe_conf_readers(struct clbe *cb, const struct conf_line *l, char *err,
    size_t errlen)
{
	const char *why;
	char *ndn;
	int i;

	if (l->cl_argc < 2) {
		snprintf(err, errlen, "password-readers takes one or more DNs");
		return -1;
	}
	for (i = 1; i < l->cl_argc; i++) {
		if (dn_normalize_str(l->cl_argv[i], strlen(l->cl_argv[i]),
		    NULL, &ndn, &why) == -1) {
			snprintf(err, errlen, "password-readers: \"%s\" is not "
			    "a DN: %s", l->cl_argv[i], why);
			return -1;
		}
		free(ndn);
		cb->cb_readers = xreallocarray(cb->cb_readers,
		    cb->cb_nreaders_n + 1, sizeof(*cb->cb_readers));
		cb->cb_readers[cb->cb_nreaders_n++] = xstrdup(l->cl_argv[i]);
	}
	return 0;
}

static int
clbe_conf_origin(struct clbe *cb, const struct conf_line *l, char *err,
    size_t errlen)
{
	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	if (strcasecmp(l->cl_argv[1], "show") == 0)
		cb->cb_suppress = 0;
	else if (strcasecmp(l->cl_argv[1], "suppress") == 0)
		cb->cb_suppress = 1;
	else {
		snprintf(err, errlen, "origin-gateway wants show or suppress, "
		    "not %s", l->cl_argv[1]);
		return -1;
	}
	return 0;
}

static int
clbe_config(struct backend *be, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct clbe *cb = be->be_private;
	const char *kw = l->cl_argv[0];
	unsigned long v;

	if (strcasecmp(kw, "suffix") == 0)
		return conf_want_args(l, 1, 1, err, errlen) == -1 ? -1 :
		    backend_set_suffix(be, l->cl_argv[1], err, errlen);
	if (strcasecmp(kw, "directory") == 0) {
		if (conf_want_args(l, 1, 1, err, errlen) == -1)
			return -1;
		free(cb->cb_dir);
		cb->cb_dir = conf_relative_path(l->cl_file, l->cl_argv[1]);
		return 0;
	}
	if (strcasecmp(kw, "keyfile") == 0) {
		cb->cb_have_key = 0;
		if (backend_conf_keyfile(l, &cb->cb_key, &cb->cb_key_path, err,
		    errlen) == -1)
			return -1;
		cb->cb_have_key = 1;
		return 0;
	}
	if (strcasecmp(kw, "max-entries") == 0) {
		if (clbe_conf_number(l, 0, 0, 1000000000UL, &v, err,
		    errlen) == -1)
			return -1;
		cb->cb_max_entries = v;
		return 0;
	}
	if (strcasecmp(kw, "max-age") == 0) {
		if (clbe_conf_number(l, 1, 0, 3650UL * 86400, &v, err,
		    errlen) == -1)
			return -1;
		cb->cb_max_age = v;
		return 0;
	}
	if (strcasecmp(kw, "trim-interval") == 0)
		return clbe_conf_number(l, 1, 1, 86400, &cb->cb_trim_interval,
		    err, errlen);
	if (strcasecmp(kw, "origin-gateway") == 0)
		return clbe_conf_origin(cb, l, err, errlen);
	if (strcasecmp(kw, "password-readers") == 0)
		return clbe_conf_readers(cb, l, err, errlen);
	snprintf(err, errlen, "unknown keyword %s in a changelog backend "
	    "(suffix, directory, keyfile, max-entries, max-age, "
	    "trim-interval, origin-gateway, password-readers)", kw);
	return -1;
}

/* Readers are normalised with the schema and must be administrators. */
static int
clbe_check_readers(struct backend *be, char *err, size_t errlen)
{
	struct clbe *cb = be->be_private;
	const char *why;
	size_t i;

	if (cb->cb_nreaders_n > 0 && acl_is_active(be->be_gw->gw_acl)) {
		snprintf(err, errlen, "password-readers cannot be combined "
		    "with access lines, which decide who sees passwords: "
		    "grant password-events instead (access NAME to %s by "
		    "dn:DN read,changelog,password-events)", be->be_suffix);
		return -1;
	}
	for (i = 0; cb->cb_nreaders != NULL && i < cb->cb_nreaders_n; i++)
		free(cb->cb_nreaders[i]);
	free(cb->cb_nreaders);
	cb->cb_nreaders = xcalloc(cb->cb_nreaders_n + 1,
	    sizeof(*cb->cb_nreaders));
	for (i = 0; i < cb->cb_nreaders_n; i++) {
		if (dn_normalize_str(cb->cb_readers[i],
		    strlen(cb->cb_readers[i]), be->be_gw->gw_schema,
		    &cb->cb_nreaders[i], &why) == -1) {
			snprintf(err, errlen, "password-readers: \"%s\": %s",
			    cb->cb_readers[i], why);
			return -1;
		}
		if (gw_find_admin(be->be_gw, cb->cb_nreaders[i]) == NULL) {
			snprintf(err, errlen, "password-readers: %s is not a "
			    "gateway administrator (an admin line): only "
			    "administrators may read %s", cb->cb_readers[i],
			    be->be_suffix);
			return -1;
		}
	}
	return 0;
}

static int
clbe_check(struct backend *be, char *err, size_t errlen)
{
	struct clbe *cb = be->be_private;
	struct backend *other;

	TAILQ_FOREACH(other, &be->be_gw->gw_backends, be_entry)
		if (other != be && other->be_info == be->be_info) {
			snprintf(err, errlen, "there is already a changelog "
			    "backend (%s:%d): the gateway keeps one",
			    other->be_file, other->be_line);
			return -1;
		}
	if (cb->cb_dir == NULL) {
		snprintf(err, errlen, "%s has no directory line (where the "
		    "changelog is kept)", be->be_suffix);
		return -1;
	}
	if (!cb->cb_have_key) {
		snprintf(err, errlen, "%s has no keyfile line (the key that "
		    "seals passwords at rest, mode 0600)", be->be_suffix);
		return -1;
	}
	return clbe_check_readers(be, err, errlen);
}

/* ---- the store and its trimming ------------------------------------ */

static void
clbe_trim_cb(evutil_socket_t fd, short what, void *arg)
{
	struct clbe *cb = arg;
	struct timeval tv = { (time_t)cb->cb_trim_interval, 0 };
	char err[512];
	size_t n;
	int more = 0;

	if (changelog_trim(cb->cb_cl, time(NULL), CHANGELOG_TRIM_BATCH, &n,
	    &more, err, sizeof(err)) == -1)
		log_warnx("%s", err);
	else if (n > 0)
		log_info("changelog %s: trimmed %zu entries, %llu left (from "
		    "change %llu)%s", cb->cb_be->be_suffix, n,
		    (unsigned long long)changelog_count(cb->cb_cl),
		    (unsigned long long)changelog_first(cb->cb_cl),
		    more ? ", more to trim" : "");
	/* More to do: in the next turn, after the clients' events. */
	if (more)
		tv.tv_sec = 0;
	evtimer_add(cb->cb_trim_ev, &tv);
}

static int
clbe_open(struct backend *be, struct event_base *base, char *err,
    size_t errlen)
{
	struct clbe *cb = be->be_private;
	struct changelog_opts o;
	struct timeval tv = { (time_t)cb->cb_trim_interval, 0 };

	if (backend_set_suffix(be, be->be_suffix, err, errlen) == -1)
		return -1;
	memset(&o, 0, sizeof(o));
	o.co_dir = cb->cb_dir;
	o.co_key = &cb->cb_key;
	o.co_max_entries = cb->cb_max_entries;
	o.co_max_age = cb->cb_max_age;
	if ((cb->cb_cl = changelog_open(&o, err, errlen)) == NULL)
		return -1;
	cb->cb_base = base;
	if ((cb->cb_trim_ev = evtimer_new(base, clbe_trim_cb, cb)) == NULL) {
		snprintf(err, errlen, "cannot make the trim timer");
		return -1;
	}
	evtimer_add(cb->cb_trim_ev, &tv);
	clbe_notify_start(cb);
	be->be_gw->gw_changelog_be = be;
	be->be_gw->gw_changelog = cb->cb_cl;
	log_info("changelog %s in %s: changes %llu to %llu (%llu entries), "
	    "gateway changes %s, %zu password reader%s", be->be_suffix,
	    cb->cb_dir, (unsigned long long)changelog_first(cb->cb_cl),
	    (unsigned long long)changelog_last(cb->cb_cl),
	    (unsigned long long)changelog_count(cb->cb_cl),
	    cb->cb_suppress ? "suppressed" : "shown", cb->cb_nreaders_n,
	    cb->cb_nreaders_n == 1 ? "" : "s");
	return 0;
}

static void
clbe_status(struct backend *be, struct evbuffer *out)
{
	struct clbe *cb = be->be_private;
	const struct changelog_stats *st;

	if (cb->cb_cl == NULL) {
		evbuffer_add_printf(out, "  changelog %s not open\n",
		    cb->cb_dir != NULL ? cb->cb_dir : "-");
		return;
	}
	st = changelog_stats(cb->cb_cl);
	evbuffer_add_printf(out, "  changelog %s first %llu last %llu entries "
	    "%llu appended %llu duplicates %llu trimmed %llu max-entries %llu "
	    "max-age %llus gateway-changes %s states %llu\n", cb->cb_dir,
	    (unsigned long long)changelog_first(cb->cb_cl),
	    (unsigned long long)changelog_last(cb->cb_cl),
	    (unsigned long long)changelog_count(cb->cb_cl),
	    (unsigned long long)st->cs_appended,
	    (unsigned long long)st->cs_duplicates,
	    (unsigned long long)st->cs_trimmed,
	    (unsigned long long)cb->cb_max_entries,
	    (unsigned long long)cb->cb_max_age,
	    cb->cb_suppress ? "suppressed" : "shown",
	    (unsigned long long)changelog_states(cb->cb_cl));
}

static void
clbe_close(struct backend *be)
{
	struct clbe *cb = be->be_private;

	if (cb == NULL)
		return;
	if (be->be_gw->gw_changelog_be == be) {
		be->be_gw->gw_changelog_be = NULL;
		be->be_gw->gw_changelog = NULL;
	}
	if (cb->cb_trim_ev != NULL)
		event_free(cb->cb_trim_ev);
	cb->cb_trim_ev = NULL;
	clbe_notify_stop(cb);
	changelog_close(cb->cb_cl);
	cb->cb_cl = NULL;
}

static void
clbe_destroy(struct backend *be)
{
	struct clbe *cb = be->be_private;
	size_t i;

	if (cb == NULL)
		return;
	clbe_close(be);
	for (i = 0; i < cb->cb_nreaders_n; i++) {
		free(cb->cb_readers[i]);
		if (cb->cb_nreaders != NULL)
			free(cb->cb_nreaders[i]);
	}
	free(cb->cb_readers);
	free(cb->cb_nreaders);
	free(cb->cb_dir);
	free(cb->cb_key_path);
	link_key_clear(&cb->cb_key);
	free(cb);
	be->be_private = NULL;
}
