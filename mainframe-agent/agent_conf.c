/*
 * agent_conf.c - esmagentd's startup parameters.
 *
 * The parameters of a mainframe connector started task, one per line:
 *
 *	name		SYS1			system id in hellos and audit
 *	esm		racf			racf, acf2 or tss
 *	driver		sim			ESM driver
 *	database	/var/lib/esmgate/racf	the simulator's database
 *	userid		ESMAGENT		commands run under this userid
 *	listen		esmlink://127.0.0.1:7010  provisioning (repeatable;
 *						esmlinks:// inside TLS)
 *	gateway		esmlink://127.0.0.1:7011  reconciliation: a gateway's
 *						event listener (repeatable;
 *						esmlinks:// inside TLS)
 *	sharing-group	PLEX1			the agent id every event
 *						carries (default: name)
 *	event-window	1024			events sent and not yet acked,
 *						per gateway
 *	keyfile		/etc/esmgate/link.key	shared link key (mode 0600)
 *	keyfile-previous FILE			during a key change: the
 *						key before keyfile, still
 *						accepted and opening what
 *						it sealed
 *	tls-cert	FILE			esmlinks://: our certificate
 *	tls-key		FILE			its key (mode 0600)
 *	tls-ca		FILE			the CA gateways' certificates
 *						must chain to
 *	tls-peer-name	NAME			optional: a DNS/IP SAN or CN
 *						gateways' certificates carry
 *	cipher		aes-128-gcm		encryption technique
 *	server-only	no			run only the provisioning role
 *	audit		/var/log/esmgate/agent.audit	one record per command
 *	control		/run/esmgate/agent.sock	operator commands
 *	workers		4			command threads
 *	max-requests	256			in flight per gateway link
 *	max-frame	1m			largest link frame
 *	heartbeat	30			seconds
 *	allow		ADDUSER ALTUSER ...	commands the agent runs
 *	protect		IBMUSER			never touched by requests
 *	include-list	FILE			only these may be touched
 *	exclude-list	FILE			these may not be touched
 *	kdf-iterations	10000			simulator password hashing
 *	cache-slots	4096			event cache ring size
 *	cache-name	/esmgate-racf.db-1a2b3c4d  its shared memory
 *						(default: from the database)
 *	cache-journal	FILE			its journal (default:
 *						DATABASE/cache.journal)
 *	debug		link,agent		debug categories
 *	log-file	FILE
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "link_tls.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/cache.h"
#include "mainframe-agent/driver.h"

void
agent_conf_defaults(struct agent_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->ac_name = xstrdup("SYS1");
	c->ac_esm = xstrdup("racf");
	c->ac_driver = xstrdup("sim");
	c->ac_userid = xstrdup("ESMAGENT");
	c->ac_cipher = LINK_CIPHER_AES128_GCM;
	c->ac_workers = 4;
	c->ac_max_requests = 256;
	c->ac_max_frame = LINK_MAX_FRAME_DEFAULT;
	c->ac_heartbeat = 30;
	c->ac_cache_slots = CACHE_SLOTS_DEFAULT;
	c->ac_event_window = AGENT_EVENT_WINDOW_DEFAULT;
}

static void
agent_conf_set(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

/* Values resolved relative to the configuration file's directory. */
static void
agent_conf_set_path(char **slot, const struct conf_line *l)
{
	free(*slot);
	*slot = conf_relative_path(l->cl_file, l->cl_argv[1]);
}

static int
agent_conf_uint(const struct conf_line *l, unsigned long min,
    unsigned long max, unsigned int *out, char *err, size_t errlen)
{
	unsigned long v;

	if (conf_parse_uint(l->cl_argv[1], max, &v) == -1 || v < min) {
		snprintf(err, errlen, "%s must be a number from %lu to %lu",
		    l->cl_argv[0], min, max);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int
agent_conf_url(const struct conf_line *l, char **list, int *n,
    char *err, size_t errlen)
{
	struct conf_url u;

	if (conf_parse_url(l->cl_argv[1], &u) == -1 ||
	    link_tls_scheme(u.cu_scheme) == -1 || u.cu_port[0] == '\0') {
		snprintf(err, errlen, "%s wants esmlink://HOST:PORT or "
		    "esmlinks://HOST:PORT, not %s", l->cl_argv[0],
		    l->cl_argv[1]);
		return -1;
	}
	if (*n == AGENT_MAX_LISTEN) {
		snprintf(err, errlen, "at most %d %s lines", AGENT_MAX_LISTEN,
		    l->cl_argv[0]);
		return -1;
	}
	list[(*n)++] = xstrdup(l->cl_argv[1]);
	return 0;
}

/*
 * A sharing group is the agent id in every event and in the gateway's
 * dedupe key: 1 to 64 printable characters (link_event.h's rule).
 */
static int
agent_conf_sharing_group(const char *id, char *err, size_t errlen)
{
	const char *p;

	if (strlen(id) > LINK_MAX_IDENTITY) {
		snprintf(err, errlen, "sharing-group is longer than %d",
		    LINK_MAX_IDENTITY);
		return -1;
	}
	for (p = id; *p != '\0'; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e) {
			snprintf(err, errlen, "sharing-group %s holds a "
			    "character that is not printable ASCII", id);
			return -1;
		}
	return 0;
}

static int
agent_conf_allow(struct agent_conf *c, const struct conf_line *l,
    char *err, size_t errlen)
{
	int i;

	for (i = 0; i < c->ac_nallow; i++)
		free(c->ac_allow[i]);
	c->ac_nallow = 0;
	for (i = 1; i < l->cl_argc; i++) {
		if (c->ac_nallow == AGENT_MAX_VERBS) {
			snprintf(err, errlen, "allow names too many commands");
			return -1;
		}
		c->ac_allow[c->ac_nallow++] = xstrdup(l->cl_argv[i]);
	}
	return 0;
}

static int
agent_conf_line(void *arg, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct agent_conf *c = arg;
	const char *k = l->cl_argv[0];
	unsigned long v;
	char *p;
	int b, i;

	if (strcasecmp(k, "allow") == 0)
		return agent_conf_allow(c, l, err, errlen);
	if (strcasecmp(k, "protect") == 0) {
		if (conf_want_args(l, 1, CONF_MAX_ARGS - 1, err, errlen) == -1)
			return -1;
		for (i = 1; i < l->cl_argc; i++)
			if (agent_idlist_add(&c->ac_protect, l->cl_argv[i])
			    == -1) {
				snprintf(err, errlen, "protect: %s is not a "
				    "userid or a mask ending in *",
				    l->cl_argv[i]);
				return -1;
			}
		return 0;
	}
	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	if (strcasecmp(k, "name") == 0) {
		if (strlen(l->cl_argv[1]) > LINK_MAX_IDENTITY) {
			snprintf(err, errlen, "name is longer than %d",
			    LINK_MAX_IDENTITY);
			return -1;
		}
		agent_conf_set(&c->ac_name, l->cl_argv[1]);
	} else if (strcasecmp(k, "sharing-group") == 0) {
		if (agent_conf_sharing_group(l->cl_argv[1], err, errlen) == -1)
			return -1;
		agent_conf_set(&c->ac_sharing_group, l->cl_argv[1]);
	} else if (strcasecmp(k, "event-window") == 0)
		return agent_conf_uint(l, 1, AGENT_EVENT_WINDOW_MAX,
		    &c->ac_event_window, err, errlen);
	else if (strcasecmp(k, "esm") == 0) {
		if (strcasecmp(l->cl_argv[1], "racf") != 0 &&
		    strcasecmp(l->cl_argv[1], "acf2") != 0 &&
		    strcasecmp(l->cl_argv[1], "tss") != 0) {
			snprintf(err, errlen, "esm %s is unknown (racf, acf2 "
			    "and tss are)", l->cl_argv[1]);
			return -1;
		}
		agent_conf_set(&c->ac_esm, l->cl_argv[1]);
		for (p = c->ac_esm; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	} else if (strcasecmp(k, "driver") == 0)
		agent_conf_set(&c->ac_driver, l->cl_argv[1]);
	else if (strcasecmp(k, "database") == 0)
		agent_conf_set_path(&c->ac_database, l);
	else if (strcasecmp(k, "userid") == 0)
		agent_conf_set(&c->ac_userid, l->cl_argv[1]);
	else if (strcasecmp(k, "listen") == 0)
		return agent_conf_url(l, c->ac_listen, &c->ac_nlisten, err,
		    errlen);
	else if (strcasecmp(k, "gateway") == 0)
		return agent_conf_url(l, c->ac_gateway, &c->ac_ngateway, err,
		    errlen);
	else if (strcasecmp(k, "keyfile") == 0)
		agent_conf_set_path(&c->ac_keyfile, l);
	else if (strcasecmp(k, "keyfile-previous") == 0)
		agent_conf_set_path(&c->ac_keyfile_previous, l);
	else if (strcasecmp(k, "tls-cert") == 0)
		agent_conf_set_path(&c->ac_tls.ltc_cert, l);
	else if (strcasecmp(k, "tls-key") == 0)
		agent_conf_set_path(&c->ac_tls.ltc_key, l);
	else if (strcasecmp(k, "tls-ca") == 0)
		agent_conf_set_path(&c->ac_tls.ltc_ca, l);
	else if (strcasecmp(k, "tls-peer-name") == 0)
		agent_conf_set(&c->ac_tls.ltc_peer_name, l->cl_argv[1]);
	else if (strcasecmp(k, "cipher") == 0) {
		if (link_cipher_parse(l->cl_argv[1], &c->ac_cipher) == -1) {
			snprintf(err, errlen, "cipher %s is not aes-128-gcm "
			    "or aes-256-gcm", l->cl_argv[1]);
			return -1;
		}
	} else if (strcasecmp(k, "server-only") == 0) {
		if (conf_parse_bool(l->cl_argv[1], &b) == -1) {
			snprintf(err, errlen, "server-only wants yes or no");
			return -1;
		}
		c->ac_server_only = b;
	} else if (strcasecmp(k, "audit") == 0)
		agent_conf_set_path(&c->ac_audit, l);
	else if (strcasecmp(k, "control") == 0)
		agent_conf_set_path(&c->ac_control, l);
	else if (strcasecmp(k, "log-file") == 0)
		agent_conf_set_path(&c->ac_logfile, l);
	else if (strcasecmp(k, "include-list") == 0)
		agent_conf_set_path(&c->ac_include_file, l);
	else if (strcasecmp(k, "exclude-list") == 0)
		agent_conf_set_path(&c->ac_exclude_file, l);
	else if (strcasecmp(k, "workers") == 0)
		return agent_conf_uint(l, 1, 64, &c->ac_workers, err, errlen);
	else if (strcasecmp(k, "max-requests") == 0)
		return agent_conf_uint(l, 1, 65536, &c->ac_max_requests, err,
		    errlen);
	else if (strcasecmp(k, "heartbeat") == 0)
		return agent_conf_uint(l, 0, 3600, &c->ac_heartbeat, err,
		    errlen);
	else if (strcasecmp(k, "cache-slots") == 0)
		return agent_conf_uint(l, CACHE_SLOTS_MIN, CACHE_SLOTS_MAX,
		    &c->ac_cache_slots, err, errlen);
	else if (strcasecmp(k, "cache-name") == 0) {
		if (l->cl_argv[1][0] != '/' || strlen(l->cl_argv[1]) > 200 ||
		    strchr(l->cl_argv[1] + 1, '/') != NULL ||
		    l->cl_argv[1][1] == '\0') {
			snprintf(err, errlen, "cache-name wants /NAME (a "
			    "shared memory object, no other slash), not %s",
			    l->cl_argv[1]);
			return -1;
		}
		agent_conf_set(&c->ac_cache_name, l->cl_argv[1]);
	} else if (strcasecmp(k, "cache-journal") == 0)
		agent_conf_set_path(&c->ac_cache_journal, l);
	else if (strcasecmp(k, "kdf-iterations") == 0)
		return agent_conf_uint(l, 1, 10000000, &c->ac_kdf_iterations,
		    err, errlen);
	else if (strcasecmp(k, "max-frame") == 0) {
		if (conf_parse_size(l->cl_argv[1], &v) == -1 || v < 65536 ||
		    v > 64UL * 1024 * 1024) {
			snprintf(err, errlen,
			    "max-frame must be a size from 64k to 64m");
			return -1;
		}
		c->ac_max_frame = v;
	} else if (strcasecmp(k, "debug") == 0) {
		if (log_parse_debug(l->cl_argv[1], &c->ac_debug) == -1) {
			snprintf(err, errlen, "debug: unknown category in %s "
			    "(conn op link backend cache sim agent config "
			    "all)", l->cl_argv[1]);
			return -1;
		}
	} else {
		snprintf(err, errlen, "unknown keyword %s", k);
		return -1;
	}
	return 0;
}

/* Does any listen or gateway line say esmlinks://? */
static int
agent_conf_uses_tls(const struct agent_conf *c)
{
	struct conf_url u;
	int i;

	for (i = 0; i < c->ac_nlisten; i++)
		if (conf_parse_url(c->ac_listen[i], &u) == 0 &&
		    link_tls_scheme(u.cu_scheme) == 1)
			return 1;
	for (i = 0; i < c->ac_ngateway; i++)
		if (conf_parse_url(c->ac_gateway[i], &u) == 0 &&
		    link_tls_scheme(u.cu_scheme) == 1)
			return 1;
	return 0;
}

static int
agent_conf_check_tls(struct agent_conf *c, char *err, size_t errlen)
{
	char why[256];

	if (c->ac_keyfile_previous != NULL && c->ac_keyfile == NULL) {
		snprintf(err, errlen, "%s: keyfile-previous needs a keyfile "
		    "line (the new key)", c->ac_file);
		return -1;
	}
	if (!agent_conf_uses_tls(c))
		return 0;
	if (link_tls_conf_check(&c->ac_tls, "tls-", why, sizeof(why)) ==
	    -1) {
		snprintf(err, errlen, "%s: %s", c->ac_file, why);
		return -1;
	}
	return 0;
}

static int
agent_conf_check(struct agent_conf *c, char *err, size_t errlen)
{
	const struct esm_driver *d;
	size_t i;

	if (c->ac_database == NULL) {
		snprintf(err, errlen, "%s: no database line: the simulator "
		    "needs a directory for its database", c->ac_file);
		return -1;
	}
	if (c->ac_nlisten > 0 && c->ac_keyfile == NULL) {
		snprintf(err, errlen, "%s: listen needs a keyfile line "
		    "(esmagentd --genkey FILE makes one)", c->ac_file);
		return -1;
	}
	if ((d = driver_find(c->ac_driver, c->ac_esm)) == NULL) {
		snprintf(err, errlen, "%s: no driver %s for ESM %s",
		    c->ac_file, c->ac_driver, c->ac_esm);
		return -1;
	}
	if (c->ac_nallow == 0)
		for (i = 0; d->ed_allow[i] != NULL; i++)
			c->ac_allow[c->ac_nallow++] = xstrdup(d->ed_allow[i]);
	/*
	 * The userid goes into the setup commands at startup and must be
	 * a userid, not a mask: 1-8 of A-Z 0-9 @ # $, no digit first.  The
	 * started task's own id and the ESM's first administrator are
	 * protected always.
	 */
	if (strchr(c->ac_userid, '*') != NULL ||
	    isdigit((unsigned char)c->ac_userid[0]) ||
	    agent_idlist_add(&c->ac_protect, c->ac_userid) == -1) {
		snprintf(err, errlen, "%s: userid %s is not a valid userid",
		    c->ac_file, c->ac_userid);
		return -1;
	}
	agent_idlist_add(&c->ac_protect, d->ed_admin);
	/* An agent alone on its database is a sharing group of one. */
	if (c->ac_sharing_group == NULL &&
	    agent_conf_sharing_group(c->ac_name, err, errlen) == -1)
		return -1;
	if (c->ac_sharing_group == NULL)
		c->ac_sharing_group = xstrdup(c->ac_name);
	if (c->ac_server_only && c->ac_ngateway > 0) {
		snprintf(err, errlen, "%s: gateway lines send the event "
		    "cache's events, which a server-only agent does not keep",
		    c->ac_file);
		return -1;
	}
	/* The cache seals passwords and its journal with the link key. */
	if (!c->ac_server_only && c->ac_keyfile == NULL) {
		snprintf(err, errlen, "%s: the event cache needs a keyfile "
		    "line (esmagentd --genkey FILE makes one), unless the "
		    "agent is server-only", c->ac_file);
		return -1;
	}
	return agent_conf_check_tls(c, err, errlen);
}

/* The TLS context of esmlinks:// lines, made at the first one. */
int
agent_tls_open(struct agent *ag, char *err, size_t errlen)
{
	char why[512];

	if (ag->ag_tls != NULL)
		return 0;
	if ((ag->ag_tls = link_tls_new(&ag->ag_conf.ac_tls, why,
	    sizeof(why))) == NULL) {
		snprintf(err, errlen, "%s: link TLS: %s", ag->ag_conf.ac_file,
		    why);
		return -1;
	}
	return 0;
}

int
agent_conf_load(const char *path, struct agent_conf *c, char *err,
    size_t errlen)
{
	agent_conf_defaults(c);
	c->ac_file = xstrdup(path);
	if (conf_parse_file(path, agent_conf_line, c, err, errlen) == -1)
		return -1;
	return agent_conf_check(c, err, errlen);
}

void
agent_conf_clear(struct agent_conf *c)
{
	int i;

	free(c->ac_file);
	free(c->ac_name);
	free(c->ac_sharing_group);
	free(c->ac_esm);
	free(c->ac_driver);
	free(c->ac_database);
	free(c->ac_userid);
	for (i = 0; i < c->ac_nlisten; i++)
		free(c->ac_listen[i]);
	for (i = 0; i < c->ac_ngateway; i++)
		free(c->ac_gateway[i]);
	free(c->ac_keyfile);
	free(c->ac_keyfile_previous);
	link_tls_conf_clear(&c->ac_tls);
	free(c->ac_audit);
	free(c->ac_control);
	free(c->ac_logfile);
	for (i = 0; i < c->ac_nallow; i++)
		free(c->ac_allow[i]);
	free(c->ac_include_file);
	free(c->ac_exclude_file);
	agent_idlist_clear(&c->ac_protect);
	free(c->ac_cache_name);
	free(c->ac_cache_journal);
	memset(c, 0, sizeof(*c));
}
