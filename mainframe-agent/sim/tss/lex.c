/*
 * lex.c - read one TSS command line the way the TSS command processor
 * does, so that no value can ever become a keyword.
 *
 * The whole line is checked first: valid UTF-8 made only of characters
 * of the EBCDIC code page IBM-1047 (U+0020-U+00FF without the C1
 * controls), so a newline, a NUL or any control character is an error
 * rather than a second command.  Blanks and commas delimit tokens; a
 * word directly followed by '(' owns the operands up to the matching
 * ')'; '...' is one token in which '' stands for one quote, and a quote
 * may neither start nor end inside a word; parentheses must balance.
 * TSS accepts comments: "/" "*" up to "*" "/" outside a quoted string
 * counts as a blank, and one left open runs to the end of the line, as
 * TSS reads it.  Unquoted words are folded to upper case; quoted
 * strings keep their case.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/simchar.h"
#include "mainframe-agent/sim/common/simlex.h"

#include "lex.h"

struct lexer {
	const char	*lx_p;
	const char	*lx_end;
	char		*lx_err;
	size_t		 lx_errlen;
};

static int	tlex_seq(struct lexer *, int, struct tlx_node **);

int
tlex_charset(const char *s, size_t len, char *err, size_t errlen)
{
	size_t off = 0;
	long cp = 0;

	switch (simchar_check(s, len, &off, &cp)) {
	case SIMCHAR_NOT_UTF8:
	case SIMCHAR_NOT_1047:
		snprintf(err, errlen, "TSS0230E  INVALID CHARACTER AT "
		    "OFFSET %zu: NOT UTF-8 OF CODE PAGE IBM-1047", off);
		return -1;
	case SIMCHAR_CONTROL:
		snprintf(err, errlen, "TSS0230E  INVALID CHARACTER "
		    "X'%02lX' AT OFFSET %zu: CONTROL CHARACTERS ARE "
		    "NOT ALLOWED", cp, off);
		return -1;
	default:
		return 0;
	}
}

/* Characters in a string already checked by tlex_charset(). */
size_t
tlex_nchars(const char *s)
{
	return simchar_count(s);
}

static int
tlex_is_comment(const struct lexer *lx)
{
	return lx->lx_p + 1 < lx->lx_end && lx->lx_p[0] == '/' &&
	    lx->lx_p[1] == '*';
}

/* Skip blanks, commas and comments. */
static void
tlex_skip(struct lexer *lx)
{
	const char *e;

	for (;;) {
		while (lx->lx_p < lx->lx_end &&
		    (*lx->lx_p == ' ' || *lx->lx_p == ','))
			lx->lx_p++;
		if (!tlex_is_comment(lx))
			return;
		e = NULL;
		if (lx->lx_p + 2 < lx->lx_end)
			e = memmem(lx->lx_p + 2, lx->lx_end - lx->lx_p - 2,
			    "*/", 2);
		lx->lx_p = e == NULL ? lx->lx_end : e + 2;
	}
}

static int
tlex_is_delim(const struct lexer *lx)
{
	char c = *lx->lx_p;

	return c == ' ' || c == ',' || c == '(' || c == ')' || c == '\'' ||
	    tlex_is_comment(lx);
}

static struct tlx_node *
tlex_node_new(enum tlex_kind kind, const char *text, size_t len)
{
	struct tlx_node *n;

	n = xcalloc(1, sizeof(*n));
	n->ln_kind = kind;
	n->ln_text = xstrndup(text, len);
	n->ln_len = len;
	return n;
}

static int
tlex_string(struct lexer *lx, struct tlx_node **out)
{
	const char *p;
	char *buf;
	size_t n;

	switch (simlex_quoted(lx->lx_p, lx->lx_end, &buf, &n, &p)) {
	case SIMLEX_OPEN:
		snprintf(lx->lx_err, lx->lx_errlen,
		    "TSS0231E  UNBALANCED QUOTES");
		return -1;
	case SIMLEX_NODELIM:
		snprintf(lx->lx_err, lx->lx_errlen, "TSS0231E  A DELIMITER "
		    "MUST FOLLOW THE CLOSING QUOTE");
		return -1;
	default:
		break;
	}
	*out = tlex_node_new(TLX_STRING, buf, n);
	free(buf);
	lx->lx_p = p;
	return 0;
}

static int
tlex_word(struct lexer *lx, int depth, struct tlx_node **out)
{
	const char *s = lx->lx_p;
	struct tlx_node *n;
	size_t i;

	while (lx->lx_p < lx->lx_end && !tlex_is_delim(lx))
		lx->lx_p++;
	if (lx->lx_p < lx->lx_end && *lx->lx_p == '\'') {
		snprintf(lx->lx_err, lx->lx_errlen, "TSS0231E  A QUOTE MAY "
		    "NOT START INSIDE %.*s",
		    (int)(lx->lx_p - s > 40 ? 40 : lx->lx_p - s), s);
		return -1;
	}
	n = tlex_node_new(TLX_WORD, s, lx->lx_p - s);
	for (i = 0; i < n->ln_len; i++)
		if (n->ln_text[i] >= 'a' && n->ln_text[i] <= 'z')
			n->ln_text[i] -= 'a' - 'A';
	*out = n;
	if (lx->lx_p < lx->lx_end && *lx->lx_p == '(') {
		lx->lx_p++;
		n->ln_hasargs = 1;
		if (tlex_seq(lx, depth + 1, &n->ln_args) == -1)
			return -1;
	}
	return 0;
}

static int
tlex_one(struct lexer *lx, int depth, struct tlx_node **out)
{
	if (*lx->lx_p == '\'')
		return tlex_string(lx, out);
	if (*lx->lx_p == '(') {
		lx->lx_p++;
		*out = tlex_node_new(TLX_LIST, "", 0);
		return tlex_seq(lx, depth + 1, &(*out)->ln_args);
	}
	return tlex_word(lx, depth, out);
}

/* Tokens up to the end of the line (depth 0) or the closing ')'. */
static int
tlex_seq(struct lexer *lx, int depth, struct tlx_node **head)
{
	struct tlx_node **tail = head;

	if (depth > TLEX_MAXDEPTH) {
		snprintf(lx->lx_err, lx->lx_errlen,
		    "TSS0232E  PARENTHESES NESTED TOO DEEPLY");
		return -1;
	}
	for (;;) {
		tlex_skip(lx);
		if (lx->lx_p >= lx->lx_end) {
			if (depth == 0)
				return 0;
			snprintf(lx->lx_err, lx->lx_errlen,
			    "TSS0232E  UNBALANCED PARENTHESES, MISSING )");
			return -1;
		}
		if (*lx->lx_p == ')') {
			if (depth == 0) {
				snprintf(lx->lx_err, lx->lx_errlen,
				    "TSS0232E  UNBALANCED PARENTHESES, "
				    "UNEXPECTED )");
				return -1;
			}
			lx->lx_p++;
			return 0;
		}
		if (tlex_one(lx, depth, tail) == -1)
			return -1;
		tail = &(*tail)->ln_next;
	}
}

int
tlex_parse(const char *cmd, size_t len, struct tlx_node **out, char *err,
    size_t errlen)
{
	struct lexer lx;

	*out = NULL;
	if (len > TLEX_MAXCMD) {
		snprintf(err, errlen, "TSS0230E  COMMAND LONGER THAN %d BYTES",
		    TLEX_MAXCMD);
		return -1;
	}
	if (tlex_charset(cmd, len, err, errlen) == -1)
		return -1;
	lx.lx_p = cmd;
	lx.lx_end = cmd + len;
	lx.lx_err = err;
	lx.lx_errlen = errlen;
	if (tlex_seq(&lx, 0, out) == -1) {
		tlex_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void
tlex_free(struct tlx_node *n)
{
	struct tlx_node *next;

	for (; n != NULL; n = next) {
		next = n->ln_next;
		tlex_free(n->ln_args);
		free(n->ln_text);
		free(n);
	}
}

size_t
tlex_count(const struct tlx_node *n)
{
	size_t c = 0;

	for (; n != NULL; n = n->ln_next)
		c++;
	return c;
}
