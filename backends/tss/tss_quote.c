/*
 * tss_quote.c - CA Top Secret's rules for operand values, and their
 * quoting.
 *
 * The TSS command processor (and the simulator's lexer,
 * mainframe-agent/sim/tss/lex.c) reads blanks and commas as delimiters,
 * a word directly before '(' as the keyword owning the operands up to
 * the matching ')', and '...' as one string in which '' stands for a
 * quote; a quote may not start inside a word, and a delimiter must
 * follow the closing one.  Outside a string, "/" "*" up to "*" "/" is a
 * comment, and an open one runs to the end of the line, taking every
 * keyword after it away.  So a value can leave its operand only through
 * a quote, a delimiter, a parenthesis, a comment or a character that
 * ends the line.  Here every value becomes either a bare word of A-Z 0-9
 * # $ @ (ACIDs), which holds none of them, or a quoted string of
 * printable ASCII with each quote doubled, which the lexer reads back as
 * exactly the value, or a permission rebuilt from its parsed parts.
 *
 * Comments: the simulator's lexer and the agent's target scan
 * (mainframe-agent/driver_tss.c) see none inside a quoted string, but
 * what a TSS release does there is not ours to prove, and the agent
 * refuses any command it cannot read with certainty.  So a value holding
 * "/" "*" or "*" "/" is refused wherever it would go, and so is an empty
 * one (TSS takes a keyword without its operand as the end of what it
 * reads).  Control characters (newline, NUL, ...), DEL and anything
 * outside ASCII are refused: TSS holds EBCDIC, a newline would end the
 * command, and refusing is better than storing something other than
 * what the client sent.  A string never ends a command (templates close
 * it with a parenthesis), so TSO's trailing + and - continuation cannot
 * apply to it; tss_cmd.c checks every command for it all the same.
 *
 * Lengths come from the TSS command reference as the simulator keeps
 * them: NAME 32, HOME and OMVSPGM 1023, TSOCOMMAND 80, TSOLACCT 40; the
 * map carries them per field.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"

#include "backends/map.h"
#include "backends/quote.h"

#include "tss_quote.h"

/* TSS's reserved words: never an ACID (CREATE refuses them). */
static const char *const tss_reserved[] = { "ACIDS", "ALL", "TSS", NULL };

/* The resource classes PERMIT takes, and the longest name of each. */
static const struct {
	const char	*name;
	const char	*alias;		/* LIST's spelling, or NULL */
	size_t		 max;
} tss_classes[] = {
	{ "DSN", "DATASET", 44 }, { "IBMFAC", NULL, 246 },
	{ "PROGRAM", NULL, 8 }, { "OPERCMDS", NULL, 246 },
	{ "SURROGAT", NULL, 246 }, { "TSOAUTH", NULL, 246 },
	{ "JESSPOOL", NULL, 246 }, { "UNIXPRIV", NULL, 246 },
};
#define TSS_NCLASSES	(sizeof(tss_classes) / sizeof(tss_classes[0]))

/* TSS's access levels (PERMIT ACCESS). */
static const char *const tss_access[] = {
	"NONE", "FETCH", "READ", "EXECUTE", "WRITE", "UPDATE", "CREATE",
	"CONTROL", "SCRATCH", "ALTER", "ALL", NULL
};

static int
tss_is_national(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '#' || c == '$' || c == '@';
}

static char
tss_upper(char c)
{
	return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

int
tss_quote_id(const char *s, size_t len, char *out, const char **why)
{
	size_t i;

	if (len < 1 || len > TSS_ID_LEN) {
		*why = "must be 1 to 8 characters";
		return -1;
	}
	for (i = 0; i < len; i++) {
		out[i] = tss_upper(s[i]);
		if (!tss_is_national(out[i])) {
			*why = "may hold only A-Z, 0-9, #, $ and @";
			return -1;
		}
	}
	out[len] = '\0';
	for (i = 0; tss_reserved[i] != NULL; i++)
		if (strcmp(out, tss_reserved[i]) == 0) {
			*why = "is a word TSS reserves (ACIDS, ALL, TSS)";
			return -1;
		}
	return 0;
}

/* Would TSS read a comment's start or end in s? */
static int
tss_has_comment(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if ((s[i] == '/' && s[i + 1] == '*') ||
		    (s[i] == '*' && s[i + 1] == '/'))
			return 1;
	return 0;
}

/* What every operand value must pass: not empty, printable, no comment. */
static int
tss_check_operand(const char *s, size_t len, const char **why)
{
	if (len == 0) {
		*why = "is empty (TSS reads a keyword without its operand as "
		    "the end of the command)";
		return -1;
	}
	if (esm_quote_unprintable(s, len, why))
		return -1;
	if (tss_has_comment(s, len)) {
		*why = "holds /* or */, which TSS reads as a comment";
		return -1;
	}
	return 0;
}

int
tss_quote_string(const char *s, size_t len, size_t min, size_t max,
    char **out, const char **why)
{
	if (tss_check_operand(s, len, why) == -1)
		return -1;
	if (len < min || len > max) {
		*why = len < min ? "too short" : "too long";
		return -1;
	}
	if (s[len - 1] == ' ') {
		*why = "ends in a blank, which TSS LIST does not show";
		return -1;
	}
	*out = esm_quote_apostrophes(s, len);
	return 0;
}

int
tss_quote_password(const char *s, size_t len, char **out, const char **why)
{
	if (tss_check_operand(s, len, why) == -1)
		return -1;
	if (len > TSS_PW_LEN) {
		*why = "a TSS password is 1 to 8 characters";
		return -1;
	}
	if (memchr(s, ' ', len) != NULL) {
		*why = "a TSS password holds no blank";
		return -1;
	}
	*out = esm_quote_apostrophes(s, len);
	return 0;
}

const char *
tss_grant_class(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < TSS_NCLASSES; i++)
		if ((strlen(tss_classes[i].name) == len &&
		    strncasecmp(s, tss_classes[i].name, len) == 0) ||
		    (tss_classes[i].alias != NULL &&
		    strlen(tss_classes[i].alias) == len &&
		    strncasecmp(s, tss_classes[i].alias, len) == 0))
			return tss_classes[i].name;
	return NULL;
}

static size_t
tss_class_max(const char *cls)
{
	size_t i;

	for (i = 0; i < TSS_NCLASSES; i++)
		if (strcmp(cls, tss_classes[i].name) == 0)
			return tss_classes[i].max;
	return 0;
}

/* A resource name: characters that are no delimiter and no comment. */
static int
tss_is_res_char(char c)
{
	return tss_is_national(c) || strchr(".-_*%", c) != NULL;
}

/* "CLASS(" at s: the canonical class and the length eaten. */
static size_t
tss_grant_head(const char *s, size_t len, const char **cls)
{
	size_t n = 0;

	while (n < len && s[n] != '(')
		n++;
	if (n == len || (*cls = tss_grant_class(s, n)) == NULL)
		return 0;
	return n + 1;
}

/* One access level at s, folded into the list built in acc. */
static int
tss_grant_level(const char *s, size_t n, char *acc, size_t accsz,
    const char **why)
{
	char word[16], *p;
	size_t i, wl;

	*why = "names an access level TSS does not know (NONE, FETCH, READ, "
	    "EXECUTE, WRITE, UPDATE, CREATE, CONTROL, SCRATCH, ALTER, ALL)";
	if (n == 0 || n >= sizeof(word))
		return -1;
	for (i = 0; i < n; i++)
		word[i] = tss_upper(s[i]);
	word[n] = '\0';
	for (i = 0; tss_access[i] != NULL; i++)
		if (strcmp(tss_access[i], word) == 0)
			break;
	if (tss_access[i] == NULL)
		return -1;
	for (p = acc; (p = strstr(p, word)) != NULL; p += n)
		if ((p == acc || p[-1] == ',') && (p[n] == ',' ||
		    p[n] == '\0')) {
			*why = "names an access level twice";
			return -1;
		}
	wl = strlen(acc);
	if (wl + n + 2 > accsz)
		return -1;
	snprintf(acc + wl, accsz - wl, "%s%s", wl > 0 ? "," : "", word);
	return 0;
}

/* "ACCESS(level[,level...])" exactly, to the end of the value. */
static int
tss_grant_access(const char *s, size_t len, char *acc, size_t accsz,
    const char **why)
{
	size_t i, start;

	acc[0] = '\0';
	if (len < 8 || strncasecmp(s, "ACCESS(", 7) != 0 || s[len - 1] != ')') {
		*why = "must end in ACCESS(level[,level...])";
		return -1;
	}
	for (start = i = 7; i < len; i++) {
		if (s[i] != ',' && s[i] != ')')
			continue;
		if (tss_grant_level(s + start, i - start, acc, accsz,
		    why) == -1)
			return -1;
		start = i + 1;
	}
	return 0;
}

int
tss_quote_grant(const struct map_attr *ma, const char *s, size_t len,
    char **out, const char **why)
{
	char res[256 + 1], acc[96];
	const char *cls = NULL;
	size_t i, n, r = 0, max;

	(void)ma;
	*why = "is not a TSS permission: CLASS(resource) ACCESS(level)";
	if (tss_check_operand(s, len, why) == -1)
		return -1;
	if ((n = tss_grant_head(s, len, &cls)) == 0)
		return -1;
	max = tss_class_max(cls);
	for (i = n; i < len && s[i] != ')'; i++) {
		if (!tss_is_res_char(tss_upper(s[i])) || r == max) {
			*why = r == max ? "names a resource too long for its "
			    "class" : "names a resource with a character "
			    "other than A-Z 0-9 # $ @ . - _ * %";
			return -1;
		}
		res[r++] = tss_upper(s[i]);
	}
	res[r] = '\0';
	if (r == 0 || i == len)
		return -1;
	for (i++, n = 0; i < len && s[i] == ' '; i++)
		n++;
	if (n == 0)
		return -1;
	if (tss_grant_access(s + i, len - i, acc, sizeof(acc), why) == -1)
		return -1;
	xasprintf(out, "%s(%s) ACCESS(%s)", cls, res, acc);
	return 0;
}

int
tss_grant_key(const struct map_attr *ma, const char *grant, char **out)
{
	const char *p;

	(void)ma;
	if ((p = strstr(grant, ") ACCESS(")) == NULL)
		return -1;
	*out = xstrndup(grant, (size_t)(p - grant) + 1);
	return 0;
}

const struct esm_quoting tss_quoting = {
	.q_esm = "TSS",
	.q_id = tss_quote_id,
	.q_string = tss_quote_string,
	.q_password = tss_quote_password,
	.q_grant = tss_quote_grant,
	.q_grant_key = tss_grant_key,
};
