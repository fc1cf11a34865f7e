/*
 * esmlinkcmd.c - a small gateway-side client of the link, for tests and
 * benchmarks: sends native commands to esmagentd and prints the answers.
 *
 *	esmlinkcmd -k KEY -c HOST:PORT [options] 'COMMAND'
 *	esmlinkcmd -k KEY -c HOST:PORT [options] < commands
 *	esmlinkcmd -k KEY -c HOST:PORT --verify USERID PASSWORD [NEWPW]
 *
 *	-j N		requests in flight at once (stdin mode; default 1)
 *	-q		print no output lines, only one status line a request
 *	-s		print a summary (commands, seconds, per second)
 *	--cipher C	aes-128-gcm (default) or aes-256-gcm
 *	--name N	our identity in the hello (default esmlinkcmd)
 *	--dn D --realm R --client A	distributed identity to send
 *	--window N	response chunks granted ahead (default 8)
 *	--timeout S	seconds per request (default 60)
 *	--pause-ms N	a slow gateway: grant credit again only N ms
 *			after each response chunk
 *
 * One command: prints its output, exits with its return code (an
 * agent refusal, which is negative, exits 100 + |rc|).  From stdin: one
 * line "ACK n RC=rc LINES=k" per finished request, in completion order,
 * flushed at once (n is the input line number), then output unless -q.
 * Exit 69 when the agent cannot be reached or the link drops.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "link.h"
#include "log.h"
#include "xmalloc.h"

struct cmd_req {
	struct cmd_state	*cr_st;
	uint64_t		 cr_id;
	struct event		*cr_resume;
	unsigned long		 cr_lineno;
	size_t			 cr_lines;
	char			*cr_out;	/* collected output */
	size_t			 cr_outlen;
};

struct cmd_state {
	struct event_base	*st_base;
	struct link_client	*st_client;
	struct link_identity	 st_who;
	unsigned int		 st_jobs, st_inflight, st_window, st_timeout;
	unsigned int		 st_pause_ms;
	int			 st_quiet, st_summary, st_single;
	int			 st_up, st_eof, st_rc, st_failed;
	unsigned long		 st_lineno, st_done;
	unsigned long		 st_lines;
	char			*st_single_cmd;
	char			*st_verify[3];
	int			 st_nverify;
	struct timespec		 st_start;
};

static void cmd_feed(struct cmd_state *);

static void
cmd_finish_all(struct cmd_state *st)
{
	event_base_loopexit(st->st_base, NULL);
}

static void
cmd_resume_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct cmd_req *cr = arg;

	link_client_resume(cr->cr_st->st_client, cr->cr_id);
}

/* A slow gateway: hold the credit back for a while after each chunk. */
static void
cmd_slow_down(struct cmd_req *cr)
{
	struct cmd_state *st = cr->cr_st;
	struct timeval tv;

	if (cr->cr_resume == NULL)
		cr->cr_resume = evtimer_new(st->st_base, cmd_resume_cb, cr);
	link_client_pause(st->st_client, cr->cr_id);
	tv.tv_sec = st->st_pause_ms / 1000;
	tv.tv_usec = (st->st_pause_ms % 1000) * 1000;
	evtimer_add(cr->cr_resume, &tv);
}

static void
cmd_req_cb(void *arg, enum link_req_status status, const struct link_msg *m,
    const char *why)
{
	struct cmd_req *cr = arg;
	struct cmd_state *st = cr->cr_st;
	size_t i;

	if (status != LINK_REQ_OK) {
		fprintf(stderr, "esmlinkcmd: request %lu failed: %s\n",
		    cr->cr_lineno, why != NULL ? why : "link error");
		st->st_failed = 1;
		st->st_rc = 69;
		goto done;
	}
	for (i = 0; i < m->lm_nlines; i++) {
		cr->cr_lines++;
		if (st->st_quiet)
			continue;
		cr->cr_out = xreallocarray(cr->cr_out, cr->cr_outlen +
		    m->lm_lines[i].bv_len + 2, 1);
		memcpy(cr->cr_out + cr->cr_outlen, m->lm_lines[i].bv_val,
		    m->lm_lines[i].bv_len);
		cr->cr_outlen += m->lm_lines[i].bv_len;
		cr->cr_out[cr->cr_outlen++] = '\n';
		if (st->st_single && cr->cr_outlen > 65536) {
			fwrite(cr->cr_out, 1, cr->cr_outlen, stdout);
			cr->cr_outlen = 0;
		}
	}
	if (m->lm_more) {
		if (st->st_pause_ms > 0 && cr->cr_id != 0)
			cmd_slow_down(cr);
		return;
	}
	st->st_lines += cr->cr_lines;
	if (st->st_single)
		st->st_rc = m->lm_rc < 0 ? 100 - m->lm_rc : m->lm_rc;
	else {
		printf("ACK %lu RC=%d LINES=%zu\n", cr->cr_lineno, m->lm_rc,
		    cr->cr_lines);
		if (m->lm_rc != 0 && st->st_rc == 0)
			st->st_rc = m->lm_rc < 0 ? 100 - m->lm_rc : m->lm_rc;
	}
	if (cr->cr_outlen > 0)
		fwrite(cr->cr_out, 1, cr->cr_outlen, stdout);
	fflush(stdout);
done:
	st->st_done++;
	st->st_inflight--;
	if (cr->cr_resume != NULL)
		event_free(cr->cr_resume);
	free(cr->cr_out);
	free(cr);
	if (st->st_failed || st->st_single) {
		cmd_finish_all(st);
		return;
	}
	cmd_feed(st);
}

static int
cmd_send(struct cmd_state *st, const char *cmd, unsigned long lineno)
{
	struct cmd_req *cr;
	struct berval bv, args[3];
	uint64_t id;
	int i;

	cr = xcalloc(1, sizeof(*cr));
	cr->cr_st = st;
	cr->cr_lineno = lineno;
	st->st_inflight++;
	if (st->st_nverify > 0) {
		for (i = 0; i < st->st_nverify; i++) {
			args[i].bv_val = st->st_verify[i];
			args[i].bv_len = strlen(st->st_verify[i]);
		}
		id = link_client_request(st->st_client, LINK_REQ_VERIFY, NULL,
		    args, (size_t)st->st_nverify, &st->st_who, st->st_timeout,
		    st->st_window, cmd_req_cb, cr);
	} else {
		bv.bv_val = (char *)cmd;
		bv.bv_len = strlen(cmd);
		id = link_client_request(st->st_client, LINK_REQ_COMMAND, &bv,
		    NULL, 0, &st->st_who, st->st_timeout, st->st_window,
		    cmd_req_cb, cr);
	}
	cr->cr_id = id;
	if (id == 0) {
		fprintf(stderr, "esmlinkcmd: the link is down\n");
		st->st_inflight--;
		free(cr);
		st->st_rc = 69;
		return -1;
	}
	return 0;
}

/* Keep st_jobs requests in flight while stdin has lines. */
static void
cmd_feed(struct cmd_state *st)
{
	char *line = NULL;
	size_t cap = 0, n;

	while (!st->st_eof && st->st_inflight < st->st_jobs) {
		if (getline(&line, &cap, stdin) == -1) {
			st->st_eof = 1;
			break;
		}
		st->st_lineno++;
		n = strlen(line);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (cmd_send(st, line, st->st_lineno) == -1) {
			st->st_eof = 1;
			cmd_finish_all(st);
			break;
		}
	}
	free(line);
	if (st->st_eof && st->st_inflight == 0)
		cmd_finish_all(st);
}

static void
cmd_state_cb(void *arg, int up, const char *why)
{
	struct cmd_state *st = arg;

	if (!up) {
		fprintf(stderr, "esmlinkcmd: link down: %s\n",
		    why != NULL ? why : "unknown reason");
		st->st_rc = 69;
		cmd_finish_all(st);
		return;
	}
	if (st->st_up)
		return;
	st->st_up = 1;
	clock_gettime(CLOCK_MONOTONIC, &st->st_start);
	if (st->st_single) {
		if (cmd_send(st, st->st_single_cmd, 0) == -1)
			cmd_finish_all(st);
	} else
		cmd_feed(st);
}

static void
usage(void)
{
	fprintf(stderr, "usage: esmlinkcmd -k KEYFILE -c HOST:PORT [-j N] "
	    "[-q] [-s] [--cipher C] [--name N]\n"
	    "       [--dn DN] [--realm R] [--client ADDR] [--window N] "
	    "[--timeout S] [--pause-ms N] ['COMMAND' | --verify USER PW [NEWPW]]\n");
	exit(64);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "cipher", required_argument, NULL, 'C' },
		{ "name", required_argument, NULL, 'N' },
		{ "dn", required_argument, NULL, 'D' },
		{ "realm", required_argument, NULL, 'R' },
		{ "client", required_argument, NULL, 'A' },
		{ "window", required_argument, NULL, 'W' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "verify", no_argument, NULL, 'V' },
		{ "pause-ms", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_state st;
	struct link_params p;
	struct link_key key;
	const char *keyfile = NULL, *connect = NULL, *name = "esmlinkcmd";
	enum link_cipher cipher = LINK_CIPHER_AES128_GCM;
	char err[512], host[256], *colon;
	struct timespec end;
	double secs;
	int ch, verify = 0, i;

	log_init(argv[0]);
	memset(&st, 0, sizeof(st));
	st.st_jobs = 1;
	st.st_window = 8;
	st.st_timeout = 60;
	while ((ch = getopt_long(argc, argv, "k:c:j:qs", longopts, NULL))
	    != -1) {
		switch (ch) {
		case 'k': keyfile = optarg; break;
		case 'c': connect = optarg; break;
		case 'j': st.st_jobs = (unsigned int)atoi(optarg); break;
		case 'q': st.st_quiet = 1; break;
		case 's': st.st_summary = 1; break;
		case 'C':
			if (link_cipher_parse(optarg, &cipher) == -1)
				usage();
			break;
		case 'N': name = optarg; break;
		case 'D': st.st_who.li_dn = optarg; break;
		case 'R': st.st_who.li_realm = optarg; break;
		case 'A': st.st_who.li_address = optarg; break;
		case 'W': st.st_window = (unsigned int)atoi(optarg); break;
		case 'T': st.st_timeout = (unsigned int)atoi(optarg); break;
		case 'V': verify = 1; break;
		case 'P': st.st_pause_ms = (unsigned int)atoi(optarg); break;
		default: usage();
		}
	}
	if (keyfile == NULL || connect == NULL || st.st_jobs == 0 ||
	    (colon = strrchr(connect, ':')) == NULL ||
	    (size_t)(colon - connect) >= sizeof(host))
		usage();
	memcpy(host, connect, (size_t)(colon - connect));
	host[colon - connect] = '\0';
	if (verify) {
		if (argc - optind < 2 || argc - optind > 3)
			usage();
		for (i = optind; i < argc; i++)
			st.st_verify[st.st_nverify++] = argv[i];
		st.st_single = 1;
		st.st_single_cmd = NULL;
	} else if (optind < argc) {
		if (argc - optind != 1)
			usage();
		st.st_single = 1;
		st.st_single_cmd = argv[optind];
	}
	if (link_key_load(keyfile, &key, err, sizeof(err)) == -1) {
		fprintf(stderr, "esmlinkcmd: %s\n", err);
		return 64;
	}
	st.st_base = event_base_new();
	memset(&p, 0, sizeof(p));
	p.lp_role = LINK_ROLE_CLIENT;
	p.lp_identity = name;
	p.lp_key = &key;
	p.lp_cipher = cipher;
	st.st_client = link_client_new(st.st_base, "agent", host, colon + 1,
	    &p, cmd_state_cb, &st);
	link_client_start(st.st_client);
	event_base_dispatch(st.st_base);
	clock_gettime(CLOCK_MONOTONIC, &end);
	if (st.st_summary && st.st_up) {
		secs = (double)(end.tv_sec - st.st_start.tv_sec) +
		    (double)(end.tv_nsec - st.st_start.tv_nsec) / 1e9;
		fprintf(stderr, "esmlinkcmd: %lu requests, %lu lines in %.3f "
		    "s: %.1f requests/s, %.1f lines/s\n", st.st_done,
		    st.st_lines, secs, secs > 0 ? (double)st.st_done / secs :
		    0.0, secs > 0 ? (double)st.st_lines / secs : 0.0);
	}
	link_client_free(st.st_client);
	event_base_free(st.st_base);
	link_key_clear(&key);
	return st.st_rc;
}
