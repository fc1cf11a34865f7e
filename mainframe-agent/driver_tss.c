/*
 * driver_tss.c - the "sim" driver for CA Top Secret, and what the agent
 * knows of TSS's command language without running a command: the
 * functions (ADD is ADDTO), the ACIDs a command names, and where
 * passwords stand in a command.
 *
 * A command's verb is its function, the word before "(acid)".  TSS
 * takes "TSS FUNCTION(acid) ..." as well as "FUNCTION(acid) ...", the
 * form its manuals print, so the leading TSS is read over: both name
 * the same verb (ADDTO for "TSS ADD(X)") and the same ACIDs.
 *
 * The target scan is deliberately stricter than TSS: anything it
 * cannot read with certainty makes it answer -1 and the agent refuses
 * the command, so a protected ACID cannot hide behind odd syntax.  It
 * refuses a comment anywhere, unbalanced quotes or parentheses, a
 * quoted ACID, and any keyword written without its operand but those
 * TSS takes bare (lib/tss_bare.c; TSS would silently ignore any other
 * and every keyword after it).  Every ACID a command names is a
 * target: those in FUNCTION(...) and the operands of DEPARTMENT,
 * DIVISION, ZONE, PROFILE, GROUP and DFLTGRP.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "tss_bare.h"
#include "mainframe-agent/driver.h"
#include "mainframe-agent/sim/tss/tss.h"

static const struct {
	const char	*alias;
	const char	*verb;
	int		 acids;		/* takes FUNCTION(acid...) */
} tss_verbs[] = {
	{ "CREATE", "CREATE", 1 }, { "DELETE", "DELETE", 1 },
	{ "ADDTO", "ADDTO", 1 }, { "ADD", "ADDTO", 1 },
	{ "REMOVE", "REMOVE", 1 }, { "REPLACE", "REPLACE", 1 },
	{ "LIST", "LIST", 1 }, { "PERMIT", "PERMIT", 1 },
	{ "REVOKE", "REVOKE", 1 }, { "WHOHAS", "WHOHAS", 0 },
};

/* Keywords whose operands are ACIDs. */
static const char *const tss_acid_kws[] = {
	"DEPARTMENT", "DEPT", "DIVISION", "DIV", "ZONE", "PROFILE", "GROUP",
	"DFLTGRP", NULL
};

static int
tss_verb_index(const char *verb, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(tss_verbs) / sizeof(tss_verbs[0]); i++)
		if (strlen(tss_verbs[i].alias) == len &&
		    strncasecmp(tss_verbs[i].alias, verb, len) == 0)
			return (int)i;
	return -1;
}

/* ---- a small token walker (quotes, parentheses, comments) ------------- */

enum tss_tok { TOK_END, TOK_WORD, TOK_QUOTED, TOK_LPAREN, TOK_RPAREN,
	TOK_COMMENT, TOK_BAD };

struct tss_scan {
	const char	*ts_p;
	const char	*ts_end;
	const char	*ts_tok;
	size_t		 ts_len;
};

static int
tss_at_comment(const struct tss_scan *s, const char *p)
{
	return p + 1 < s->ts_end && p[0] == '/' && p[1] == '*';
}

static int
tss_is_delim(const struct tss_scan *s, const char *p)
{
	return *p == ' ' || *p == ',' || *p == '(' || *p == ')' ||
	    *p == '\'' || tss_at_comment(s, p);
}

static enum tss_tok
tss_next(struct tss_scan *s)
{
	const char *p = s->ts_p;

	while (p < s->ts_end && (*p == ' ' || *p == ','))
		p++;
	s->ts_tok = p;
	s->ts_len = 0;
	if (p == s->ts_end)
		return TOK_END;
	if (tss_at_comment(s, p))
		return TOK_COMMENT;
	if (*p == '(' || *p == ')') {
		s->ts_p = p + 1;
		s->ts_len = 1;
		return *p == '(' ? TOK_LPAREN : TOK_RPAREN;
	}
	if (*p == '\'') {
		for (p++; p < s->ts_end; p++) {
			if (*p != '\'')
				continue;
			if (p + 1 < s->ts_end && p[1] == '\'') {
				p++;
				continue;
			}
			s->ts_p = p + 1;
			s->ts_len = (size_t)(s->ts_p - s->ts_tok);
			return TOK_QUOTED;
		}
		return TOK_BAD;
	}
	while (p < s->ts_end && !tss_is_delim(s, p))
		p++;
	s->ts_p = p;
	s->ts_len = (size_t)(p - s->ts_tok);
	/* A quote may not start inside a word. */
	if (p < s->ts_end && *p == '\'')
		return TOK_BAD;
	return TOK_WORD;
}

/* Is the word just read directly followed by '('? */
static int
tss_has_operand(const struct tss_scan *s)
{
	return s->ts_p < s->ts_end && *s->ts_p == '(';
}

static int
tss_word_is(const struct tss_scan *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == s->ts_len &&
		    strncasecmp(list[i], s->ts_tok, s->ts_len) == 0)
			return 1;
	return 0;
}

static int
tss_add_target(struct driver_targets *t, const char *id, size_t len)
{
	size_t i;

	if (len == 0 || len > 8)
		return -1;
	if (t->dt_n == DRIVER_MAX_TARGETS) {
		t->dt_overflow = 1;
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)id[i]) && id[i] != '@' &&
		    id[i] != '#' && id[i] != '$')
			return -1;
		t->dt_ids[t->dt_n][i] = (char)toupper((unsigned char)id[i]);
	}
	t->dt_ids[t->dt_n][len] = '\0';
	for (i = 0; i < (size_t)t->dt_n; i++)
		if (strcmp(t->dt_ids[i], t->dt_ids[t->dt_n]) == 0)
			return 0;
	t->dt_n++;
	return 0;
}

/* After '(': ACIDs up to ')'.  LIST(ACIDS) names every ACID. */
static int
tss_scan_ids(struct tss_scan *s, struct driver_targets *t, int list)
{
	enum tss_tok tok;
	int n = 0;

	while ((tok = tss_next(s)) != TOK_RPAREN) {
		if (tok != TOK_WORD || tss_has_operand(s))
			return -1;
		if (list && s->ts_len == 5 &&
		    strncasecmp(s->ts_tok, "ACIDS", 5) == 0)
			t->dt_all = 1;
		else if (tss_add_target(t, s->ts_tok, s->ts_len) == -1)
			return -1;
		n++;
	}
	return n > 0 ? 0 : -1;
}

/* After '(': skip a balanced operand list. */
static int
tss_skip_value(struct tss_scan *s)
{
	enum tss_tok tok;
	int depth = 1;

	while (depth > 0) {
		tok = tss_next(s);
		if (tok == TOK_END || tok == TOK_BAD || tok == TOK_COMMENT)
			return -1;
		if (tok == TOK_LPAREN)
			depth++;
		else if (tok == TOK_RPAREN)
			depth--;
	}
	return 0;
}

/* The keywords after FUNCTION(...). */
static int
tss_scan_keywords(struct tss_scan *s, struct driver_targets *t, int vi)
{
	enum tss_tok tok;

	while ((tok = tss_next(s)) != TOK_END) {
		if (tok != TOK_WORD)
			return -1;
		if (!tss_has_operand(s)) {
			if (tss_bare_is_allowed(tss_verbs[vi].verb,
			    strlen(tss_verbs[vi].verb), s->ts_tok, s->ts_len))
				continue;
			return -1;	/* TSS would ignore the rest */
		}
		if (tss_word_is(s, tss_acid_kws)) {
			(void)tss_next(s);
			if (tss_scan_ids(s, t, 0) == -1)
				return -1;
			continue;
		}
		(void)tss_next(s);
		if (tss_skip_value(s) == -1)
			return -1;
	}
	return 0;
}

/*
 * Read the function, after an optional "TSS " (the command processor's
 * name, not a function: "TSS(X)" is not that form); its index or -1.
 */
static int
tss_scan_verb(struct tss_scan *s)
{
	enum tss_tok tok;

	tok = tss_next(s);
	if (tok == TOK_WORD && s->ts_len == 3 &&
	    strncasecmp(s->ts_tok, "TSS", 3) == 0 && !tss_has_operand(s))
		tok = tss_next(s);
	if (tok != TOK_WORD)
		return -1;
	return tss_verb_index(s->ts_tok, s->ts_len);
}

static const char *
tss_canonical(const char *cmd, size_t len)
{
	struct tss_scan s = { cmd, cmd + len, NULL, 0 };
	int vi;

	vi = tss_scan_verb(&s);
	return vi == -1 ? NULL : tss_verbs[vi].verb;
}

static int
tss_targets(const char *cmd, size_t len, struct driver_targets *t)
{
	struct tss_scan s = { cmd, cmd + len, NULL, 0 };
	int vi;

	memset(t, 0, sizeof(*t));
	if ((vi = tss_scan_verb(&s)) == -1)
		return -1;
	if (tss_verbs[vi].acids) {
		if (!tss_has_operand(&s))
			return -1;
		(void)tss_next(&s);
		if (tss_scan_ids(&s, t, strcmp(tss_verbs[vi].verb,
		    "LIST") == 0) == -1)
			return -1;
	} else if (tss_has_operand(&s))
		return -1;
	return tss_scan_keywords(&s, t, vi);
}

/* Does the word just read name a password? */
static int
tss_is_secret_kw(const struct tss_scan *s)
{
	static const char *const words[] = { "PASSWORD", "PHRASE" };
	size_t i, j;

	for (i = 0; i < 2; i++)
		if (s->ts_len >= 2 && s->ts_len <= strlen(words[i]) &&
		    strncasecmp(s->ts_tok, words[i], s->ts_len) == 0)
			return 1;
	for (j = 0; j + 4 <= s->ts_len; j++)
		if (strncasecmp(s->ts_tok + j, "PASS", 4) == 0 ||
		    strncasecmp(s->ts_tok + j, "PSWD", 4) == 0 ||
		    (j + 3 <= s->ts_len &&
		    strncasecmp(s->ts_tok + j, "PWD", 3) == 0))
			return 1;
	return 0;
}

/*
 * Mask the operands of every password keyword: "REPLACE(U1)
 * PASSWORD(SECRET,30,EXP)" -> "REPLACE(U1) PASSWORD(********)".  What
 * cannot be read with certainty is masked to the end of the line: text
 * after a comment, an unbalanced quote or parenthesis, or a password
 * keyword written without its operand.
 */
static void
tss_mask(const char *cmd, size_t len, char *out, size_t outlen)
{
	struct tss_scan s = { cmd, cmd + len, NULL, 0 };
	const char *copied = cmd;
	enum tss_tok tok;
	size_t used = 0, n;
	int rest = 0, depth = 0;

	if (outlen == 0)
		return;
#define EMIT(p, l) do {						\
	n = (l) < outlen - 1 - used ? (l) : outlen - 1 - used;	\
	memcpy(out + used, (p), n);				\
	used += n;						\
} while (0)
	while ((tok = tss_next(&s)) != TOK_END) {
		if (tok == TOK_BAD || tok == TOK_COMMENT) {
			EMIT(copied, (size_t)(s.ts_tok - copied));
			rest = 1;
			break;
		}
		if (tok == TOK_LPAREN)
			depth++;
		else if (tok == TOK_RPAREN && --depth < 0) {
			EMIT(copied, (size_t)(s.ts_tok - copied));
			rest = 1;
			break;
		}
		if (tok != TOK_WORD || !tss_is_secret_kw(&s))
			continue;
		/* A bare operand, as in DATA(PASSWORD), is no keyword. */
		if (!tss_has_operand(&s) && depth > 0)
			continue;
		if (!tss_has_operand(&s)) {
			EMIT(copied, (size_t)(s.ts_p - copied));
			EMIT(" ", 1);
			rest = 1;
			break;
		}
		(void)tss_next(&s);
		EMIT(copied, (size_t)(s.ts_p - copied));
		if (tss_skip_value(&s) == -1) {
			rest = 1;
			break;
		}
		EMIT("********", 8);
		copied = s.ts_p - 1;
	}
	if (rest)
		EMIT("********", 8);
	else
		EMIT(copied, (size_t)(s.ts_end - copied));
#undef EMIT
	out[used] = '\0';
}

/* ---- the embedded simulator ------------------------------------------- */

static void *
tss_sim_open(const struct driver_opts *o, char *err, size_t errlen)
{
	struct tss_opts to;

	memset(&to, 0, sizeof(to));
	to.to_path = o->do_path;
	to.to_nosync = o->do_nosync;
	to.to_kdf_iterations = o->do_kdf_iterations;
	return tss_open(&to, err, errlen);
}

static void
tss_sim_close(void *h)
{
	tss_close(h);
}

static int
tss_sim_command(void *h, const char *issuer, const char *cmd, size_t len,
    const struct esm_out *out)
{
	return tss_command(h, issuer, cmd, len, out);
}

static int
tss_sim_verify(void *h, const char *acid, const char *pw, const char *newpw,
    const struct esm_out *out)
{
	return tss_verify(h, acid, pw, newpw, out);
}

static void
tss_sim_set_exit(void *h, esm_exit_fn fn, void *arg)
{
	tss_set_exit(h, fn, arg);
}

static void
tss_sim_trim(void *h)
{
	tss_trim(h);
}

static const char *const tss_allow[] = {
	"CREATE", "DELETE", "ADDTO", "REMOVE", "REPLACE", "LIST", "PERMIT",
	"REVOKE", "WHOHAS", NULL
};

static const char *const tss_reads[] = { "LIST", "WHOHAS", NULL };

static int
tss_quiet_line(void *arg, const char *line, size_t len)
{
	(void)arg;
	log_debug(LOG_CAT_SIM, "setup: %.*s", (int)len, line);
	return 0;
}

/* The agent's ACID, created a central administrator when missing. */
static int
tss_ensure_user(void *h, const char *acid, char *err, size_t errlen)
{
	struct esm_out out = { tss_quiet_line, NULL };
	char cmd[128];
	int rc;

	snprintf(cmd, sizeof(cmd), "LIST(%s) DATA(BASIC)", acid);
	if (tss_sim_command(h, acid, cmd, strlen(cmd), &out) == 0)
		return 0;
	snprintf(cmd, sizeof(cmd), "CREATE(%s) TYPE(SCA) NAME('ESMGATE "
	    "AGENT') DEPARTMENT(%s)", acid, TSS_MSCA_DEPT);
	rc = tss_sim_command(h, TSS_MSCA, cmd, strlen(cmd), &out);
	if (rc != 0) {
		snprintf(err, errlen, "the agent's ACID %s is not defined "
		    "and could not be defined (RC %d)", acid, rc);
		return -1;
	}
	log_info("defined the agent's ACID %s as a central security "
	    "administrator", acid);
	return 0;
}

const struct esm_driver driver_sim_tss = {
	.ed_name = "sim",
	.ed_esm = "tss",
	.ed_admin = TSS_MSCA,
	.ed_allow = tss_allow,
	.ed_reads = tss_reads,
	.ed_ensure_user = tss_ensure_user,
	.ed_open = tss_sim_open,
	.ed_close = tss_sim_close,
	.ed_command = tss_sim_command,
	.ed_verify = tss_sim_verify,
	.ed_set_exit = tss_sim_set_exit,
	.ed_trim = tss_sim_trim,
	.ed_canonical = tss_canonical,
	.ed_targets = tss_targets,
	.ed_mask = tss_mask,
};
