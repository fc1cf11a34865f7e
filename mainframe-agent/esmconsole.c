/*
 * esmconsole.c - the mainframe security admin's and operator's terminal.
 *
 *	esmconsole [-f AGENT.conf] [-u USERID] 'NATIVE COMMAND'
 *	esmconsole [-f AGENT.conf] [-u USERID]		(interactive)
 *	esmconsole [-f AGENT.conf] -b FILE [-q]		(batch, '-' = stdin)
 *	esmconsole [-f AGENT.conf] -o 'OPERATOR COMMAND'
 *
 * Native commands run directly against the security database the agent
 * uses (as a TSO admin's would), under USERID (default: the ESM's first
 * administrator, IBMUSER for RACF), and
 * fire the same exits.  The pseudo command LOGON simulates a TSO logon:
 * "LOGON USERID/PASSWORD[/NEWPASSWORD]", or "LOGON USERID" to be asked
 * for the password (and a new one) on standard input.  -o sends an
 * operator command to the running agent over its control socket; the
 * event cache's commands are answered by the console itself when the
 * agent is down (console_oper.c).
 *
 * The exits of every change made here write into the agent's event
 * cache, as the agent's own do.  An event that cannot be recorded is
 * logged and makes the exit status 74: the change is in the database,
 * but the gateways will not hear of it from the cache.
 *
 * Exit status: the ESM's return code of the (last failing) command, or
 * of the logon; 64 usage; 69 the agent cannot be reached (-o); 70 the
 * database (or, for -o with the agent down, the cache) cannot be
 * opened; 74 an event was not recorded.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/cache.h"
#include "mainframe-agent/console.h"
#include "mainframe-agent/driver.h"

#define CONSOLE_LINE_MAX	(AGENT_MAX_COMMAND + 2)

static void
usage(void)
{
	fprintf(stderr,
	    "usage: esmconsole [-f AGENT.conf] [-u USERID] ['COMMAND']\n"
	    "       esmconsole [-f AGENT.conf] -b FILE [-q] [-k ITERATIONS]\n"
	    "       esmconsole [-f AGENT.conf] -o 'OPERATOR COMMAND'\n"
	    "  COMMAND  a native ESM command, or LOGON USERID[/PW[/NEWPW]]\n"
	    "  -b FILE  run one command per line ('-' = standard input)\n"
	    "  -o CMD   operator command to the running agent: DISPLAY, "
	    "DEBUG x, RELOAD,\n"
	    "           DISPLAY CACHE [EVENTS [n|ALL]], STOP CACHE, START CACHE, "
	    "DRAIN CACHE [SECONDS]\n");
	exit(64);
}

static int
console_print_line(void *arg, const char *line, size_t len)
{
	fwrite(line, 1, len, stdout);
	fputc('\n', stdout);
	return 0;
}

/* Batch mode keeps a failing command's output to print it whole. */
struct console_capture {
	char	*cc_buf;
	size_t	 cc_len, cc_cap;
};

static int
console_capture_line(void *arg, const char *line, size_t len)
{
	struct console_capture *cc = arg;

	if (cc->cc_len + len + 1 > cc->cc_cap) {
		cc->cc_cap = (cc->cc_len + len + 1) * 2;
		cc->cc_buf = xreallocarray(cc->cc_buf, cc->cc_cap, 1);
	}
	memcpy(cc->cc_buf + cc->cc_len, line, len);
	cc->cc_len += len;
	cc->cc_buf[cc->cc_len++] = '\n';
	return 0;
}

/* With no cache open an event has nowhere to go: say so, count it. */
static void
console_exit_uncached(void *arg, const struct esm_event *ev)
{
	struct console *co = arg;

	co->co_lost++;
	log_err("the %s event of %s was NOT RECORDED: %s",
	    esm_event_type_name(ev->ee_type), ev->ee_userid != NULL ?
	    ev->ee_userid : "?", co->co_cache_err);
}

static void
console_exits_install(struct console *co)
{
	if (co->co_conf.ac_server_only)
		return;
	if (console_cache_open(co, co->co_cache_err,
	    sizeof(co->co_cache_err)) == -1) {
		fprintf(stderr, "esmconsole: the event cache cannot be opened: "
		    "%s; changes made now cannot be recorded for the "
		    "gateways\n", co->co_cache_err);
		co->co_driver->ed_set_exit(co->co_esm, console_exit_uncached,
		    co);
		return;
	}
	cache_set_nosync(co->co_cache, co->co_nosync);
	co->co_driver->ed_set_exit(co->co_esm, cache_exit, co->co_cache);
}

/* Events lost since the last look: said once, and exit status 74. */
static int
console_events_lost(struct console *co, int rc)
{
	char why[512];
	unsigned long lost = co->co_lost, n;

	snprintf(why, sizeof(why), "%s", co->co_cache_err);
	if (co->co_cache != NULL)
		lost += cache_failures(co->co_cache, why, sizeof(why));
	if ((n = lost - co->co_lost_seen) == 0)
		return rc;
	co->co_lost_seen = lost;
	fprintf(stderr, "esmconsole: the change was made, but %lu of its "
	    "events could not be recorded in the event cache: %s\n", n, why);
	return CONSOLE_EVENT_LOST;
}

static int
console_open(struct console *co)
{
	struct driver_opts o;
	char err[1024];

	co->co_driver = driver_find(co->co_conf.ac_driver,
	    co->co_conf.ac_esm);
	if (co->co_driver == NULL) {
		fprintf(stderr, "esmconsole: no driver %s for ESM %s\n",
		    co->co_conf.ac_driver, co->co_conf.ac_esm);
		return -1;
	}
	if (co->co_userid == NULL)
		co->co_userid = co->co_driver->ed_admin;
	memset(&o, 0, sizeof(o));
	o.do_esm = co->co_conf.ac_esm;
	o.do_path = co->co_conf.ac_database;
	o.do_nosync = co->co_nosync;
	o.do_kdf_iterations = co->co_kdf != 0 ? co->co_kdf :
	    co->co_conf.ac_kdf_iterations;
	if ((co->co_esm = co->co_driver->ed_open(&o, err, sizeof(err))) ==
	    NULL) {
		fprintf(stderr, "esmconsole: cannot open the %s database %s: "
		    "%s\n", co->co_conf.ac_esm, co->co_conf.ac_database, err);
		return -1;
	}
	console_exits_install(co);
	return 0;
}

static void
console_close(struct console *co)
{
	if (co->co_esm != NULL) {
		co->co_driver->ed_set_exit(co->co_esm, NULL, NULL);
		co->co_driver->ed_close(co->co_esm);
	}
	cache_close(co->co_cache);
	link_key_clear(&co->co_key);
	link_key_clear(&co->co_key_previous);
	agent_conf_clear(&co->co_conf);
}

/* Read one line from stdin, without echo when it is a terminal. */
static int
console_ask(const char *prompt, char *buf, size_t len)
{
	struct termios t, quiet;
	int tty = isatty(STDIN_FILENO);
	size_t n;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &t);
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(buf, (int)len, stdin) == NULL)
		buf[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		fputc('\n', stderr);
	}
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return n > 0 ? 0 : -1;
}

/* LOGON USERID[/PASSWORD[/NEWPASSWORD]] */
static int
console_logon(struct console *co, const char *args)
{
	struct esm_out out = { console_print_line, NULL };
	char spec[256], pw[128] = "", npw[128] = "", prompt[64];
	char *user, *p, *np;
	int rc;

	while (isspace((unsigned char)*args))
		args++;
	if (strlen(args) >= sizeof(spec) || *args == '\0') {
		fprintf(stderr, "esmconsole: LOGON USERID[/PASSWORD"
		    "[/NEWPASSWORD]]\n");
		return 64;
	}
	strcpy(spec, args);
	user = spec;
	if ((p = strchr(spec, '/')) != NULL) {
		*p++ = '\0';
		if ((np = strchr(p, '/')) != NULL)
			*np++ = '\0';
		snprintf(pw, sizeof(pw), "%s", p);
		if (np != NULL)
			snprintf(npw, sizeof(npw), "%s", np);
	} else {
		snprintf(prompt, sizeof(prompt), "ENTER CURRENT PASSWORD FOR "
		    "%.8s-\n", user);
		if (console_ask(prompt, pw, sizeof(pw)) == -1) {
			fprintf(stderr, "esmconsole: no password given\n");
			return 64;
		}
		(void)console_ask("ENTER NEW PASSWORD (OR NOTHING)-\n", npw,
		    sizeof(npw));
	}
	rc = co->co_driver->ed_verify(co->co_esm, user, pw,
	    npw[0] != '\0' ? npw : NULL, &out);
	OPENSSL_cleanse(spec, sizeof(spec));
	OPENSSL_cleanse(pw, sizeof(pw));
	OPENSSL_cleanse(npw, sizeof(npw));
	return rc;
}

static int
console_run(struct console *co, const char *cmd, const struct esm_out *out)
{
	const char *verb;
	size_t vlen;
	int rc;

	vlen = driver_verb(cmd, strlen(cmd), &verb);
	if (vlen == 5 && strncasecmp(verb, "LOGON", 5) == 0)
		rc = console_logon(co, verb + 5);
	else
		rc = co->co_driver->ed_command(co->co_esm, co->co_userid, cmd,
		    strlen(cmd), out);
	return console_events_lost(co, rc);
}

static void
console_chomp(char *line)
{
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
}

static int
console_interactive(struct console *co)
{
	struct esm_out out = { console_print_line, NULL };
	char *line = NULL;
	size_t cap = 0;
	int rc = 0, tty = isatty(STDIN_FILENO);

	for (;;) {
		if (tty) {
			fputs("READY\n", stdout);
			fflush(stdout);
		}
		if (getline(&line, &cap, stdin) == -1)
			break;
		console_chomp(line);
		if (strcasecmp(line, "END") == 0 ||
		    strcasecmp(line, "QUIT") == 0)
			break;
		if (line[strspn(line, " \t")] == '\0')
			continue;
		rc = console_run(co, line, &out);
		if (rc != 0 && tty)
			printf("RC=%d\n", rc);
		fflush(stdout);
	}
	free(line);
	return rc;
}

static int
console_batch(struct console *co, const char *path)
{
	struct console_capture cc = { NULL, 0, 0 };
	struct esm_out out = { console_capture_line, &cc };
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	unsigned long n = 0, failed = 0, lineno = 0;
	int rc, worst = 0;

	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (fp == NULL) {
		fprintf(stderr, "esmconsole: %s: %s\n", path, strerror(errno));
		return 66;
	}
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		console_chomp(line);
		if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		cc.cc_len = 0;
		rc = console_run(co, line, &out);
		n++;
		if (rc != 0) {
			failed++;
			if (rc > worst)
				worst = rc;
			fprintf(stderr, "esmconsole: %s:%lu: RC=%d: %s\n",
			    path, lineno, rc, line);
		}
		if (rc != 0 || !co->co_quiet)
			fwrite(cc.cc_buf, 1, cc.cc_len, rc != 0 ? stderr :
			    stdout);
	}
	if (fp != stdin)
		fclose(fp);
	free(line);
	free(cc.cc_buf);
	fprintf(stderr, "esmconsole: %lu commands, %lu failed\n", n, failed);
	return worst;
}

static char *
console_join(int argc, char *argv[])
{
	size_t len = 0;
	char *s;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xcalloc(1, len + 1);
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

int
main(int argc, char *argv[])
{
	struct console co;
	struct esm_out out = { console_print_line, NULL };
	const char *file = getenv("ESMAGENT_CONF"), *batch = NULL;
	const char *oper = NULL;
	char err[1024], *cmd;
	unsigned long k;
	int ch, rc;

	log_init(argv[0]);
	memset(&co, 0, sizeof(co));
	while ((ch = getopt(argc, argv, "f:u:b:o:qk:")) != -1) {
		switch (ch) {
		case 'f': file = optarg; break;
		case 'u': co.co_userid = optarg; break;
		case 'b': batch = optarg; break;
		case 'o': oper = optarg; break;
		case 'q': co.co_quiet = 1; break;
		case 'k':
			k = strtoul(optarg, NULL, 10);
			if (k == 0 || k > 10000000)
				usage();
			co.co_kdf = (unsigned int)k;
			break;
		default: usage();
		}
	}
	if (file == NULL) {
		fprintf(stderr, "esmconsole: name the agent's configuration "
		    "with -f (or ESMAGENT_CONF)\n");
		return 64;
	}
	if (agent_conf_load(file, &co.co_conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "esmconsole: %s\n", err);
		return 64;
	}
	if (oper != NULL) {
		rc = console_operator(&co, oper);
		console_close(&co);
		return rc;
	}
	co.co_nosync = batch != NULL;
	if (console_open(&co) == -1) {
		console_close(&co);
		return 70;
	}
	if (batch != NULL)
		rc = console_batch(&co, batch);
	else if (optind < argc) {
		cmd = console_join(argc - optind, argv + optind);
		rc = console_run(&co, cmd, &out);
		free(cmd);
	} else
		rc = console_interactive(&co);
	fflush(stdout);
	console_close(&co);
	return rc;
}
