/*
 * ldapbench.c - a load generator for LDAP servers: the gateway and slapd.
 *
 *	ldapbench fullsearch -H URI -D DN -w PW -b BASE [-f FILTER]
 *	    [--page N]
 *	ldapbench lookup -H URI -D DN -w PW -b BASE --clients N
 *	    --seconds S --ids FILE [--scope sub|base]
 *	ldapbench modify -H URI -D DN -w PW -b BASE --clients N
 *	    --seconds S --ids FILE --attr ATTR
 *
 * fullsearch is an IAM suite's full reconciliation: one subtree search
 * reading every entry with all its user attributes, or with --page N a
 * sequence of RFC 2696 paged searches following the server's cookie.
 * Answers are read one message at a time (ldap_result with LDAP_MSG_ONE)
 * and freed at once, so the client holds one entry however many there
 * are, and the time measured is the server's.
 *
 * lookup and modify run N threads, each with its own connection bound
 * once, for S seconds.  Each picks a random id from FILE (one per line)
 * and either searches BASE for (uid=ID) with all attributes ("sub", the
 * default; exactly one entry must come back) or reads the entry
 * uid=ID,BASE ("base"); or replaces ATTR of uid=ID,BASE with a new
 * value.  A lost connection is reopened and counted as an error.
 *
 * One summary line goes to standard output, for scripts:
 *	RESULT mode=fullsearch page=0 entries=N pages=1 errors=0
 *	    seconds=S rate=ENTRIES/S
 *	RESULT mode=lookup clients=N ops=N errors=N seconds=S rate=OPS/S
 *	    p50_ms=X p99_ms=Y
 * and the first errors of each client go to standard error.  Exit
 * status: 0 when every operation succeeded, 1 when some failed, 64
 * usage, 69 when a connection could not be opened or bound.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lber.h>
#include <ldap.h>

#define BENCH_TIMEOUT		60	/* seconds to wait for answers */
#define BENCH_ERRORS_SHOWN	3	/* errors printed per client */
#define BENCH_ID_MAX		64	/* longest id in FILE */
#define BENCH_UNREACHABLE	69	/* exit: cannot connect or bind */

enum bench_mode {
	MODE_FULLSEARCH,
	MODE_LOOKUP,
	MODE_MODIFY,
};

static const char *mode_names[] = { "fullsearch", "lookup", "modify" };

/* One run's parameters; the strings are borrowed from argv. */
struct bench {
	enum bench_mode	 b_mode;
	const char	*b_uri;
	const char	*b_binddn;
	const char	*b_password;
	const char	*b_base;
	const char	*b_filter;
	const char	*b_attr;	/* modify: the attribute replaced */
	int		 b_scope;	/* lookup: subtree or base */
	int		 b_page;	/* fullsearch: 0: not paged */
	int		 b_clients;
	double		 b_seconds;
	char		*b_idbuf;	/* owned: the ids file's text */
	char		**b_ids;	/* owned; ids in b_idbuf */
	size_t		 b_nids;
	/* Every client bound (or failed to): start. */
	pthread_barrier_t b_start;
};

/* One connection of a rate run, used by its own thread only. */
struct client {
	struct bench	*cl_bench;	/* borrowed */
	pthread_t	 cl_thread;
	unsigned int	 cl_index;
	uint64_t	 cl_rng;
	LDAP		*cl_ld;		/* owned; NULL: gave up */
	int		 cl_bound;	/* the first bind succeeded */
	unsigned long	 cl_ops;	/* operations that succeeded */
	unsigned long	 cl_errors;
	uint32_t	*cl_lat;	/* owned: each success's microseconds */
	size_t		 cl_nlat;
	size_t		 cl_latcap;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
out_of_memory(void)
{
	fprintf(stderr, "ldapbench: out of memory\n");
	exit(1);
}

/* Double an array of *cap elements of size bytes (1024 at first). */
static void *
grow(void *p, size_t *cap, size_t size)
{
	size_t n;

	n = *cap == 0 ? 1024 : *cap * 2;
	if (n > SIZE_MAX / size || (p = realloc(p, n * size)) == NULL)
		out_of_memory();
	*cap = n;
	return p;
}

/* The server's diagnostic text of the last operation on ld, or "". */
static const char *
diagnostic(LDAP *ld, char *buf, size_t len)
{
	char *text = NULL;

	buf[0] = '\0';
	if (ld != NULL && ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE,
	    &text) == LDAP_OPT_SUCCESS && text != NULL && *text != '\0')
		snprintf(buf, len, ": %s", text);
	ldap_memfree(text);
	return buf;
}

/*
 * Open a connection to b_uri and bind to it with a simple bind.  The
 * timeouts make a server that stops answering an error, not a hang.
 */
static int
bench_connect(const struct bench *b, LDAP **ldp)
{
	struct berval cred;
	struct timeval tv = { BENCH_TIMEOUT, 0 };
	char diag[256];
	int rc, v3 = LDAP_VERSION3;

	*ldp = NULL;
	if ((rc = ldap_initialize(ldp, b->b_uri)) != LDAP_SUCCESS) {
		fprintf(stderr, "ldapbench: %s: %s\n", b->b_uri,
		    ldap_err2string(rc));
		return rc;
	}
	ldap_set_option(*ldp, LDAP_OPT_PROTOCOL_VERSION, &v3);
	ldap_set_option(*ldp, LDAP_OPT_NETWORK_TIMEOUT, &tv);
	ldap_set_option(*ldp, LDAP_OPT_TIMEOUT, &tv);
	ldap_set_option(*ldp, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	cred.bv_val = (char *)b->b_password;
	cred.bv_len = strlen(b->b_password);
	rc = ldap_sasl_bind_s(*ldp, b->b_binddn, LDAP_SASL_SIMPLE, &cred,
	    NULL, NULL, NULL);
	if (rc != LDAP_SUCCESS) {
		fprintf(stderr, "ldapbench: bind as %s to %s: %s (%d)%s\n",
		    b->b_binddn, b->b_uri, ldap_err2string(rc), rc,
		    diagnostic(*ldp, diag, sizeof(diag)));
		ldap_unbind_ext(*ldp, NULL, NULL);
		*ldp = NULL;
	}
	return rc;
}

/*
 * The search result ends a search (RFC 4511 4.5.2).  Frees msg.  On a
 * paged search, the cookie for the next page is left in *cookie, empty
 * when the server has sent the last page (RFC 2696 3).
 */
static int
fullsearch_done(LDAP *ld, LDAPMessage *msg, int paged,
    struct berval *cookie)
{
	LDAPControl **ctrls = NULL, *pr = NULL;
	char *text = NULL;
	ber_int_t estimate;
	int rc, err = LDAP_OTHER;

	rc = ldap_parse_result(ld, msg, &err, NULL, &text, NULL, &ctrls, 1);
	if (rc == LDAP_SUCCESS)
		rc = err;
	if (rc != LDAP_SUCCESS)
		fprintf(stderr, "ldapbench: search: %s (%d)%s%s\n",
		    ldap_err2string(rc), rc, text != NULL ? ": " : "",
		    text != NULL ? text : "");
	ber_memfree(cookie->bv_val);
	cookie->bv_val = NULL;
	cookie->bv_len = 0;
	if (ctrls != NULL)
		pr = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, ctrls, NULL);
	if (rc == LDAP_SUCCESS && paged && pr == NULL)
		fprintf(stderr, "ldapbench: warning: the server answered a "
		    "paged search without a paged results control\n");
	if (rc == LDAP_SUCCESS && pr != NULL)
		rc = ldap_parse_pageresponse_control(ld, pr, &estimate,
		    cookie);
	ldap_controls_free(ctrls);
	ldap_memfree(text);
	return rc;
}

/*
 * Read the answers to one search one message at a time, counting
 * entries and freeing each at once.
 */
static int
fullsearch_read(LDAP *ld, int msgid, int paged, unsigned long *entries,
    struct berval *cookie)
{
	LDAPMessage *msg;
	struct timeval tv = { BENCH_TIMEOUT, 0 };
	char diag[256];
	int rc;

	for (;;) {
		rc = ldap_result(ld, msgid, LDAP_MSG_ONE, &tv, &msg);
		if (rc == 0) {
			fprintf(stderr, "ldapbench: search: no answer "
			    "within %d s after %lu entries\n", BENCH_TIMEOUT,
			    *entries);
			ldap_abandon_ext(ld, msgid, NULL, NULL);
			return LDAP_TIMEOUT;
		}
		if (rc == -1) {
			ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &rc);
			fprintf(stderr, "ldapbench: search: %s (%d)%s after "
			    "%lu entries\n", ldap_err2string(rc), rc,
			    diagnostic(ld, diag, sizeof(diag)), *entries);
			return rc;
		}
		if (rc == LDAP_RES_SEARCH_RESULT)
			return fullsearch_done(ld, msg, paged, cookie);
		if (rc == LDAP_RES_SEARCH_ENTRY)
			(*entries)++;
		ldap_msgfree(msg);
	}
}

/* Send one search: the whole subtree, or the page after *cookie. */
static int
fullsearch_send(const struct bench *b, LDAP *ld, struct berval *cookie,
    int *msgid)
{
	LDAPControl *ctrl = NULL, *ctrls[2] = { NULL, NULL };
	int rc;

	if (b->b_page > 0) {
		/* Critical: a server without paging must say so. */
		rc = ldap_create_page_control(ld, b->b_page,
		    cookie->bv_len > 0 ? cookie : NULL, 1, &ctrl);
		if (rc != LDAP_SUCCESS)
			return rc;
		ctrls[0] = ctrl;
	}
	rc = ldap_search_ext(ld, b->b_base, LDAP_SCOPE_SUBTREE, b->b_filter,
	    NULL, 0, ctrl != NULL ? ctrls : NULL, NULL, NULL, 0, msgid);
	ldap_control_free(ctrl);
	if (rc != LDAP_SUCCESS)
		fprintf(stderr, "ldapbench: sending the search: %s (%d)\n",
		    ldap_err2string(rc), rc);
	return rc;
}

static int
fullsearch_run(const struct bench *b)
{
	struct berval cookie = { 0, NULL };
	unsigned long entries = 0, pages = 0;
	double t0, elapsed;
	LDAP *ld;
	int rc, msgid;

	if (bench_connect(b, &ld) != LDAP_SUCCESS)
		return BENCH_UNREACHABLE;
	t0 = now();
	do {
		if ((rc = fullsearch_send(b, ld, &cookie, &msgid)) !=
		    LDAP_SUCCESS)
			break;
		pages++;
		rc = fullsearch_read(ld, msgid, b->b_page > 0, &entries,
		    &cookie);
	} while (rc == LDAP_SUCCESS && b->b_page > 0 && cookie.bv_len > 0);
	elapsed = now() - t0;
	ber_memfree(cookie.bv_val);
	ldap_unbind_ext(ld, NULL, NULL);
	printf("RESULT mode=fullsearch page=%d entries=%lu pages=%lu "
	    "errors=%d seconds=%.3f rate=%.1f\n", b->b_page, entries, pages,
	    rc != LDAP_SUCCESS, elapsed,
	    elapsed > 0 ? (double)entries / elapsed : 0.0);
	return rc == LDAP_SUCCESS ? 0 : 1;
}

/* Escape a value for a filter (RFC 4515 3): * ( ) \ and NUL. */
static int
filter_escape(const char *in, char *out, size_t len)
{
	size_t o = 0;

	for (; *in != '\0'; in++) {
		if (o + 4 > len)
			return -1;
		if (strchr("*()\\", *in) != NULL)
			o += (size_t)snprintf(out + o, len - o, "\\%02x",
			    (unsigned char)*in);
		else
			out[o++] = *in;
	}
	out[o] = '\0';
	return 0;
}

/*
 * Escape a value for a DN string (RFC 4514 2.4): the specials, a
 * leading '#' or space (RACF ids may begin with '#') and a trailing
 * space.
 */
static int
dn_escape(const char *in, char *out, size_t len)
{
	size_t o = 0, i, n = strlen(in);

	for (i = 0; i < n; i++) {
		if (o + 3 > len)
			return -1;
		if (strchr(",+\"\\<>;=", in[i]) != NULL ||
		    (i == 0 && (in[i] == '#' || in[i] == ' ')) ||
		    (i == n - 1 && in[i] == ' '))
			out[o++] = '\\';
		out[o++] = in[i];
	}
	out[o] = '\0';
	return 0;
}

static uint32_t
client_random(struct client *cl)
{
	/* xorshift64*, as esmgen: each client its own sequence */
	cl->cl_rng ^= cl->cl_rng >> 12;
	cl->cl_rng ^= cl->cl_rng << 25;
	cl->cl_rng ^= cl->cl_rng >> 27;
	return (uint32_t)((cl->cl_rng * 2685821657736338717ULL) >> 32);
}

/*
 * Count a failed operation and print the first few.  A connection that
 * is gone is reopened; if that fails too, the client stops (cl_ld
 * NULL).  Returns -1 for the caller to return.
 */
static int
client_error(struct client *cl, int rc, const char *what)
{
	char diag[256];

	cl->cl_errors++;
	if (cl->cl_errors <= BENCH_ERRORS_SHOWN)
		fprintf(stderr, "ldapbench: client %u: %s: %s (%d)%s\n",
		    cl->cl_index, what, ldap_err2string(rc), rc,
		    rc > 0 ? diagnostic(cl->cl_ld, diag, sizeof(diag)) : "");
	if (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ||
	    rc == LDAP_TIMEOUT) {
		ldap_unbind_ext(cl->cl_ld, NULL, NULL);
		if (bench_connect(cl->cl_bench, &cl->cl_ld) != LDAP_SUCCESS)
			cl->cl_ld = NULL;
	}
	return -1;
}

/* Search for one id; exactly one entry must come back. */
static int
client_lookup(struct client *cl, const char *id)
{
	const struct bench *b = cl->cl_bench;
	LDAPMessage *res = NULL;
	char esc[3 * BENCH_ID_MAX + 1], base[1024], filter[256];
	char text[1100];
	const char *what;
	int rc, n;

	if (b->b_scope == LDAP_SCOPE_BASE) {
		dn_escape(id, esc, sizeof(esc));
		snprintf(base, sizeof(base), "uid=%s,%s", esc, b->b_base);
		snprintf(filter, sizeof(filter), "(objectClass=*)");
	} else {
		filter_escape(id, esc, sizeof(esc));
		snprintf(base, sizeof(base), "%s", b->b_base);
		snprintf(filter, sizeof(filter), "(uid=%s)", esc);
	}
	rc = ldap_search_ext_s(cl->cl_ld, base, b->b_scope, filter, NULL, 0,
	    NULL, NULL, NULL, 0, &res);
	n = rc == LDAP_SUCCESS ? ldap_count_entries(cl->cl_ld, res) : 0;
	ldap_msgfree(res);
	what = b->b_scope == LDAP_SCOPE_BASE ? base : filter;
	if (rc != LDAP_SUCCESS)
		return client_error(cl, rc, what);
	if (n != 1) {
		snprintf(text, sizeof(text), "%s: %d entries instead of 1",
		    what, n);
		return client_error(cl, LDAP_NO_RESULTS_RETURNED, text);
	}
	return 0;
}

/* Replace b_attr of uid=ID,BASE with a value no other call sends. */
static int
client_modify(struct client *cl, const char *id)
{
	const struct bench *b = cl->cl_bench;
	LDAPMod mod, *mods[2] = { &mod, NULL };
	struct berval bv, *bvals[2] = { &bv, NULL };
	char esc[3 * BENCH_ID_MAX + 1], dn[1024], val[64];
	int rc;

	dn_escape(id, esc, sizeof(esc));
	snprintf(dn, sizeof(dn), "uid=%s,%s", esc, b->b_base);
	snprintf(val, sizeof(val), "BENCH %u %lu", cl->cl_index,
	    cl->cl_ops + cl->cl_errors);
	bv.bv_val = val;
	bv.bv_len = strlen(val);
	mod.mod_op = LDAP_MOD_REPLACE | LDAP_MOD_BVALUES;
	mod.mod_type = (char *)b->b_attr;
	mod.mod_bvalues = bvals;
	rc = ldap_modify_ext_s(cl->cl_ld, dn, mods, NULL, NULL);
	if (rc != LDAP_SUCCESS)
		return client_error(cl, rc, dn);
	return 0;
}

/*
 * A client thread: connect and bind, wait until every client has, then
 * run operations until b_seconds have passed.
 */
static void *
client_main(void *arg)
{
	struct client *cl = arg;
	struct bench *b = cl->cl_bench;
	const char *id;
	double t0, deadline;
	int rc;

	cl->cl_bound = bench_connect(b, &cl->cl_ld) == LDAP_SUCCESS;
	pthread_barrier_wait(&b->b_start);
	if (!cl->cl_bound)
		return NULL;
	deadline = now() + b->b_seconds;
	while (cl->cl_ld != NULL && (t0 = now()) < deadline) {
		id = b->b_ids[client_random(cl) % b->b_nids];
		if (b->b_mode == MODE_LOOKUP)
			rc = client_lookup(cl, id);
		else
			rc = client_modify(cl, id);
		if (rc != 0)
			continue;
		cl->cl_ops++;
		if (cl->cl_nlat == cl->cl_latcap)
			cl->cl_lat = grow(cl->cl_lat, &cl->cl_latcap,
			    sizeof(*cl->cl_lat));
		cl->cl_lat[cl->cl_nlat++] = (uint32_t)((now() - t0) * 1e6);
	}
	if (cl->cl_ld != NULL)
		ldap_unbind_ext(cl->cl_ld, NULL, NULL);
	return NULL;
}

static int
compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Print the RESULT line of a rate run; latencies of successes only. */
static void
rate_report(const struct bench *b, struct client *cls, double elapsed)
{
	unsigned long ops = 0, errors = 0;
	uint32_t *all = NULL;
	size_t n = 0, cap = 0, i;
	double p50 = 0, p99 = 0;
	int c;

	for (c = 0; c < b->b_clients; c++) {
		ops += cls[c].cl_ops;
		errors += cls[c].cl_errors;
		for (i = 0; i < cls[c].cl_nlat; i++) {
			if (n == cap)
				all = grow(all, &cap, sizeof(*all));
			all[n++] = cls[c].cl_lat[i];
		}
	}
	if (n > 0) {
		qsort(all, n, sizeof(*all), compare_u32);
		p50 = all[(n - 1) * 50 / 100] / 1e3;
		p99 = all[(n - 1) * 99 / 100] / 1e3;
	}
	free(all);
	printf("RESULT mode=%s clients=%d ops=%lu errors=%lu seconds=%.2f "
	    "rate=%.1f p50_ms=%.3f p99_ms=%.3f\n", mode_names[b->b_mode],
	    b->b_clients, ops, errors, elapsed,
	    elapsed > 0 ? (double)ops / elapsed : 0.0, p50, p99);
}

static int
rate_run(struct bench *b)
{
	struct client *cls;
	double t0, elapsed;
	int c, unbound = 0, failed = 0;

	if ((cls = calloc((size_t)b->b_clients, sizeof(*cls))) == NULL)
		out_of_memory();
	pthread_barrier_init(&b->b_start, NULL, (unsigned)b->b_clients + 1);
	for (c = 0; c < b->b_clients; c++) {
		cls[c].cl_bench = b;
		cls[c].cl_index = (unsigned int)c;
		cls[c].cl_rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(c + 1);
		if ((errno = pthread_create(&cls[c].cl_thread, NULL,
		    client_main, &cls[c])) != 0) {
			perror("ldapbench: pthread_create");
			exit(1);
		}
	}
	pthread_barrier_wait(&b->b_start);
	t0 = now();
	for (c = 0; c < b->b_clients; c++)
		pthread_join(cls[c].cl_thread, NULL);
	elapsed = now() - t0;
	pthread_barrier_destroy(&b->b_start);
	rate_report(b, cls, elapsed);
	for (c = 0; c < b->b_clients; c++) {
		unbound += !cls[c].cl_bound;
		failed += cls[c].cl_errors > 0;
		free(cls[c].cl_lat);
	}
	free(cls);
	if (unbound > 0) {
		fprintf(stderr, "ldapbench: %d of %d clients could not "
		    "connect and bind\n", unbound, b->b_clients);
		return BENCH_UNREACHABLE;
	}
	return failed > 0;
}

/* Read FILE: one id per line; blank lines are skipped. */
static int
ids_load(struct bench *b, const char *path)
{
	FILE *f;
	size_t len = 0, cap = 0, n, idcap = 0;
	char *p, *line;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "ldapbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 2)
			b->b_idbuf = grow(b->b_idbuf, &cap, 1);
		len += n = fread(b->b_idbuf + len, 1, cap - len - 1, f);
	} while (n > 0);
	fclose(f);
	b->b_idbuf[len] = '\0';
	for (p = b->b_idbuf; (line = strsep(&p, "\n")) != NULL;) {
		line[strcspn(line, "\r")] = '\0';
		if (*line == '\0')
			continue;
		if (strlen(line) > BENCH_ID_MAX) {
			fprintf(stderr, "ldapbench: %s: id longer than %d: "
			    "%.20s...\n", path, BENCH_ID_MAX, line);
			return -1;
		}
		if (b->b_nids == idcap)
			b->b_ids = grow(b->b_ids, &idcap, sizeof(*b->b_ids));
		b->b_ids[b->b_nids++] = line;
	}
	if (b->b_nids == 0) {
		fprintf(stderr, "ldapbench: %s: no ids\n", path);
		return -1;
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ldapbench fullsearch -H URI -D DN -w PW -b BASE "
	    "[-f FILTER] [--page N]\n"
	    "       ldapbench lookup -H URI -D DN -w PW -b BASE --clients N "
	    "--seconds S\n"
	    "           --ids FILE [--scope sub|base]\n"
	    "       ldapbench modify -H URI -D DN -w PW -b BASE --clients N "
	    "--seconds S\n"
	    "           --ids FILE --attr ATTR\n");
	exit(64);
}

static long
number(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

static void
parse_option(struct bench *b, int ch, const char **ids)
{
	char *end;

	switch (ch) {
	case 'H':
		b->b_uri = optarg;
		break;
	case 'D':
		b->b_binddn = optarg;
		break;
	case 'w':
		b->b_password = optarg;
		break;
	case 'b':
		b->b_base = optarg;
		break;
	case 'f':
		b->b_filter = optarg;
		break;
	case 'a':
		b->b_attr = optarg;
		break;
	case 'i':
		*ids = optarg;
		break;
	case 'p':
		b->b_page = (int)number(optarg, 1, 1000000);
		break;
	case 'c':
		b->b_clients = (int)number(optarg, 1, 1024);
		break;
	case 's':
		b->b_seconds = strtod(optarg, &end);
		if (end == optarg || *end != '\0' || !(b->b_seconds > 0))
			usage();
		break;
	case 'S':
		if (strcmp(optarg, "sub") == 0)
			b->b_scope = LDAP_SCOPE_SUBTREE;
		else if (strcmp(optarg, "base") == 0)
			b->b_scope = LDAP_SCOPE_BASE;
		else
			usage();
		break;
	default:
		usage();
	}
}

/* Parse the command line into b; the ids file is loaded for rate runs. */
static void
parse_args(struct bench *b, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "page", required_argument, NULL, 'p' },
		{ "clients", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },
		{ "ids", required_argument, NULL, 'i' },
		{ "attr", required_argument, NULL, 'a' },
		{ "scope", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ids = NULL;
	int ch;

	if (argc < 2)
		usage();
	for (ch = 0; ch < 3 && strcmp(argv[1], mode_names[ch]) != 0; ch++)
		;
	if (ch == 3)
		usage();
	b->b_mode = (enum bench_mode)ch;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "H:D:w:b:f:", longopts,
	    NULL)) != -1)
		parse_option(b, ch, &ids);
	if (optind != argc || b->b_uri == NULL || b->b_binddn == NULL ||
	    b->b_password == NULL || b->b_base == NULL)
		usage();
	if (b->b_mode == MODE_FULLSEARCH)
		return;
	if (ids == NULL || b->b_seconds == 0 ||
	    (b->b_mode == MODE_MODIFY && b->b_attr == NULL))
		usage();
	if (ids_load(b, ids) == -1)
		exit(1);
}

int
main(int argc, char *argv[])
{
	struct bench b;
	int rc;

	memset(&b, 0, sizeof(b));
	b.b_filter = "(objectClass=*)";
	b.b_scope = LDAP_SCOPE_SUBTREE;
	b.b_clients = 1;
	parse_args(&b, argc, argv);
	signal(SIGPIPE, SIG_IGN);
	if (b.b_mode == MODE_FULLSEARCH)
		rc = fullsearch_run(&b);
	else
		rc = rate_run(&b);
	free(b.b_ids);
	free(b.b_idbuf);
	return fflush(stdout) != 0 ? 1 : rc;
}
