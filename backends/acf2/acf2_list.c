/*
 * acf2_list.c - LIST and DECOMP output, streamed, to entries.
 *
 * The layouts are ACF2's as the simulator prints them (mainframe-agent/
 * sim/acf2/list.c and rule.c document them).  The parser is a
 * line-at-a-time state machine that keeps nothing but the record being
 * read, so lines may arrive in chunks cut anywhere and a listing of
 * 100,000 logonids needs the memory of one.
 *
 * LIST: a line starting in column 1 is a record's first line (the LID
 * in columns 1-8, blanks to column 47, the NAME from column 48) or an
 * ACF2 message (ACF6C011W ..., the ACF6C041I count); " NAME" (one
 * blank) is a section heading; "  tokens" (two blanks) are the
 * section's KEYWORD(value) tokens and flag words, a value quoted with
 * '' for a quote when it holds a blank, comma, parenthesis or quote.
 * Empty lines separate records.  An unknown section's tokens are
 * skipped (ACF2 prints more than the map reads); a token that does not
 * parse, or any other line, means this is not LIST output.
 *
 * DECOMP: "ACF6R790I RULE k STORED BY x ON stamp" starts a rule set,
 * "$KEY(k)" names it ("$KEY(k) TYPE(t)" a resource rule set), and each
 * following line that starts with a blank is one rule entry; ACF6R771W
 * says a key has none.
 *
 * The enumeration that comes first (LIST LIKE(mask) LIDS, SET RULE
 * LIST, SET RESOURCE(-) LIST) and the listing commands are written
 * here too, next to the output they ask for.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "backends/map.h"
#include "backends/quote.h"
#include "gateway/entry.h"

#include "acf2_list.h"
#include "acf2_quote.h"

#define AL_MAXLINE	8192
#define AL_NAMECOL	47	/* NAME starts in column 48 */
#define AL_KEYMAX	32	/* longest KEYWORD of a token */

static const char *const acf2_sections[] = {
	"ACCESS", "CANCEL/SUSPEND", "CICS", "IDENTIFICATION", "PASSWORD",
	"PRIVILEGES", "RESTRICTIONS", "STATISTICS", "TSO"
};
#define AL_NSECT	(sizeof(acf2_sections) / sizeof(acf2_sections[0]))

struct acf2_list {
	enum acf2_list_kind	 al_kind;
	struct map_listing	 al_ls;		/* the record, the entries */
	int			 al_keyed;	/* DECOMP: $KEY seen */
	const char		*al_sect;	/* LIST: section, NULL none */
	char			 al_line[AL_MAXLINE + 1];
	char			 al_val[AL_MAXLINE + 1];
};

enum map_class
acf2_list_class(enum acf2_list_kind kind)
{
	return kind == ACF2_LIST_LIDS ? MAP_USER : kind == ACF2_LIST_RULES ?
	    MAP_GROUP : MAP_RESOURCE;
}

struct acf2_list *
acf2_list_new(enum acf2_list_kind kind, const struct map *m,
    const struct schema *schema, const char *suffix, acf2_list_cb cb,
    void *arg)
{
	struct acf2_list *al;

	al = xcalloc(1, sizeof(*al));
	al->al_kind = kind;
	map_listing_init(&al->al_ls, acf2_list_class(kind), m, schema,
	    suffix, cb, arg);
	return al;
}

void
acf2_list_free(struct acf2_list *al)
{
	if (al == NULL)
		return;
	map_listing_clear(&al->al_ls);
	free(al);
}

size_t
acf2_list_nmessages(const struct acf2_list *al)
{
	return al->al_ls.ml_nmessages;
}

size_t
acf2_list_nrecords(const struct acf2_list *al)
{
	return al->al_ls.ml_nrecords;
}

/* A record starts; the one before goes to the callback. */
static void
acf2_list_start(struct acf2_list *al)
{
	map_listing_start(&al->al_ls, NULL, NULL);
	al->al_keyed = 0;
	al->al_sect = NULL;
}

/* ACF6C011W, ACF6R771W, ACF01004E ...: "ACF" + 5 + I/W/E, a blank. */
static int
acf2_list_is_message(const char *s, size_t n)
{
	return n >= 10 && memcmp(s, "ACF", 3) == 0 && s[9] == ' ' &&
	    strchr("IWE", s[8]) != NULL;
}

static int
acf2_list_bad(const char *what, const char *s, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: not %s output: %.60s", what, what, s);
	return -1;
}

/* ---- LIST ---------------------------------------------------------- */

/*
 * A record's first line: a logonid, then blanks up to column 47 (or the
 * end of the line), then the NAME.  0 when it is one, -1 when not.
 */
static int
acf2_list_head(struct acf2_list *al, const char *s, size_t n)
{
	char id[ESM_ID_MAX + 1];
	const char *why;
	size_t k = strcspn(s, " "), i;

	if (k > ACF2_ID_LEN || esm_quote_id(s, k, id, &why) == -1 ||
	    memcmp(id, s, k) != 0)
		return -1;
	for (i = k; i < n && i < AL_NAMECOL; i++)
		if (s[i] != ' ')
			return -1;
	acf2_list_start(al);
	map_rec_add(&al->al_ls.ml_rec, "LID", id, k);
	if (n > AL_NAMECOL && strspn(s + AL_NAMECOL, " ") < n - AL_NAMECOL)
		map_rec_add(&al->al_ls.ml_rec, "NAME", s + AL_NAMECOL,
		    n - AL_NAMECOL);
	else
		map_rec_add(&al->al_ls.ml_rec, "NAME", id, k);
	return 0;
}

/* " SECTION": which one (al_sect), or NULL for one the map never reads. */
static void
acf2_list_section(struct acf2_list *al, const char *s)
{
	size_t i;

	al->al_sect = NULL;
	for (i = 0; i < AL_NSECT; i++)
		if (strcmp(s + 1, acf2_sections[i]) == 0)
			al->al_sect = acf2_sections[i];
}

/*
 * The value of KEYWORD( at *pp: bare up to ')' or quoted with ''.  The
 * decoded value goes to al_val; *pp moves past the ')'.  -1 when the
 * token is malformed.
 */
static int
acf2_list_value(struct acf2_list *al, const char **pp, size_t *vlen)
{
	const char *p = *pp;
	size_t o = 0;

	if (*p != '\'') {
		while (*p != '\0' && *p != ')' && *p != '(' && *p != '\'')
			al->al_val[o++] = *p++;
	} else {
		for (p++;; p++) {
			if (*p == '\0')
				return -1;
			if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				break;
			al->al_val[o++] = *p;
		}
		p++;
	}
	if (*p != ')' || (p[1] != ' ' && p[1] != '\0'))
		return -1;
	*pp = p + 1;
	*vlen = o;
	return 0;
}

/* "  TOKEN TOKEN ...": KEYWORD(value) pairs and flag words. */
static int
acf2_list_tokens(struct acf2_list *al, const char *s)
{
	char key[AL_KEYMAX + 1];
	const char *p = s + 2, *w;
	size_t k, vlen;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return 0;
		w = p;
		while (*p != '\0' && *p != ' ' && *p != '(' && *p != ')' &&
		    *p != '\'')
			p++;
		k = (size_t)(p - w);
		if (k == 0 || *p == ')' || *p == '\'')
			return -1;
		if (*p != '(') {
			if (al->al_sect != NULL)
				map_rec_add(&al->al_ls.ml_rec, al->al_sect, w, k);
			continue;
		}
		if (k > AL_KEYMAX)
			return -1;
		memcpy(key, w, k);
		key[k] = '\0';
		p++;
		if (acf2_list_value(al, &p, &vlen) == -1)
			return -1;
		if (al->al_sect != NULL)
			map_rec_add(&al->al_ls.ml_rec, key, al->al_val, vlen);
	}
}

static int
acf2_list_lid_line(struct acf2_list *al, const char *s, size_t n, char *err,
    size_t errlen)
{
	if (s[0] != ' ') {
		if (acf2_list_head(al, s, n) == 0)
			return 0;
		if (!acf2_list_is_message(s, n))
			return acf2_list_bad("LIST", s, err, errlen);
		al->al_ls.ml_nmessages++;
		return 0;
	}
	if (!al->al_ls.ml_open)
		return acf2_list_bad("LIST", s, err, errlen);
	if (s[1] != ' ') {
		acf2_list_section(al, s);
		return 0;
	}
	if (acf2_list_tokens(al, s) == -1) {
		snprintf(err, errlen, "LIST: a token of %.20s does not parse: "
		    "%.60s", al->al_sect != NULL ? al->al_sect : "a section",
		    s);
		return -1;
	}
	return 0;
}

/* ---- DECOMP -------------------------------------------------------- */

/* "ACF6R790I RULE k STORED BY x ON stamp": a rule set starts. */
static int
acf2_list_rule_head(struct acf2_list *al, const char *s)
{
	const char *by, *on;

	if (strncmp(s, "ACF6R790I RULE ", 15) != 0 ||
	    (by = strstr(s, " STORED BY ")) == NULL ||
	    (on = strstr(by, " ON ")) == NULL)
		return -1;
	acf2_list_start(al);
	by += 11;
	map_rec_add(&al->al_ls.ml_rec, "STORED-BY", by, strcspn(by, " "));
	on += 4;
	map_rec_add(&al->al_ls.ml_rec, "STORED-ON", on, strcspn(on, " "));
	return 0;
}

/*
 * "$KEY(k)", then the end of the line or a blank and more ("$KEY(k)
 * TYPE(t)", SET RULE LIST's "$KEY(k) ENTRIES(n) ..."), in s..s+n:
 * the length of k, 0 when the line is not that.
 */
static size_t
acf2_list_key(const char *s, size_t n)
{
	const char *close;

	if (n < 7 || memcmp(s, "$KEY(", 5) != 0 ||
	    (close = memchr(s + 5, ')', n - 5)) == NULL ||
	    (close + 1 < s + n && close[1] != ' '))
		return 0;
	return (size_t)(close - (s + 5));
}

/*
 * A resource rule's "$KEY(k) TYPE(t)" at s (n bytes): its name t/k
 * into name (ESM_NAME_MAX + 1), the type at *type (ACF2_RTYPE_LEN
 * bytes).  -1 when the line is not that.
 */
static int
acf2_list_resource(const char *s, size_t n, size_t k, char *name,
    const char **type)
{
	char buf[ESM_NAME_MAX + 2];
	const char *t = s + 5 + k + 1, *why;

	if (n < 5 + k + 2 + 5 + ACF2_RTYPE_LEN + 1 ||
	    memcmp(t, " TYPE(", 6) != 0 || t[6 + ACF2_RTYPE_LEN] != ')' ||
	    k > ACF2_RKEY_LEN)
		return -1;
	*type = t + 6;
	snprintf(buf, sizeof(buf), "%.*s/%.*s", ACF2_RTYPE_LEN, *type, (int)k,
	    s + 5);
	return acf2_quote_resource_name(buf, strlen(buf), name, &why);
}

/* DECOMP's "$KEY(k)" (a resource rule's "$KEY(k) TYPE(t)"). */
static int
acf2_list_rule_key(struct acf2_list *al, const char *s, size_t n)
{
	char name[ESM_NAME_MAX + 1];
	const char *type;
	size_t k = acf2_list_key(s, n);

	if (k == 0 || (al->al_kind == ACF2_LIST_RESOURCES &&
	    acf2_list_resource(s, n, k, name, &type) == -1))
		return -1;
	if (!al->al_ls.ml_open || al->al_keyed)
		acf2_list_start(al);
	map_rec_add(&al->al_ls.ml_rec, "$KEY", s + 5, k);
	if (al->al_kind == ACF2_LIST_RESOURCES) {
		map_rec_add(&al->al_ls.ml_rec, "TYPE", type, ACF2_RTYPE_LEN);
		map_rec_add(&al->al_ls.ml_rec, "RESOURCE", name, strlen(name));
	}
	al->al_keyed = 1;
	return 0;
}

static int
acf2_list_rule_line(struct acf2_list *al, const char *s, size_t n,
    char *err, size_t errlen)
{
	if (s[0] == ' ') {
		if (!al->al_keyed || n < 2 || s[1] == ' ')
			return acf2_list_bad("DECOMP", s, err, errlen);
		map_rec_add(&al->al_ls.ml_rec, "ENTRY", s + 1, n - 1);
		return 0;
	}
	if (strncmp(s, "$KEY(", 5) == 0) {
		if (acf2_list_rule_key(al, s, n) == -1)
			return acf2_list_bad("DECOMP", s, err, errlen);
		return 0;
	}
	if (acf2_list_rule_head(al, s) == 0)
		return 0;
	if (!acf2_list_is_message(s, n))
		return acf2_list_bad("DECOMP", s, err, errlen);
	al->al_ls.ml_nmessages++;
	return 0;
}

int
acf2_list_feed(struct acf2_list *al, const struct berval *lines,
    size_t nlines, char *err, size_t errlen)
{
	size_t i, n;

	for (i = 0; i < nlines; i++) {
		if (map_list_line(&lines[i], al->al_line, sizeof(al->al_line),
		    &n, err, errlen) == -1)
			return -1;
		if (n == 0)
			continue;
		if ((al->al_kind == ACF2_LIST_LIDS ?
		    acf2_list_lid_line(al, al->al_line, n, err, errlen) :
		    acf2_list_rule_line(al, al->al_line, n, err, errlen)) == -1)
			return -1;
	}
	return 0;
}

int
acf2_list_end(struct acf2_list *al, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	map_listing_flush(&al->al_ls, NULL, NULL);
	return 0;
}

/* A resource rule set's key: what follows TYPE/ in its name. */
static const char *
acf2_resource_key(const char *name)
{
	return name + ACF2_RTYPE_LEN + 1;
}

char *
acf2_list_command(enum acf2_list_kind kind, const char *const *ids, size_t n)
{
	char verb[32];
	size_t i, len, cap;
	char *buf;

	if (kind == ACF2_LIST_LIDS)
		snprintf(verb, sizeof(verb), "LIST");
	else if (kind == ACF2_LIST_RULES)
		snprintf(verb, sizeof(verb), "SET RULE DECOMP");
	else
		snprintf(verb, sizeof(verb), "SET RESOURCE(%.*s) DECOMP",
		    ACF2_RTYPE_LEN, ids[0]);
	cap = strlen(verb) + 1;
	for (i = 0; i < n; i++)
		cap += strlen(ids[i]) + 1;
	buf = xmalloc(cap);
	len = (size_t)snprintf(buf, cap, "%s", verb);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len, " %s",
		    kind == ACF2_LIST_RESOURCES ? acf2_resource_key(ids[i]) :
		    ids[i]);
	return buf;
}

int
acf2_list_together(enum acf2_list_kind kind, const char *a, const char *b)
{
	return kind != ACF2_LIST_RESOURCES ||
	    strncmp(a, b, ACF2_RTYPE_LEN) == 0;
}

/* Resource rule sets: all types, or the keys of one type by prefix. */
static char *
acf2_list_enum_resources(const char *prefix)
{
	char *cmd;

	if (prefix == NULL || strlen(prefix) <= ACF2_RTYPE_LEN + 1)
		xasprintf(&cmd, "SET RESOURCE(-) LIST");
	else
		xasprintf(&cmd, "SET RESOURCE(%.*s) LIST LIKE(%s-)",
		    ACF2_RTYPE_LEN, prefix, acf2_resource_key(prefix));
	return cmd;
}

char *
acf2_list_enum_command(enum acf2_list_kind kind, const char *prefix)
{
	char *cmd;

	if (kind == ACF2_LIST_RESOURCES)
		return acf2_list_enum_resources(prefix);
	if (kind == ACF2_LIST_RULES)
		xasprintf(&cmd, "SET RULE LIST%s%s%s", prefix != NULL ?
		    " LIKE(" : "", prefix != NULL ? prefix : "",
		    prefix != NULL ? "-)" : "");
	else
		xasprintf(&cmd, "LIST LIKE(%s%s) LIDS", prefix != NULL ?
		    prefix : "", prefix == NULL || strlen(prefix) <
		    ACF2_ID_LEN ? "-" : "");
	return cmd;
}

int
acf2_list_enum_line(enum acf2_list_kind kind, const char *s, size_t n,
    char *id)
{
	const char *why, *type;
	size_t k;

	if (kind != ACF2_LIST_LIDS && n >= 5 && memcmp(s, "$KEY(", 5) == 0) {
		if ((k = acf2_list_key(s, n)) == 0)
			return -1;
		if (kind == ACF2_LIST_RESOURCES)
			return acf2_list_resource(s, n, k, id, &type);
		return esm_quote_id(s + 5, k, id, &why);
	}
	if (kind != ACF2_LIST_LIDS || n == 0 || memchr(s, ' ', n) != NULL)
		return -1;
	return esm_quote_id(s, n, id, &why);
}
