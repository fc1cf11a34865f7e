/*
 * lex.c - turn one RACF command line into operands the way TSO parse
 * does, so that no value can ever become an operand.
 *
 * The whole line is checked first: it must be valid UTF-8 made only of
 * characters that exist in the EBCDIC code page IBM-1047, so a newline,
 * NUL or any other control character ends the command with an error
 * rather than starting a second one.  Then the lexer reads blanks and
 * commas as delimiters; '...' is one token where '' stands for a single
 * quote; a quote may neither start nor end in the middle of a word; a
 * word directly followed by '(' owns the list up to the matching ')';
 * parentheses must balance.  Unquoted words are folded to upper case as
 * TSO folds unquoted operands; quoted strings keep their case.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/simlex.h"

#include "lex.h"
#include "rules.h"

struct lexer {
	const char	*lx_p;
	const char	*lx_end;
	char		*lx_err;
	size_t		 lx_errlen;
};

static int	lex_seq(struct lexer *, int, struct lx_node **);

static int
lex_is_delim(char c)
{
	return c == ' ' || c == ',' || c == '(' || c == ')' || c == '\'';
}

static struct lx_node *
lex_node_new(enum lex_kind kind, const char *text, size_t len)
{
	struct lx_node *n;

	n = xcalloc(1, sizeof(*n));
	n->ln_kind = kind;
	n->ln_text = xstrndup(text, len);
	n->ln_len = len;
	return n;
}

/* A quoted string: the opening quote is at lx_p. */
static int
lex_string(struct lexer *lx, struct lx_node **out)
{
	const char *p;
	char *buf;
	size_t n;

	switch (simlex_quoted(lx->lx_p, lx->lx_end, &buf, &n, &p)) {
	case SIMLEX_OPEN:
		snprintf(lx->lx_err, lx->lx_errlen,
		    "IKJ56712I UNTERMINATED QUOTED STRING");
		return -1;
	case SIMLEX_NODELIM:
		snprintf(lx->lx_err, lx->lx_errlen, "IKJ56712I INVALID "
		    "QUOTED STRING, A DELIMITER MUST FOLLOW THE CLOSING QUOTE");
		return -1;
	default:
		break;
	}
	*out = lex_node_new(LX_STRING, buf, n);
	free(buf);
	lx->lx_p = p;
	return 0;
}

static int
lex_word(struct lexer *lx, int depth, struct lx_node **out)
{
	const char *s = lx->lx_p;
	struct lx_node *n;
	size_t i;

	while (lx->lx_p < lx->lx_end && !lex_is_delim(*lx->lx_p))
		lx->lx_p++;
	if (lx->lx_p < lx->lx_end && *lx->lx_p == '\'') {
		snprintf(lx->lx_err, lx->lx_errlen, "IKJ56712I INVALID "
		    "QUOTED STRING, A QUOTE MAY NOT START INSIDE %.*s",
		    (int)(lx->lx_p - s > 40 ? 40 : lx->lx_p - s), s);
		return -1;
	}
	n = lex_node_new(LX_WORD, s, lx->lx_p - s);
	for (i = 0; i < n->ln_len; i++)
		if (n->ln_text[i] >= 'a' && n->ln_text[i] <= 'z')
			n->ln_text[i] -= 'a' - 'A';
	*out = n;
	if (lx->lx_p < lx->lx_end && *lx->lx_p == '(') {
		lx->lx_p++;
		n->ln_hasargs = 1;
		if (lex_seq(lx, depth + 1, &n->ln_args) == -1)
			return -1;
	}
	return 0;
}

/* One operand at lx_p (not a delimiter, not ')'). */
static int
lex_one(struct lexer *lx, int depth, struct lx_node **out)
{
	if (*lx->lx_p == '\'')
		return lex_string(lx, out);
	if (*lx->lx_p == '(') {
		lx->lx_p++;
		*out = lex_node_new(LX_LIST, "", 0);
		return lex_seq(lx, depth + 1, &(*out)->ln_args);
	}
	return lex_word(lx, depth, out);
}

/*
 * Operands up to the end of the line (depth 0) or up to the ')' that
 * closes the list opened at this depth.
 */
static int
lex_seq(struct lexer *lx, int depth, struct lx_node **head)
{
	struct lx_node **tail = head;

	if (depth > LEX_MAXDEPTH) {
		snprintf(lx->lx_err, lx->lx_errlen,
		    "IKJ56712I PARENTHESES NESTED TOO DEEPLY");
		return -1;
	}
	for (;;) {
		while (lx->lx_p < lx->lx_end &&
		    (*lx->lx_p == ' ' || *lx->lx_p == ','))
			lx->lx_p++;
		if (lx->lx_p >= lx->lx_end) {
			if (depth == 0)
				return 0;
			snprintf(lx->lx_err, lx->lx_errlen,
			    "IKJ56712I UNBALANCED PARENTHESES, MISSING )");
			return -1;
		}
		if (*lx->lx_p == ')') {
			if (depth == 0) {
				snprintf(lx->lx_err, lx->lx_errlen,
				    "IKJ56712I UNBALANCED PARENTHESES, "
				    "UNEXPECTED )");
				return -1;
			}
			lx->lx_p++;
			return 0;
		}
		if (lex_one(lx, depth, tail) == -1)
			return -1;
		tail = &(*tail)->ln_next;
	}
}

int
lex_parse(const char *cmd, size_t len, struct lx_node **out, char *err,
    size_t errlen)
{
	struct lexer lx;

	*out = NULL;
	if (len > LEX_MAXCMD) {
		snprintf(err, errlen, "IKJ56712I COMMAND LONGER THAN %d BYTES",
		    LEX_MAXCMD);
		return -1;
	}
	if (rules_charset(cmd, len, "COMMAND", err, errlen) == -1)
		return -1;
	lx.lx_p = cmd;
	lx.lx_end = cmd + len;
	lx.lx_err = err;
	lx.lx_errlen = errlen;
	if (lex_seq(&lx, 0, out) == -1) {
		lex_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void
lex_free(struct lx_node *n)
{
	struct lx_node *next;

	for (; n != NULL; n = next) {
		next = n->ln_next;
		lex_free(n->ln_args);
		free(n->ln_text);
		free(n);
	}
}

size_t
lex_count(const struct lx_node *n)
{
	size_t c = 0;

	for (; n != NULL; n = n->ln_next)
		c++;
	return c;
}
