/*
 * lex.c - turn one ACF subcommand line into operands the way the ACF
 * command processor reads them, so that no value can become an operand.
 *
 * The whole line is checked first: valid UTF-8 of characters that exist
 * in code page IBM-1047, so a newline, NUL or other control character
 * ends the command with an error instead of starting a second one.
 * Blanks and commas separate operands.  A word directly followed by '('
 * owns the value up to the matching ')'; ACF2 takes the text between
 * the parentheses as the value, blanks included (NAME(JOHN SMITH)).  A
 * value may be one quoted string, '...' with '' for a quote, which
 * keeps its case and may hold any character including ')' and ','.
 * Parentheses must balance, a quote must close, and a delimiter must
 * follow a ')' or a closing quote.  Unquoted text is folded to upper
 * case as TSO folds it.  Two things ACF2 would not see in a subcommand
 * are refused outright when they are not quoted: ';' (a command
 * separator elsewhere in TSO) and a slash-asterisk (a comment, or end
 * of input in batch), so neither can cut a value short or hide an operand.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "field.h"
#include "lex.h"

struct lexer {
	const char	*lx_p;
	const char	*lx_end;
	char		*lx_err;
	size_t		 lx_errlen;
};

static int
alex_fail(struct lexer *lx, const char *msg)
{
	snprintf(lx->lx_err, lx->lx_errlen, "ACF6C020E %s", msg);
	return -1;
}

static int
alex_is_blank(char c)
{
	return c == ' ' || c == ',';
}

/* Checks on unquoted text: no ';' and no comment. */
static int
alex_plain(struct lexer *lx, const char *p)
{
	if (*p == ';')
		return alex_fail(lx, "INVALID CHARACTER ; IN COMMAND, "
		    "ENCLOSE IT IN QUOTES");
	if (*p == '/' && p + 1 < lx->lx_end && p[1] == '*')
		return alex_fail(lx, "COMMENTS ARE NOT ACCEPTED IN A COMMAND");
	return 0;
}

/* Skip a quoted string whose opening quote is at p; returns past it. */
static const char *
alex_skip_quoted(struct lexer *lx, const char *p)
{
	for (p++; p < lx->lx_end; p++) {
		if (*p != '\'')
			continue;
		if (p + 1 < lx->lx_end && p[1] == '\'') {
			p++;
			continue;
		}
		return p + 1;
	}
	alex_fail(lx, "UNTERMINATED QUOTED STRING");
	return NULL;
}

/* Unquote s..e (starts and ends with a quote) into a new string. */
static char *
alex_unquote(const char *s, const char *e)
{
	char *buf = xmalloc(e - s + 1);
	size_t n = 0;

	for (s++, e--; s < e; s++) {
		buf[n++] = *s;
		if (*s == '\'')
			s++;
	}
	buf[n] = '\0';
	return buf;
}

static int
alex_delim_follows(struct lexer *lx, const char *p)
{
	if (p < lx->lx_end && !alex_is_blank(*p))
		return alex_fail(lx, "A BLANK OR COMMA MUST FOLLOW A CLOSING "
		    "PARENTHESIS OR QUOTE");
	return 0;
}

/* The value of KEYWORD( ... ): lx_p is just past '('. */
static int
alex_value(struct lexer *lx, struct lx_node *n)
{
	const char *s = lx->lx_p, *p = s, *a, *b;
	size_t i;
	int depth = 1, q = 0;

	while (depth > 0) {
		if (p >= lx->lx_end)
			return alex_fail(lx, "UNBALANCED PARENTHESES, "
				    "MISSING )");
		if (*p == '\'') {
			if ((p = alex_skip_quoted(lx, p)) == NULL)
				return -1;
			q = 1;
			continue;
		}
		if (alex_plain(lx, p) == -1)
			return -1;
		if (*p == '(' && ++depth > LEX_MAXDEPTH)
			return alex_fail(lx, "PARENTHESES NESTED TOO DEEPLY");
		if (*p == ')')
			depth--;
		p++;
	}
	lx->lx_p = p;
	n->ln_raw = xstrndup(s, p - 1 - s);
	for (a = s, b = p - 1; a < b && *a == ' '; a++)
		;
	while (b > a && b[-1] == ' ')
		b--;
	if (q && *a == '\'' && alex_skip_quoted(lx, a) == b) {
		n->ln_val = alex_unquote(a, b);
		n->ln_quoted = 1;
	} else {
		n->ln_val = xstrndup(a, b - a);
		for (i = 0, q = 0; n->ln_val[i] != '\0'; i++) {
			if (n->ln_val[i] == '\'')
				q = !q;
			else if (!q && n->ln_val[i] >= 'a' &&
			    n->ln_val[i] <= 'z')
				n->ln_val[i] -= 'a' - 'A';
		}
	}
	return alex_delim_follows(lx, lx->lx_p);
}

static int
alex_one(struct lexer *lx, struct lx_node **out)
{
	const char *s = lx->lx_p, *p;
	struct lx_node *n;
	size_t i;

	if (*s == ')')
		return alex_fail(lx, "UNBALANCED PARENTHESES, UNEXPECTED )");
	if (*s == '(')
		return alex_fail(lx, "UNEXPECTED (, A VALUE MUST FOLLOW ITS "
		    "KEYWORD");
	n = *out = xcalloc(1, sizeof(*n));
	if (*s == '\'') {
		if ((p = alex_skip_quoted(lx, s)) == NULL)
			return -1;
		n->ln_kind = LX_STRING;
		n->ln_text = alex_unquote(s, p);
		lx->lx_p = p;
		return alex_delim_follows(lx, p);
	}
	for (p = s; p < lx->lx_end && !alex_is_blank(*p) && *p != '(' &&
	    *p != ')' && *p != '\''; p++)
		if (alex_plain(lx, p) == -1)
			return -1;
	if (p < lx->lx_end && (*p == '\'' || *p == ')'))
		return alex_fail(lx, *p == '\'' ? "A QUOTE MAY NOT START "
		    "INSIDE A WORD" : "UNBALANCED PARENTHESES, UNEXPECTED )");
	n->ln_kind = LX_WORD;
	n->ln_text = xstrndup(s, p - s);
	for (i = 0; n->ln_text[i] != '\0'; i++)
		if (n->ln_text[i] >= 'a' && n->ln_text[i] <= 'z')
			n->ln_text[i] -= 'a' - 'A';
	lx->lx_p = p;
	if (p < lx->lx_end && *p == '(') {
		n->ln_hasval = 1;
		lx->lx_p = p + 1;
		return alex_value(lx, n);
	}
	return 0;
}

int
alex_parse(const char *cmd, size_t len, struct lx_node **out, char *err,
    size_t errlen)
{
	struct lx_node **tail = out;
	struct lexer lx;

	*out = NULL;
	if (len > LEX_MAXCMD) {
		snprintf(err, errlen, "ACF6C020E COMMAND LONGER THAN %d BYTES",
		    LEX_MAXCMD);
		return -1;
	}
	if (afield_charset(cmd, len, "COMMAND", err, errlen) == -1)
		return -1;
	lx.lx_p = cmd;
	lx.lx_end = cmd + len;
	lx.lx_err = err;
	lx.lx_errlen = errlen;
	for (;;) {
		while (lx.lx_p < lx.lx_end && alex_is_blank(*lx.lx_p))
			lx.lx_p++;
		if (lx.lx_p >= lx.lx_end)
			return 0;
		if (alex_one(&lx, tail) == -1) {
			alex_free(*out);
			*out = NULL;
			return -1;
		}
		tail = &(*tail)->ln_next;
	}
}

void
alex_free(struct lx_node *n)
{
	struct lx_node *next;

	for (; n != NULL; n = next) {
		next = n->ln_next;
		free(n->ln_text);
		free(n->ln_val);
		free(n->ln_raw);
		free(n);
	}
}
