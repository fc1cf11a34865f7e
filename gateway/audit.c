/*
 * audit.c - the security audit feed (audit.h): records in CEF or LEEF,
 * to a file and/or syslog.
 *
 * A record is built from fields the gateway itself holds (the bound
 * identity, the client's address, the target DN, the result and its
 * diagnostic, which never carries a credential), escaped so that no
 * value can end its field or start another, and written with one
 * write(2) per line, so that records from one process never interleave.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "gateway/audit.h"
#include "gateway/conn.h"
#include "gateway/gw.h"
#include "gateway/op.h"
#include "gateway/pdu.h"

#define AUDIT_LINE_MAX	4096
#define AUDIT_VENDOR	"esmgate"
#define AUDIT_PRODUCT	"esmgated"

/* ---- formats ------------------------------------------------------- */

struct audit_buf {
	char	*ab_p;
	size_t	 ab_len;
	size_t	 ab_off;
	int	 ab_full;
};

static void
audit_putc(struct audit_buf *b, char c)
{
	if (b->ab_off + 1 >= b->ab_len) {
		b->ab_full = 1;
		return;
	}
	b->ab_p[b->ab_off++] = c;
	b->ab_p[b->ab_off] = '\0';
}

static void
audit_puts(struct audit_buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		audit_putc(b, *s);
}

/*
 * A value, escaped: CEF header fields escape | and \, extension values
 * \ and =; both turn line ends into \n and \r and other control
 * characters into blanks.  LEEF values may not hold its delimiter (tab)
 * or a line end: they become blanks.
 */
static void
audit_value(struct audit_buf *b, enum audit_format f, int header,
    const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r') {
			if (f == AUDIT_CEF) {
				audit_putc(b, '\\');
				audit_putc(b, *s == '\n' ? 'n' : 'r');
			} else
				audit_putc(b, ' ');
			continue;
		}
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			audit_putc(b, ' ');
			continue;
		}
		if (f == AUDIT_CEF && (*s == '\\' || (header ? *s == '|' :
		    *s == '=')))
			audit_putc(b, '\\');
		audit_putc(b, *s);
	}
}

/* One extension "key=value" (skipped when value is NULL). */
static void
audit_ext(struct audit_buf *b, enum audit_format f, const char *key,
    const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	if (b->ab_off > 0 && b->ab_p[b->ab_off - 1] != '|')
		audit_putc(b, f == AUDIT_CEF ? ' ' : '\t');
	audit_puts(b, key);
	audit_putc(b, '=');
	audit_value(b, f, 0, value);
}

static void
audit_ext_num(struct audit_buf *b, enum audit_format f, const char *key,
    long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	audit_ext(b, f, key, num);
}

/* "ip:port" into its two parts (IPv6 addresses carry brackets). */
static void
audit_split_addr(const char *addr, char *ip, size_t iplen, char *port,
    size_t portlen)
{
	const char *colon = addr != NULL ? strrchr(addr, ':') : NULL;
	size_t n;

	ip[0] = port[0] = '\0';
	if (addr == NULL)
		return;
	if (colon == NULL) {
		snprintf(ip, iplen, "%s", addr);
		return;
	}
	n = (size_t)(colon - addr);
	if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']') {
		addr++;
		n -= 2;
	}
	snprintf(ip, iplen, "%.*s", (int)n, addr);
	snprintf(port, portlen, "%s", colon + 1);
}

static void
audit_header(struct audit_buf *b, enum audit_format f,
    const struct audit_rec *r)
{
	char sev[8];

	audit_puts(b, f == AUDIT_CEF ? "CEF:0|" : "LEEF:2.0|");
	audit_value(b, f, 1, AUDIT_VENDOR);
	audit_putc(b, '|');
	audit_value(b, f, 1, AUDIT_PRODUCT);
	audit_putc(b, '|');
	audit_value(b, f, 1, PACKAGE_VERSION);
	audit_putc(b, '|');
	audit_value(b, f, 1, r->ar_event);
	audit_putc(b, '|');
	if (f == AUDIT_CEF) {
		audit_value(b, f, 1, r->ar_name);
		snprintf(sev, sizeof(sev), "|%d|", r->ar_severity);
		audit_puts(b, sev);
	} else
		audit_puts(b, "x09|");	/* the attributes' delimiter: tab */
}

int
audit_format_rec(enum audit_format f, const struct audit_rec *r, char *buf,
    size_t len)
{
	struct audit_buf b = { buf, len, 0, 0 };
	char ip[64], port[16], when[32];
	struct tm tm;

	if (len == 0)
		return -1;
	buf[0] = '\0';
	audit_split_addr(r->ar_src, ip, sizeof(ip), port, sizeof(port));
	gmtime_r(&r->ar_time, &tm);
	audit_header(&b, f, r);
	if (f == AUDIT_CEF) {
		audit_ext_num(&b, f, "rt", (long long)r->ar_time * 1000);
		audit_ext(&b, f, "src", ip);
		audit_ext(&b, f, "spt", port);
		audit_ext(&b, f, "suser", r->ar_user);
		audit_ext(&b, f, "act", r->ar_action);
		audit_ext(&b, f, "duser", r->ar_target);
		audit_ext(&b, f, "outcome", r->ar_outcome);
		audit_ext(&b, f, "reason", r->ar_reason);
		if (r->ar_result >= 0) {
			audit_ext(&b, f, "cn1Label", "ldapResult");
			audit_ext_num(&b, f, "cn1", r->ar_result);
		}
		if (r->ar_conn > 0) {
			audit_ext(&b, f, "cn2Label", "connection");
			audit_ext_num(&b, f, "cn2", (long long)r->ar_conn);
		}
		if (r->ar_op > 0) {
			audit_ext(&b, f, "cn3Label", "operation");
			audit_ext_num(&b, f, "cn3", (long long)r->ar_op);
		}
		if (r->ar_realm != NULL) {
			audit_ext(&b, f, "cs1Label", "realm");
			audit_ext(&b, f, "cs1", r->ar_realm);
		}
	} else {
		strftime(when, sizeof(when), "%b %d %Y %H:%M:%S", &tm);
		audit_ext(&b, f, "devTime", when);
		audit_ext(&b, f, "devTimeFormat", "MMM dd yyyy HH:mm:ss");
		audit_ext_num(&b, f, "sev", r->ar_severity);
		audit_ext(&b, f, "cat", r->ar_action);
		audit_ext(&b, f, "src", ip);
		audit_ext(&b, f, "srcPort", port);
		audit_ext(&b, f, "usrName", r->ar_user);
		audit_ext(&b, f, "resource", r->ar_target);
		audit_ext(&b, f, "outcome", r->ar_outcome);
		audit_ext(&b, f, "reason", r->ar_reason);
		if (r->ar_result >= 0)
			audit_ext_num(&b, f, "ldapResult", r->ar_result);
		if (r->ar_conn > 0)
			audit_ext_num(&b, f, "connection",
			    (long long)r->ar_conn);
		if (r->ar_op > 0)
			audit_ext_num(&b, f, "operation", (long long)r->ar_op);
		audit_ext(&b, f, "realm", r->ar_realm);
	}
	return b.ab_full ? -1 : 0;
}

/* ---- configuration and sinks ------------------------------------- */

static const struct {
	const char	*sf_name;
	int		 sf_facility;
} audit_facilities[] = {
	{ "auth", LOG_AUTH }, { "authpriv", LOG_AUTHPRIV },
	{ "daemon", LOG_DAEMON }, { "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 },
	{ "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
};

int
audit_config(struct gateway *gw, const char *k, const char *arg, char *err,
    size_t errlen)
{
	size_t i;

	if (strcasecmp(k, "audit-format") == 0) {
		if (strcasecmp(arg, "cef") == 0)
			gw->gw_audit_format = AUDIT_CEF;
		else if (strcasecmp(arg, "leef") == 0)
			gw->gw_audit_format = AUDIT_LEEF;
		else {
			snprintf(err, errlen, "audit-format wants cef or leef, "
			    "not %s", arg);
			return -1;
		}
		return 0;
	}
	if (strcasecmp(k, "audit-syslog") == 0) {
		for (i = 0; i < sizeof(audit_facilities) /
		    sizeof(audit_facilities[0]); i++)
			if (strcasecmp(arg, audit_facilities[i].sf_name) == 0) {
				gw->gw_audit_facility =
				    audit_facilities[i].sf_facility;
				gw->gw_audit_syslog = 1;
				return 0;
			}
		snprintf(err, errlen, "audit-syslog wants auth, authpriv, "
		    "daemon or local0 to local7, not %s", arg);
		return -1;
	}
	return 1;
}

int
audit_open(struct gateway *gw, char *err, size_t errlen)
{
	int fd;

	if (gw->gw_audit_file != NULL && gw->gw_audit_fd < 0) {
		fd = open(gw->gw_audit_file, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC, 0600);
		if (fd == -1) {
			snprintf(err, errlen, "audit-file %s: %s",
			    gw->gw_audit_file, strerror(errno));
			return -1;
		}
		gw->gw_audit_fd = fd;
	}
	if (gw->gw_audit_syslog)
		openlog(AUDIT_PRODUCT, LOG_PID | LOG_NDELAY,
		    gw->gw_audit_facility);
	return 0;
}

void
audit_close(struct gateway *gw)
{
	if (gw->gw_audit_fd >= 0)
		close(gw->gw_audit_fd);
	gw->gw_audit_fd = -1;
	if (gw->gw_audit_syslog)
		closelog();
}

/* Is there a sink?  (A gateway without audit-file has no file.) */
static int
audit_enabled(const struct gateway *gw)
{
	return (gw->gw_audit_file != NULL && gw->gw_audit_fd >= 0) ||
	    gw->gw_audit_syslog;
}

void
audit_emit(struct gateway *gw, const struct audit_rec *r)
{
	char line[AUDIT_LINE_MAX + 1];
	size_t n;

	if (!audit_enabled(gw))
		return;
	if (audit_format_rec(gw->gw_audit_format, r, line,
	    sizeof(line) - 1) == -1)
		log_warnx("audit: the %s record was cut at %d bytes",
		    r->ar_event, AUDIT_LINE_MAX);
	if (gw->gw_audit_syslog)
		syslog((r->ar_severity >= 7 ? LOG_WARNING : LOG_NOTICE) |
		    gw->gw_audit_facility, "%s", line);
	if (gw->gw_audit_file != NULL && gw->gw_audit_fd >= 0) {
		n = strlen(line);
		line[n++] = '\n';
		if (write(gw->gw_audit_fd, line, n) != (ssize_t)n)
			log_warnx("audit-file %s: a record could not be "
			    "written: %s", gw->gw_audit_file,
			    strerror(errno));
	}
}

/* ---- the events ---------------------------------------------------- */

/* What an operation is, for its record; NULL: not audited. */
static const char *
audit_op_action(const struct op *op)
{
	switch (op->o_tag) {
	case LDAP_REQ_BIND:
		return "bind";
	case LDAP_REQ_ADD:
		return "add";
	case LDAP_REQ_MODIFY:
		return "modify";
	case LDAP_REQ_DELETE:
		return "delete";
	case LDAP_REQ_MODRDN:
		return "modrdn";
	case LDAP_REQ_EXTENDED:
		return pdu_bv_eq(&op->o_req.r.extended.oid,
		    PDU_OID_PASSWD_MODIFY) ? "password" : NULL;
	default:
		return NULL;
	}
}

static void
audit_op_fill(struct audit_rec *r, const struct op *op, int rc,
    const char *text)
{
	const struct conn *c = op->o_conn;

	memset(r, 0, sizeof(*r));
	r->ar_time = time(NULL);
	r->ar_src = c->c_addr;
	if (c->c_auth != CONN_ANONYMOUS) {
		r->ar_user = conn_principal(c);
		r->ar_realm = conn_realm(c);
	}
	r->ar_target = op->o_dn;
	r->ar_result = rc;
	r->ar_reason = text != NULL && *text != '\0' ? text : NULL;
	r->ar_outcome = rc == LDAP_SUCCESS ? "success" : "failure";
	r->ar_conn = c->c_id;
	r->ar_op = op->o_id;
}

/*
 * Who tried a bind, bound or not: the bind DN with the gateway's realm,
 * or for SASL EXTERNAL the certificate's subject and issuer.
 */
static void
audit_bind_who(struct audit_rec *r, const struct op *op)
{
	const struct conn *c = op->o_conn;

	if (op->o_req.r.bind.method == LDAP_AUTH_SASL) {
		r->ar_user = c->c_cert_subject;
		r->ar_realm = c->c_cert_issuer;
	} else {
		r->ar_user = op->o_dn;
		r->ar_realm = c->c_gw->gw_realm;
	}
}

void
audit_bind_limit(const struct op *op, const char *reason)
{
	struct audit_rec r;

	if (!audit_enabled(op->o_conn->c_gw))
		return;
	audit_op_fill(&r, op, LDAP_INVALID_CREDENTIALS, NULL);
	audit_bind_who(&r, op);
	r.ar_event = "bind-limit";
	r.ar_name = "Failed bind limit reached";
	r.ar_severity = 8;
	r.ar_action = "bind";
	r.ar_outcome = "failure";
	r.ar_reason = reason;
	audit_emit(op->o_conn->c_gw, &r);
}

void
audit_op(const struct op *op, int rc, const char *text)
{
	struct gateway *gw = op->o_conn->c_gw;
	const char *action = audit_op_action(op);
	struct audit_rec r;
	char event[32], name[64];

	if (!audit_enabled(gw))
		return;
	if (rc == LDAP_INSUFFICIENT_ACCESS) {
		audit_op_fill(&r, op, rc, text);
		r.ar_event = "access-denied";
		r.ar_name = "Access denied";
		r.ar_severity = 7;
		r.ar_action = pdu_op_name(op->o_tag);
		audit_emit(gw, &r);
		return;
	}
	if (action == NULL || op->o_abandoned)
		return;
	/* An anonymous bind proves nothing and changes nothing. */
	if (op->o_tag == LDAP_REQ_BIND && (op->o_dn == NULL ||
	    op->o_dn[0] == '\0') &&
	    op->o_req.r.bind.method != LDAP_AUTH_SASL)
		return;
	audit_op_fill(&r, op, rc, text);
	if (op->o_tag == LDAP_REQ_BIND)
		audit_bind_who(&r, op);
	snprintf(event, sizeof(event), "%s-%s", action, rc == LDAP_SUCCESS ?
	    "success" : "failure");
	snprintf(name, sizeof(name), "LDAP %s %s", action, rc == LDAP_SUCCESS ?
	    "succeeded" : "failed");
	r.ar_event = event;
	r.ar_name = name;
	r.ar_action = action;
	r.ar_severity = rc == LDAP_SUCCESS ? 3 : op->o_tag == LDAP_REQ_BIND ?
	    6 : 5;
	audit_emit(gw, &r);
}

void
audit_bad_pdu(const struct conn *c, int rc, const char *why)
{
	struct audit_rec r;

	memset(&r, 0, sizeof(r));
	r.ar_event = "bad-pdu";
	r.ar_name = rc == LDAP_ADMINLIMIT_EXCEEDED ? "LDAP request over a "
	    "limit" : "Malformed LDAP request";
	r.ar_severity = 7;
	r.ar_time = time(NULL);
	r.ar_src = c->c_addr;
	if (c->c_auth != CONN_ANONYMOUS) {
		r.ar_user = conn_principal(c);
		r.ar_realm = conn_realm(c);
	}
	r.ar_action = "protocol";
	r.ar_outcome = "failure";
	r.ar_result = rc;
	r.ar_reason = why;
	r.ar_conn = c->c_id;
	audit_emit(c->c_gw, &r);
}

void
audit_link(struct gateway *gw, const char *agent, const char *suffix,
    int up, const char *why)
{
	struct audit_rec r;
	char target[300];

	memset(&r, 0, sizeof(r));
	snprintf(target, sizeof(target), "agent %s of %s", agent, suffix);
	r.ar_event = up ? "link-up" : "link-down";
	r.ar_name = up ? "Agent link up" : "Agent link lost";
	r.ar_severity = up ? 3 : 8;
	r.ar_time = time(NULL);
	r.ar_action = "link";
	r.ar_target = target;
	r.ar_outcome = up ? "success" : "failure";
	r.ar_result = -1;
	r.ar_reason = why;
	audit_emit(gw, &r);
}
