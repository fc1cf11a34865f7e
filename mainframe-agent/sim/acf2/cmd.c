/*
 * cmd.c - the services every ACF subcommand uses: output lines, queued
 * exit events, the issuer's authority.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "cmd.h"

static int
acmd_emit(struct acmd *c, const char *line, size_t len)
{
	if (c->c_write) {
		c->c_lines = xreallocarray(c->c_lines, c->c_nlines + 1,
		    sizeof(*c->c_lines));
		c->c_lines[c->c_nlines++] = xstrndup(line, len);
		return 0;
	}
	if (c->c_out != NULL && c->c_out->eo_line != NULL &&
	    c->c_out->eo_line(c->c_out->eo_arg, line, len) == -1)
		c->c_cut = 1;
	return c->c_cut ? -1 : 0;
}

/*
 * One output line: straight to the sink for a read command, queued for
 * a write command (delivered by acmd_flush() after the transaction).
 * Returns -1 once the sink asked to stop.  LIST LIKE(-) of 100,000
 * logonids prints millions of lines: they are formatted on the stack,
 * and a constant line or a plain "%s" is not formatted at all.
 */
int
acmd_line(struct acmd *c, const char *fmt, ...)
{
	va_list ap;
	char buf[512], *line = buf;
	int n;

	if (c->c_cut)
		return -1;
	va_start(ap, fmt);
	if (strcmp(fmt, "%s") == 0)
		line = va_arg(ap, char *);
	else if (strchr(fmt, '%') == NULL)
		line = (char *)fmt;
	if (line != buf) {
		va_end(ap);
		return acmd_emit(c, line, strlen(line));
	}
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof(buf)) {
		va_start(ap, fmt);
		n = vasprintf(&line, fmt, ap);
		va_end(ap);
		if (n == -1)
			return -1;
	}
	if (line == buf)
		return acmd_emit(c, buf, (size_t)n);
	n = acmd_emit(c, line, (size_t)n);
	free(line);
	return n;
}

/* An error message; returns rc so a handler can "return acmd_err()". */
int
acmd_err(struct acmd *c, int rc, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	acmd_line(c, "%s", buf);
	return rc;
}

int
acmd_dberr(struct acmd *c)
{
	return acmd_err(c, ACF2_RC_DBERROR, "ACF6C022E THE ACF2 DATABASE "
	    "CANNOT BE ACCESSED, %s NOT DONE", c->c_verb);
}

/* Append a field name to a blank-separated list. */
void
acmd_note(char *list, size_t len, const char *field)
{
	size_t n = strlen(list);

	if (n > 0 && n + 1 < len)
		list[n++] = ' ';
	snprintf(list + n, len - n, "%s", field);
}

/*
 * Queue an event for logonid lid, fired only if the transaction
 * commits: LIDPOST for changes to the record, NPWPEXIT for a password
 * an administrator set; verify.c sets NEWPXIT for a change at logon.
 */
struct acmd_event *
acmd_event(struct acmd *c, enum esm_event_type type, const char *lid,
    const char *exitname, const char *fields, const char *password)
{
	struct acmd_event *ev;

	c->c_evs = xreallocarray(c->c_evs, c->c_nevs + 1, sizeof(*c->c_evs));
	ev = &c->c_evs[c->c_nevs++];
	memset(ev, 0, sizeof(*ev));
	ev->ce_type = type;
	ev->ce_exit = exitname;
	snprintf(ev->ce_lid, sizeof(ev->ce_lid), "%s", lid);
	ev->ce_fields = xstrdup(fields != NULL ? fields : "");
	ev->ce_password = password != NULL ? xstrdup(password) : NULL;
	return ev;
}

/* Deliver the queued lines, then (if committed) fire the events. */
void
acmd_flush(struct acmd *c, int committed)
{
	struct acf2_db *db = c->c_db;
	struct esm_event ev;
	esm_exit_fn fn;
	void *arg;
	size_t i;

	for (i = 0; i < c->c_nlines && !c->c_cut; i++)
		if (c->c_out != NULL && c->c_out->eo_line != NULL &&
		    c->c_out->eo_line(c->c_out->eo_arg, c->c_lines[i],
		    strlen(c->c_lines[i])) == -1)
			c->c_cut = 1;
	pthread_mutex_lock(&db->db_lock);
	fn = db->db_exit;
	arg = db->db_exit_arg;
	pthread_mutex_unlock(&db->db_lock);
	for (i = 0; committed && fn != NULL && i < c->c_nevs; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.ee_type = c->c_evs[i].ce_type;
		ev.ee_time = c->c_now;
		ev.ee_esm = "acf2";
		ev.ee_exit = c->c_evs[i].ce_exit;
		ev.ee_userid = c->c_evs[i].ce_lid;
		ev.ee_fields = c->c_evs[i].ce_fields;
		ev.ee_origin = c->c_issuer;
		ev.ee_password = c->c_evs[i].ce_password;
		fn(arg, &ev);
	}
}

void
acmd_clear(struct acmd *c)
{
	size_t i;

	for (i = 0; i < c->c_nlines; i++)
		free(c->c_lines[i]);
	free(c->c_lines);
	for (i = 0; i < c->c_nevs; i++) {
		free(c->c_evs[i].ce_fields);
		if (c->c_evs[i].ce_password != NULL)
			xfree_secret(c->c_evs[i].ce_password,
			    strlen(c->c_evs[i].ce_password));
	}
	free(c->c_evs);
	c->c_lines = NULL;
	c->c_evs = NULL;
	c->c_nlines = c->c_nevs = 0;
}

/*
 * ACF2's administrative authority: SECURITY maintains everything,
 * ACCOUNT maintains logonid records, AUDIT, CONSULT and READALL may
 * list them.
 */
int
acmd_auth(struct acmd *c, int level)
{
	if (ISS_HAS(c, FL_SECURITY))
		return ACF2_RC_OK;
	if (level >= AUTH_ACCOUNT && ISS_HAS(c, FL_ACCOUNT))
		return ACF2_RC_OK;
	if (level >= AUTH_READ && (ISS_HAS(c, FL_AUDIT) ||
	    ISS_HAS(c, FL_CONSULT) || ISS_HAS(c, FL_READALL)))
		return ACF2_RC_OK;
	return acmd_err(c, ACF2_RC_ERROR, "ACF6C015E %s NOT AUTHORIZED FOR "
	    "LOGONID %s", c->c_verb, c->c_issuer);
}
