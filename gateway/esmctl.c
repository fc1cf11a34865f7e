/*
 * esmctl.c - the gateway operator's command: sends one command to a
 * running esmgated over its control socket and prints the answer, or
 * makes a password hash for an "admin" configuration line.
 *
 * The socket comes from -s, or from the "control" line of the gateway's
 * configuration (-f, $ESMGATED_CONF, then the installed default), read
 * with the gateway's own parser so that include and relative paths mean
 * the same to both.  Exit status, for scripts (sysexits.h values):
 *	0	the gateway answered OK
 *	1	the gateway answered ERROR
 *	64	usage, or a configuration without a control line
 *	69	the gateway cannot be reached or broke off its answer
 *	70	passwd: the hash could not be made
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "conf.h"
#include "ctl.h"
#include "log.h"
#include "xmalloc.h"
#include "gateway/gw.h"

#define ESMCTL_DEFAULT_CONF	SYSCONFDIR "/esmgated.conf"

#define EXIT_ERROR		1
#define EXIT_USAGE		64
#define EXIT_UNAVAILABLE	69
#define EXIT_SOFTWARE		70

static const char esmctl_manual[] =
"NAME\n"
"     esmctl - operator commands for a running esmgated\n"
"\n"
"SYNOPSIS\n"
"     esmctl [-s SOCKET | -f esmgated.conf] status | reload | debug [SPEC] |\n"
"            help\n"
"     esmctl passwd [PASSWORD]\n"
"     esmctl -h\n"
"\n"
"DESCRIPTION\n"
"     esmctl sends one command to the gateway over its local control\n"
"     socket, prints the gateway's answer and exits with its verdict.  The\n"
"     answer's last line is OK or ERROR: followed by the reason.\n"
"\n"
"     status        uptime, listeners, connections, operations in flight,\n"
"                   counters, and each backend's state\n"
"     reload        every backend rebuilds its schema maps; a backend whose\n"
"                   new maps do not load keeps its previous ones\n"
"     debug [SPEC]  show, or set, the debug categories the gateway logs:\n"
"                   conn op link backend cache config, all or none,\n"
"                   comma-separated (\"conn,op\")\n"
"     help          the commands the running gateway knows\n"
"\n"
"     passwd prints a salted hash of PASSWORD for an admin line of\n"
"     esmgated.conf:\n"
"            admin  cn=esmadmin,dc=racf,dc=com  {PBKDF2-SHA256}100000$...\n"
"     Without PASSWORD it reads one line from standard input, without echo\n"
"     and twice when that is a terminal.  A password on the command line is\n"
"     visible to other users in ps(1); prefer standard input.  Empty\n"
"     passwords are refused.\n"
"\n"
"OPTIONS\n"
"     -s SOCKET     the control socket to use\n"
"     -f FILE       take the socket from the control line of the gateway's\n"
"                   configuration FILE (relative to FILE's directory)\n"
"     -h            this text\n"
"     Without -s or -f, the configuration is $ESMGATED_CONF, else\n"
"     " ESMCTL_DEFAULT_CONF ".\n"
"\n"
"EXIT STATUS\n"
"     0 the gateway answered OK (passwd: hash printed), 1 it answered\n"
"     ERROR, 64 usage error or no control line in the configuration, 69\n"
"     the gateway cannot be reached (not running, or the wrong socket),\n"
"     70 passwd could not make the hash.\n"
"\n"
"EXAMPLES\n"
"     esmctl -f conf/esmgated.conf status\n"
"     esmctl -s /run/esmgate/gateway.sock debug conn,op\n"
"     esmctl passwd < admin.password\n";

static void
usage(void)
{
	fprintf(stderr,
	    "usage: esmctl [-s SOCKET | -f esmgated.conf] "
	    "status|reload|debug [SPEC]|help\n"
	    "       esmctl passwd [PASSWORD]\n"
	    "       esmctl -h\n");
	exit(EXIT_USAGE);
}

/* Gateway commands. */

static int
esmctl_conf_cb(void *arg, const struct conf_line *l, char *err,
    size_t errlen)
{
	char **control = arg;

	if (strcasecmp(l->cl_argv[0], "control") != 0)
		return 0;	/* the gateway's business, not ours */
	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	free(*control);
	*control = conf_relative_path(l->cl_file, l->cl_argv[1]);
	return 0;
}

/* The socket named by file's control line, or NULL after saying why. */
static char *
esmctl_conf_control(const char *file)
{
	char *control = NULL, err[1024];

	if (conf_parse_file(file, esmctl_conf_cb, &control, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "esmctl: %s\n", err);
		free(control);
		return NULL;
	}
	if (control == NULL)
		fprintf(stderr, "esmctl: %s has no control line: the gateway "
		    "takes no operator commands\n", file);
	return control;
}

static char *
esmctl_join(int argc, char *argv[])
{
	char *line, *p;
	size_t len = 0;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	p = line = xmalloc(len);
	for (i = 0; i < argc; i++) {
		if (i > 0)
			*p++ = ' ';
		p = stpcpy(p, argv[i]);
	}
	return line;
}

/* OK, ERROR, or neither when the answer was cut short. */
static int
esmctl_verdict(const char *answer, size_t len, const char *path)
{
	const char *last;

	if (len == 0 || answer[len - 1] != '\n') {
		fprintf(stderr, "esmctl: the gateway at %s closed before "
		    "answering in full\n", path);
		return EXIT_UNAVAILABLE;
	}
	for (last = answer + len - 1; last > answer && last[-1] != '\n';
	    last--)
		;
	if (strcmp(last, "OK\n") == 0)
		return 0;
	if (strncmp(last, "ERROR:", 6) == 0)
		return EXIT_ERROR;
	fprintf(stderr, "esmctl: the gateway at %s gave no verdict\n", path);
	return EXIT_UNAVAILABLE;
}

static int
esmctl_command(const char *path, int argc, char *argv[])
{
	char *line, *answer = NULL, err[1024];
	size_t len = 0;
	FILE *out;
	int rc;

	line = esmctl_join(argc, argv);
	if ((out = open_memstream(&answer, &len)) == NULL)
		fatal("open_memstream");
	rc = ctl_request(path, line, out, err, sizeof(err));
	fclose(out);
	free(line);
	fwrite(answer, 1, len, stdout);
	if (rc == CTL_UNREACHABLE) {
		fprintf(stderr, "esmctl: cannot reach the gateway at %s (is "
		    "esmgated running?)\n", err);
		rc = EXIT_UNAVAILABLE;
	} else if (rc != 0) {
		fprintf(stderr, "esmctl: %s\n", err);
		rc = EXIT_UNAVAILABLE;
	} else
		rc = esmctl_verdict(answer, len, path);
	free(answer);
	if (fflush(stdout) == EOF && rc == 0) {
		fprintf(stderr, "esmctl: writing the answer: %s\n",
		    strerror(errno));
		rc = EXIT_ERROR;
	}
	return rc;
}

/* passwd. */

static struct termios esmctl_tty;
static volatile sig_atomic_t esmctl_echo_off;

/* ^C at the prompt must not leave the terminal without echo. */
static void
esmctl_restore_cb(int sig)
{
	if (esmctl_echo_off)
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &esmctl_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
esmctl_echo(int on)
{
	struct termios t;

	if (!on) {
		if (tcgetattr(STDIN_FILENO, &esmctl_tty) == -1)
			return -1;
		t = esmctl_tty;
		t.c_lflag &= ~(tcflag_t)ECHO;
		signal(SIGINT, esmctl_restore_cb);
		signal(SIGTERM, esmctl_restore_cb);
		signal(SIGHUP, esmctl_restore_cb);
		esmctl_echo_off = 1;
		return tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
	}
	esmctl_echo_off = 0;
	return tcsetattr(STDIN_FILENO, TCSAFLUSH, &esmctl_tty);
}

/*
 * One line from standard input, end of line removed; *cap is the size
 * to zero when the caller frees it.  NULL at end of input.
 */
static char *
esmctl_read_line(const char *prompt, size_t *len, size_t *cap)
{
	char *line = NULL;
	ssize_t n;
	int tty = isatty(STDIN_FILENO);

	*cap = 0;
	if (tty) {
		fputs(prompt, stderr);
		if (esmctl_echo(0) == -1)
			fatal("turning the terminal's echo off");
	}
	n = getline(&line, cap, stdin);
	if (tty) {
		(void)esmctl_echo(1);
		fputc('\n', stderr);
	}
	if (n == -1) {
		xfree_secret(line, *cap);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		n--;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	*len = (size_t)n;
	return line;
}

/* The password from stdin; asked twice on a terminal. */
static char *
esmctl_ask_password(size_t *len, size_t *cap)
{
	char *pw, *again;
	size_t alen, acap;
	int same;

	if ((pw = esmctl_read_line("Password: ", len, cap)) == NULL)
		return NULL;
	if (!isatty(STDIN_FILENO) || *len == 0)
		return pw;
	if ((again = esmctl_read_line("Again: ", &alen, &acap)) == NULL)
		same = 0;
	else {
		same = alen == *len && CRYPTO_memcmp(pw, again, alen) == 0;
		xfree_secret(again, acap);
	}
	if (!same) {
		fprintf(stderr, "esmctl: the two passwords differ\n");
		xfree_secret(pw, *cap);
		exit(EXIT_USAGE);
	}
	return pw;
}

static int
esmctl_passwd(int argc, char *argv[])
{
	char *pw, *hash;
	size_t len, cap = 0;

	if (argc > 2)
		usage();
	if (argc == 2) {
		pw = argv[1];
		len = strlen(pw);
	} else if ((pw = esmctl_ask_password(&len, &cap)) == NULL) {
		fprintf(stderr, "esmctl: no password on standard input\n");
		return EXIT_USAGE;
	}
	hash = len == 0 ? NULL : gw_passwd_hash(pw, len);
	if (cap > 0)
		xfree_secret(pw, cap);
	else		/* shortens the time ps(1) shows it, at least */
		OPENSSL_cleanse(pw, len);
	if (len == 0) {
		fprintf(stderr, "esmctl: refusing an empty password\n");
		return EXIT_USAGE;
	}
	if (hash == NULL) {
		fprintf(stderr, "esmctl: cannot hash the password (OpenSSL's "
		    "random generator or PBKDF2 failed)\n");
		return EXIT_SOFTWARE;
	}
	printf("%s\n", hash);
	free(hash);
	return fflush(stdout) == EOF ? EXIT_SOFTWARE : 0;
}

int
main(int argc, char *argv[])
{
	const char *sock = NULL, *file = NULL;
	char *control;
	int ch, rc;

	log_init("esmctl");
	while ((ch = getopt(argc, argv, "+s:f:h")) != -1) {
		switch (ch) {
		case 's': sock = optarg; break;
		case 'f': file = optarg; break;
		case 'h':
			fputs(esmctl_manual, stdout);
			return 0;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 || (sock != NULL && file != NULL))
		usage();
	if (strcasecmp(argv[0], "passwd") == 0) {
		if (sock != NULL || file != NULL)
			usage();
		return esmctl_passwd(argc, argv);
	}
	if (sock != NULL)
		return esmctl_command(sock, argc, argv);
	if (file == NULL && (file = getenv("ESMGATED_CONF")) == NULL)
		file = ESMCTL_DEFAULT_CONF;
	if ((control = esmctl_conf_control(file)) == NULL)
		return EXIT_USAGE;
	rc = esmctl_command(control, argc, argv);
	free(control);
	return rc;
}
