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


/* One output line (simout_line); -1 once the sink asked to stop. */
int
acmd_line(struct acmd *c, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = simout_vline(&c->c_o, fmt, ap);
	va_end(ap);
	return rc;
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
struct simevent *
acmd_event(struct acmd *c, enum esm_event_type type, const char *lid,
    const char *exitname, const char *fields, const char *password)
{
	return simout_event(&c->c_o, type, exitname, lid, NULL, fields,
	    password);
}

/* Deliver the queued lines, then (if committed) fire the events. */
void
acmd_flush(struct acmd *c, int committed)
{
	struct acf2_db *db = c->c_db;
	esm_exit_fn fn;
	void *arg;

	pthread_mutex_lock(&db->db_lock);
	fn = db->db_exit;
	arg = db->db_exit_arg;
	pthread_mutex_unlock(&db->db_lock);
	simout_flush(&c->c_o, committed ? fn : NULL, arg, "acf2", c->c_now,
	    c->c_issuer);
}

void
acmd_clear(struct acmd *c)
{
	simout_clear(&c->c_o);
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
