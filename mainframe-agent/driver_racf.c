/*
 * driver_racf.c - the "sim" driver for RACF, and what the agent knows of
 * RACF's command language without running a command: verb aliases, the
 * userids a command names, and where passwords stand in a command.
 *
 * The target scan is deliberately stricter than RACF: anything it cannot
 * read with certainty makes it answer -1 and the agent refuses the
 * command, so a protected userid cannot be hidden behind odd syntax.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "mainframe-agent/driver.h"
#include "mainframe-agent/sim/racf/racf.h"

/* RACF's commands and the aliases TSO accepts for them. */
static const struct {
	const char	*alias;
	const char	*verb;
	int		 user_first;	/* first positional names users */
} racf_verbs[] = {
	{ "ADDUSER", "ADDUSER", 1 }, { "AU", "ADDUSER", 1 },
	{ "ALTUSER", "ALTUSER", 1 }, { "ALU", "ALTUSER", 1 },
	{ "DELUSER", "DELUSER", 1 }, { "DU", "DELUSER", 1 },
	{ "LISTUSER", "LISTUSER", 1 }, { "LU", "LISTUSER", 1 },
	{ "CONNECT", "CONNECT", 1 }, { "CO", "CONNECT", 1 },
	{ "REMOVE", "REMOVE", 1 }, { "RE", "REMOVE", 1 },
	{ "ADDGROUP", "ADDGROUP", 0 }, { "AG", "ADDGROUP", 0 },
	{ "ALTGROUP", "ALTGROUP", 0 }, { "ALG", "ALTGROUP", 0 },
	{ "DELGROUP", "DELGROUP", 0 }, { "DG", "DELGROUP", 0 },
	{ "LISTGRP", "LISTGRP", 0 }, { "LG", "LISTGRP", 0 },
	{ "SEARCH", "SEARCH", 0 }, { "SR", "SEARCH", 0 },
	{ "PASSWORD", "PASSWORD", 0 }, { "PW", "PASSWORD", 0 },
	{ "PHRASE", "PASSWORD", 0 },
	{ "SETROPTS", "SETROPTS", 0 }, { "SETR", "SETROPTS", 0 },
};

static int
racf_verb_index(const char *verb, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(racf_verbs) / sizeof(racf_verbs[0]); i++)
		if (strlen(racf_verbs[i].alias) == len &&
		    strncasecmp(racf_verbs[i].alias, verb, len) == 0)
			return (int)i;
	return -1;
}

/* A RACF command is named by its first word alone. */
static const char *
racf_canonical(const char *cmd, size_t len)
{
	const char *verb;
	size_t vlen;
	int i;

	vlen = driver_verb(cmd, len, &verb);
	i = racf_verb_index(verb, vlen);
	return i == -1 ? NULL : racf_verbs[i].verb;
}

/* ---- a small token walker (quotes, parentheses, words) ---------------- */

enum racf_tok { TOK_END, TOK_WORD, TOK_QUOTED, TOK_LPAREN, TOK_RPAREN,
	TOK_BAD };

struct racf_scan {
	const char	*rs_p;
	const char	*rs_end;
	const char	*rs_tok;	/* start of the current token */
	size_t		 rs_len;
};

static int
racf_is_blank(char c)
{
	return c == ' ' || c == ',';
}

static enum racf_tok
racf_next(struct racf_scan *s)
{
	const char *p = s->rs_p;

	while (p < s->rs_end && racf_is_blank(*p))
		p++;
	s->rs_tok = p;
	if (p == s->rs_end)
		return TOK_END;
	if (*p == '(' || *p == ')') {
		s->rs_p = p + 1;
		s->rs_len = 1;
		return *p == '(' ? TOK_LPAREN : TOK_RPAREN;
	}
	if (*p == '\'') {
		for (p++; p < s->rs_end; p++) {
			if (*p != '\'')
				continue;
			if (p + 1 < s->rs_end && p[1] == '\'') {
				p++;
				continue;
			}
			s->rs_p = p + 1;
			s->rs_len = (size_t)(s->rs_p - s->rs_tok);
			return TOK_QUOTED;
		}
		return TOK_BAD;
	}
	while (p < s->rs_end && !racf_is_blank(*p) && *p != '(' &&
	    *p != ')' && *p != '\'')
		p++;
	s->rs_p = p;
	s->rs_len = (size_t)(p - s->rs_tok);
	return TOK_WORD;
}

/* Is word a (TSO-abbreviated) prefix of keyword? */
static int
racf_abbreviates(const char *word, size_t len, const char *keyword)
{
	return len > 0 && len <= strlen(keyword) &&
	    strncasecmp(word, keyword, len) == 0;
}

static int
racf_add_target(struct driver_targets *t, const char *id, size_t len)
{
	size_t i;

	if (len == 1 && id[0] == '*') {
		t->dt_all = 1;
		return 0;
	}
	if (len == 0 || len > 8)
		return -1;	/* RACF would refuse it; so do we */
	if (t->dt_n == DRIVER_MAX_TARGETS) {
		t->dt_overflow = 1;
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)id[i]) && id[i] != '@' &&
		    id[i] != '#' && id[i] != '$' && id[i] != '*')
			return -1;
		t->dt_ids[t->dt_n][i] = (char)toupper((unsigned char)id[i]);
	}
	t->dt_ids[t->dt_n][len] = '\0';
	if (memchr(id, '*', len) != NULL)
		t->dt_all = 1;
	t->dt_n++;
	return 0;
}

/* An operand value: one word, or a parenthesised list of words. */
static int
racf_scan_ids(struct racf_scan *s, enum racf_tok tok,
    struct driver_targets *t)
{
	if (tok == TOK_WORD)
		return racf_add_target(t, s->rs_tok, s->rs_len);
	if (tok != TOK_LPAREN)
		return -1;
	for (;;) {
		tok = racf_next(s);
		if (tok == TOK_RPAREN)
			return 0;
		if (tok != TOK_WORD ||
		    racf_add_target(t, s->rs_tok, s->rs_len) == -1)
			return -1;
	}
}

/* Skip a balanced parenthesised value after a keyword. */
static int
racf_skip_value(struct racf_scan *s)
{
	int depth = 1;
	enum racf_tok tok;

	while (depth > 0) {
		tok = racf_next(s);
		if (tok == TOK_END || tok == TOK_BAD)
			return -1;
		if (tok == TOK_LPAREN)
			depth++;
		else if (tok == TOK_RPAREN)
			depth--;
	}
	return 0;
}

/* The first operand is a parenthesised list. */
static int
racf_leading_list(const struct racf_scan *s)
{
	const char *p = s->rs_p;

	while (p < s->rs_end && *p == ' ')
		p++;
	return p < s->rs_end && *p == '(';
}

static int
racf_targets(const char *cmd, size_t len, struct driver_targets *t)
{
	struct racf_scan s = { cmd, cmd + len, NULL, 0 };
	enum racf_tok tok;
	const char *verb;
	size_t vlen;
	int vi, self = 1;

	memset(t, 0, sizeof(*t));
	vlen = driver_verb(cmd, len, &verb);
	if ((vi = racf_verb_index(verb, vlen)) == -1)
		return -1;
	s.rs_p = verb + vlen;
	if (racf_verbs[vi].user_first) {
		tok = racf_next(&s);
		if (tok != TOK_END && racf_scan_ids(&s, tok, t) == -1)
			return -1;
	} else if (racf_leading_list(&s) && (racf_next(&s) != TOK_LPAREN ||
	    racf_skip_value(&s) == -1))
		/* LISTGRP (G1 G2): group names, not userids. */
		return -1;
	while ((tok = racf_next(&s)) != TOK_END) {
		if (tok == TOK_BAD || tok == TOK_RPAREN)
			return -1;
		if (tok != TOK_WORD)
			continue;
		if (s.rs_p >= s.rs_end || *s.rs_p != '(')
			continue;
		if (strcmp(racf_verbs[vi].verb, "PASSWORD") == 0 &&
		    racf_abbreviates(s.rs_tok, s.rs_len, "USER")) {
			self = 0;
			if (racf_scan_ids(&s, racf_next(&s), t) == -1)
				return -1;
			continue;
		}
		(void)racf_next(&s);
		if (racf_skip_value(&s) == -1)
			return -1;
	}
	/* PASSWORD without USER() changes the issuer's own password. */
	if (strcmp(racf_verbs[vi].verb, "PASSWORD") == 0 && self)
		t->dt_self = 1;
	return 0;
}

/*
 * Mask the values of every keyword that abbreviates PASSWORD or PHRASE,
 * e.g. "ALU X PASSWORD(SECRET) NOEXPIRED" -> "ALU X PASSWORD(********)
 * NOEXPIRED".  Unbalanced text after such a keyword is masked whole.
 */
static void
racf_mask(const char *cmd, size_t len, char *out, size_t outlen)
{
	struct racf_scan s = { cmd, cmd + len, NULL, 0 };
	enum racf_tok tok;
	const char *verb, *copied = cmd, *stop;
	size_t vlen, used = 0, n;

	if (outlen == 0)
		return;
	vlen = driver_verb(cmd, len, &verb);
	s.rs_p = verb + vlen;
#define EMIT(p, l) do {						\
	n = (l) < outlen - 1 - used ? (l) : outlen - 1 - used;	\
	memcpy(out + used, (p), n);				\
	used += n;						\
} while (0)
	while ((tok = racf_next(&s)) != TOK_END && tok != TOK_BAD) {
		if (tok != TOK_WORD || s.rs_p >= s.rs_end || *s.rs_p != '(')
			continue;
		if (!racf_abbreviates(s.rs_tok, s.rs_len, "PASSWORD") &&
		    !racf_abbreviates(s.rs_tok, s.rs_len, "PHRASE"))
			continue;
		(void)racf_next(&s);
		EMIT(copied, (size_t)(s.rs_p - copied));
		EMIT("********", 8);
		if (racf_skip_value(&s) == -1) {
			copied = s.rs_end;
			break;
		}
		stop = s.rs_p - 1;
		copied = stop;
	}
	if (tok == TOK_BAD)
		copied = s.rs_end;
	EMIT(copied, (size_t)(s.rs_end - copied));
#undef EMIT
	out[used] = '\0';
}

/* ---- the embedded simulator ------------------------------------------- */

static void *
racf_sim_open(const struct driver_opts *o, char *err, size_t errlen)
{
	struct racf_opts ro;

	memset(&ro, 0, sizeof(ro));
	ro.ro_path = o->do_path;
	ro.ro_nosync = o->do_nosync;
	ro.ro_kdf_iterations = o->do_kdf_iterations;
	return racf_open(&ro, err, errlen);
}

static void
racf_sim_close(void *h)
{
	racf_close(h);
}

static int
racf_sim_command(void *h, const char *issuer, const char *cmd, size_t len,
    const struct esm_out *out)
{
	return racf_command(h, issuer, cmd, len, out);
}

static int
racf_sim_verify(void *h, const char *userid, const char *pw,
    const char *newpw, const struct esm_out *out)
{
	return racf_verify(h, userid, pw, newpw, out);
}

static void
racf_sim_set_exit(void *h, esm_exit_fn fn, void *arg)
{
	racf_set_exit(h, fn, arg);
}

static void
racf_sim_trim(void *h)
{
	racf_trim(h);
}

static const char *const racf_allow[] = {
	"ADDUSER", "ALTUSER", "DELUSER", "LISTUSER", "CONNECT", "REMOVE",
	"ADDGROUP", "ALTGROUP", "DELGROUP", "LISTGRP", "SEARCH", "PASSWORD",
	NULL
};

static const char *const racf_reads[] = { "LISTUSER", "SEARCH", NULL };

static int
racf_quiet_line(void *arg, const char *line, size_t len)
{
	(void)arg;
	log_debug(LOG_CAT_SIM, "setup: %.*s", (int)len, line);
	return 0;
}

/* The agent's userid, defined SPECIAL by IBMUSER when it is missing. */
static int
racf_ensure_user(void *h, const char *userid, char *err, size_t errlen)
{
	struct esm_out out = { racf_quiet_line, NULL };
	char cmd[128];
	int rc;

	snprintf(cmd, sizeof(cmd), "LISTUSER %s NORACF", userid);
	if (racf_sim_command(h, userid, cmd, strlen(cmd), &out) == 0)
		return 0;
	snprintf(cmd, sizeof(cmd), "ADDUSER %s NAME('ESMGATE AGENT') "
	    "DFLTGRP(SYS1) OWNER(SYS1) SPECIAL", userid);
	rc = racf_sim_command(h, "IBMUSER", cmd, strlen(cmd), &out);
	if (rc != 0) {
		snprintf(err, errlen, "the agent's userid %s is not defined "
		    "and could not be defined (RC %d)", userid, rc);
		return -1;
	}
	log_info("defined the agent's userid %s with SPECIAL", userid);
	return 0;
}

const struct esm_driver driver_sim_racf = {
	.ed_name = "sim",
	.ed_esm = "racf",
	.ed_admin = "IBMUSER",
	.ed_allow = racf_allow,
	.ed_reads = racf_reads,
	.ed_ensure_user = racf_ensure_user,
	.ed_open = racf_sim_open,
	.ed_close = racf_sim_close,
	.ed_command = racf_sim_command,
	.ed_verify = racf_sim_verify,
	.ed_set_exit = racf_sim_set_exit,
	.ed_trim = racf_sim_trim,
	.ed_canonical = racf_canonical,
	.ed_targets = racf_targets,
	.ed_mask = racf_mask,
};
