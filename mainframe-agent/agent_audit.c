/*
 * agent_audit.c - one audit record per request, as SMF records are cut
 * on the mainframe: when, which system, which gateway, the distributed
 * identity of the person behind the request (bind DN, realm, client
 * address, connection and operation), the native command with every
 * password masked, and the result.
 *
 * A record is one line of KEY=value fields; values that are not plain
 * words are double-quoted with \" \\ and \xNN escapes, so the file can
 * be parsed and shipped to a SIEM as it is.  Each record is written with
 * one write(2) on an O_APPEND descriptor.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"

#define AUDIT_RECORD_MAX	(AGENT_MAX_COMMAND + 2048)

int
agent_audit_open(struct agent *ag, char *err, size_t errlen)
{
	ag->ag_audit_fd = -1;
	if (ag->ag_conf.ac_audit == NULL)
		return 0;
	ag->ag_audit_fd = open(ag->ag_conf.ac_audit,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (ag->ag_audit_fd == -1) {
		snprintf(err, errlen, "cannot open audit file %s: %s",
		    ag->ag_conf.ac_audit, strerror(errno));
		return -1;
	}
	return 0;
}

void
agent_audit_close(struct agent *ag)
{
	if (ag->ag_audit_fd != -1)
		close(ag->ag_audit_fd);
	ag->ag_audit_fd = -1;
}

struct audit_buf {
	char	*ab_p;
	size_t	 ab_used, ab_cap;
};

static void
audit_put(struct audit_buf *b, const char *s, size_t n)
{
	/* Keep room for the record's newline. */
	if (b->ab_used + n > b->ab_cap - 1)
		n = b->ab_cap - 1 - b->ab_used;
	memcpy(b->ab_p + b->ab_used, s, n);
	b->ab_used += n;
}

static void
audit_field(struct audit_buf *b, const char *key, const char *val,
    size_t len)
{
	char esc[8];
	size_t i;
	int plain = len > 0;

	for (i = 0; i < len && plain; i++)
		if (val[i] <= ' ' || val[i] == '"' || val[i] == '\\' ||
		    val[i] == '=' || (unsigned char)val[i] >= 0x7f)
			plain = 0;
	audit_put(b, " ", 1);
	audit_put(b, key, strlen(key));
	audit_put(b, "=", 1);
	if (plain) {
		audit_put(b, val, len);
		return;
	}
	audit_put(b, "\"", 1);
	for (i = 0; i < len; i++) {
		if (val[i] == '"' || val[i] == '\\') {
			esc[0] = '\\';
			esc[1] = val[i];
			audit_put(b, esc, 2);
		} else if ((unsigned char)val[i] < ' ' ||
		    (unsigned char)val[i] == 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02x",
			    (unsigned char)val[i]);
			audit_put(b, esc, 4);
		} else
			audit_put(b, val + i, 1);
	}
	audit_put(b, "\"", 1);
}

static void
audit_str(struct audit_buf *b, const char *key, const char *val)
{
	if (val != NULL)
		audit_field(b, key, val, strlen(val));
}

static void
audit_num(struct audit_buf *b, const char *key, long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	audit_field(b, key, num, strlen(num));
}

void
agent_audit_write(struct agent *ag, const struct agent_audit *a)
{
	struct audit_buf b;
	struct timeval tv;
	struct tm tm;
	char stamp[40], *masked;

	if (ag->ag_audit_fd == -1)
		return;
	b.ab_cap = AUDIT_RECORD_MAX;
	b.ab_p = xmalloc(b.ab_cap);
	b.ab_used = 0;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + strlen(stamp), sizeof(stamp) - strlen(stamp),
	    ".%03dZ", (int)(tv.tv_usec / 1000));
	audit_put(&b, "ESMAUDIT", 8);
	audit_str(&b, "TIME", stamp);
	audit_str(&b, "SID", ag->ag_conf.ac_name);
	audit_str(&b, "ESM", ag->ag_conf.ac_esm);
	audit_str(&b, "STATUS", a->aa_status);
	audit_num(&b, "LINK", (long long)a->aa_link);
	audit_num(&b, "REQ", (long long)a->aa_id);
	audit_str(&b, "GATEWAY", a->aa_gateway);
	audit_str(&b, "PEER", a->aa_peer);
	audit_str(&b, "DN", a->aa_dn);
	audit_str(&b, "REALM", a->aa_realm);
	audit_str(&b, "CLIENT", a->aa_address);
	audit_num(&b, "CONN", (long long)a->aa_conn);
	audit_num(&b, "OP", (long long)a->aa_op);
	audit_str(&b, "USER", ag->ag_conf.ac_userid);
	audit_str(&b, "VERB", a->aa_verb);
	if (a->aa_kind == LINK_REQ_COMMAND && a->aa_cmd != NULL) {
		masked = xmalloc(a->aa_len + 64);
		ag->ag_driver->ed_mask(a->aa_cmd, a->aa_len, masked,
		    a->aa_len + 64);
		audit_str(&b, "CMD", masked);
		free(masked);
	} else
		audit_str(&b, "TARGET", a->aa_userid);
	audit_num(&b, "RC", a->aa_rc);
	audit_num(&b, "LINES", (long long)a->aa_lines);
	audit_num(&b, "MS", a->aa_ms);
	b.ab_p[b.ab_used++] = '\n';
	if (write(ag->ag_audit_fd, b.ab_p, b.ab_used) != (ssize_t)b.ab_used)
		log_warn("audit file %s: record for request %llu not written",
		    ag->ag_conf.ac_audit, (unsigned long long)a->aa_id);
	free(b.ab_p);
}
