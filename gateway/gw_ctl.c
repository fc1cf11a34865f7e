/*
 * gw_ctl.c - the gateway's operator commands, as esmctl sends them over
 * the control socket (lib/ctl.c carries the lines).
 *
 *	status		uptime, listeners, connections, counters, backends
 *	reload		every backend rebuilds its schema maps
 *	debug [SPEC]	show or set the debug categories
 *	help
 *
 * An answer is lines of text whose last line is "OK" or "ERROR: reason",
 * so a script needs only the last line and esmctl only its exit status;
 * nothing before it ever starts with either word on its own.  Commands
 * are case-insensitive, as the agent's are.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>

#include "ctl.h"
#include "log.h"
#include "xmalloc.h"
#include "gateway/gw.h"

struct gw_ctl {
	struct gateway	*gc_gw;		/* borrowed */
	struct ctl	*gc_ctl;	/* owned */
};

/* The last line; a reason spread over lines would hide it. */
static void
gw_ctl_error(struct ctl_client *cl, const char *fmt, ...)
{
	char reason[1024], *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	for (p = reason; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	ctl_reply(cl, "ERROR: %s", reason);
}

static void
gw_ctl_status(struct gateway *gw, struct ctl_client *cl)
{
	struct evbuffer *text;

	if ((text = evbuffer_new()) == NULL) {
		gw_ctl_error(cl, "out of memory for the status");
		return;
	}
	gw_status(gw, text);
	ctl_reply_buffer(cl, text);
	evbuffer_free(text);
	ctl_reply(cl, "OK");
}

static void
gw_ctl_reload(struct gateway *gw, struct ctl_client *cl)
{
	char err[1024];

	log_info("operator asked for a reload");
	if (gw_reload(gw, err, sizeof(err)) == -1) {
		gw_ctl_error(cl, "reload refused, the previous maps stay: %s",
		    err);
		return;
	}
	ctl_reply(cl, "OK");
}

static void
gw_ctl_debug(struct ctl_client *cl, const char *spec)
{
	unsigned int cats;
	char names[128];

	if (spec == NULL) {
		ctl_reply(cl, "debug %s", log_debug_names(log_get_debug(),
		    names, sizeof(names)));
		ctl_reply(cl, "OK");
		return;
	}
	if (log_parse_debug(spec, &cats) == -1) {
		gw_ctl_error(cl, "debug \"%.64s\": categories are conn op link "
		    "backend cache sim agent config, all or none", spec);
		return;
	}
	log_set_debug(cats);
	log_debug_names(cats, names, sizeof(names));
	log_info("operator set debug to %s", names);
	ctl_reply(cl, "debug %s", names);
	ctl_reply(cl, "OK");
}

static void
gw_ctl_help(struct ctl_client *cl)
{
	ctl_reply(cl, "status        uptime, listeners, connections, "
	    "counters, backends");
	ctl_reply(cl, "reload        rebuild every backend's schema maps "
	    "(the old ones stay on error)");
	ctl_reply(cl, "debug [SPEC]  show or set debug categories: conn op "
	    "link backend cache");
	ctl_reply(cl, "              sim agent config, all or none, "
	    "comma-separated");
	ctl_reply(cl, "help          this list");
	ctl_reply(cl, "OK");
}

static void
gw_ctl_command_cb(void *arg, struct ctl_client *cl, char *line)
{
	struct gateway *gw = arg;
	char *verb, *args;

	if (line == NULL) {
		gw_ctl_error(cl, "command longer than %d bytes", CTL_MAX_LINE);
		return;
	}
	if (ctl_split_line(line, &verb, &args) == -1) {
		gw_ctl_error(cl, "no command given; try help");
		return;
	}
	if (strcasecmp(verb, "debug") == 0)
		gw_ctl_debug(cl, args);
	else if (strcasecmp(verb, "status") != 0 &&
	    strcasecmp(verb, "reload") != 0 && strcasecmp(verb, "help") != 0)
		gw_ctl_error(cl, "unknown command \"%.32s\"; try help", verb);
	else if (args != NULL)
		gw_ctl_error(cl, "%s takes no arguments", verb);
	else if (strcasecmp(verb, "status") == 0)
		gw_ctl_status(gw, cl);
	else if (strcasecmp(verb, "reload") == 0)
		gw_ctl_reload(gw, cl);
	else
		gw_ctl_help(cl);
}

struct gw_ctl *
gw_ctl_open(struct gateway *gw, const char *path, char *err, size_t errlen)
{
	struct gw_ctl *gc;
	struct ctl *c;

	c = ctl_open(gw->gw_base, path, "gateway", gw_ctl_command_cb, gw, err,
	    errlen);
	if (c == NULL)
		return NULL;
	gc = xcalloc(1, sizeof(*gc));
	gc->gc_gw = gw;
	gc->gc_ctl = c;
	return gc;
}

void
gw_ctl_close(struct gw_ctl *gc)
{
	if (gc == NULL)
		return;
	ctl_close(gc->gc_ctl);
	free(gc);
}
