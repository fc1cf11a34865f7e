/*
 * simout.c - output lines and exit events of simulated commands
 * (simout.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/simout.h"

/* A line, formatted: queued (copied) or handed to the sink. */
static int
simout_emit(struct simout *o, const char *line, size_t len)
{
	if (o->so_queue) {
		o->so_lines = xreallocarray(o->so_lines, o->so_nlines + 1,
		    sizeof(*o->so_lines));
		o->so_lines[o->so_nlines++] = xstrndup(line, len);
		return 0;
	}
	if (o->so_out != NULL && o->so_out->eo_line != NULL &&
	    o->so_out->eo_line(o->so_out->eo_arg, line, len) == -1)
		o->so_cut = 1;
	return o->so_cut ? -1 : 0;
}

int
simout_vline(struct simout *o, const char *fmt, va_list ap)
{
	char buf[512], *line = buf;
	const char *s;
	va_list cp;
	int n, rc;

	if (o->so_cut)
		return -1;
	if (strcmp(fmt, "%s") == 0) {
		s = va_arg(ap, const char *);
		if (s == NULL)
			s = "(null)";	/* as printf would */
		return simout_emit(o, s, strlen(s));
	}
	if (strchr(fmt, '%') == NULL)
		return simout_emit(o, fmt, strlen(fmt));
	va_copy(cp, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, cp);
	va_end(cp);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof(buf) && (n = vasprintf(&line, fmt, ap)) == -1)
		return -1;
	rc = simout_emit(o, line, (size_t)n);
	if (line != buf)
		free(line);
	return rc;
}

int
simout_line(struct simout *o, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = simout_vline(o, fmt, ap);
	va_end(ap);
	return rc;
}

struct simevent *
simout_event(struct simout *o, enum esm_event_type type, const char *exitname,
    const char *id, const char *group, const char *fields,
    const char *password)
{
	struct simevent *ev;

	o->so_evs = xreallocarray(o->so_evs, o->so_nevs + 1,
	    sizeof(*o->so_evs));
	ev = &o->so_evs[o->so_nevs++];
	memset(ev, 0, sizeof(*ev));
	ev->se_type = type;
	ev->se_exit = exitname;
	snprintf(ev->se_id, sizeof(ev->se_id), "%s", id);
	snprintf(ev->se_group, sizeof(ev->se_group), "%s",
	    group != NULL ? group : "");
	ev->se_fields = xstrdup(fields != NULL ? fields : "");
	ev->se_password = password != NULL ? xstrdup(password) : NULL;
	return ev;
}

void
simout_flush(struct simout *o, esm_exit_fn fn, void *arg, const char *esm,
    time_t now, const char *origin)
{
	struct esm_event ev;
	size_t i;

	for (i = 0; i < o->so_nlines && !o->so_cut; i++)
		if (o->so_out != NULL && o->so_out->eo_line != NULL &&
		    o->so_out->eo_line(o->so_out->eo_arg, o->so_lines[i],
		    strlen(o->so_lines[i])) == -1)
			o->so_cut = 1;
	for (i = 0; fn != NULL && i < o->so_nevs; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.ee_type = o->so_evs[i].se_type;
		ev.ee_time = now;
		ev.ee_esm = esm;
		ev.ee_exit = o->so_evs[i].se_exit;
		ev.ee_userid = o->so_evs[i].se_id;
		ev.ee_group = o->so_evs[i].se_group[0] != '\0' ?
		    o->so_evs[i].se_group : NULL;
		ev.ee_fields = o->so_evs[i].se_fields;
		ev.ee_origin = origin;
		ev.ee_password = o->so_evs[i].se_password;
		fn(arg, &ev);
	}
}

void
simout_clear(struct simout *o)
{
	size_t i;

	for (i = 0; i < o->so_nlines; i++)
		free(o->so_lines[i]);
	free(o->so_lines);
	for (i = 0; i < o->so_nevs; i++) {
		free(o->so_evs[i].se_fields);
		if (o->so_evs[i].se_password != NULL)
			xfree_secret(o->so_evs[i].se_password,
			    strlen(o->so_evs[i].se_password));
	}
	free(o->so_evs);
	o->so_lines = NULL;
	o->so_evs = NULL;
	o->so_nlines = o->so_nevs = 0;
}
