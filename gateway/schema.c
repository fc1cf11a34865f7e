/*
 * schema.c - the schema registry and the reader of .schema files.
 *
 * A registry starts with the syntaxes and matching rules match.c
 * implements; schema files add attribute types and object classes.  The
 * file format is OpenLDAP's: a statement starts in column 0, a line that
 * starts with white space continues it, '#' at the start of a line is a
 * comment.  Statements:
 *
 *	attributetype ( RFC 4512 AttributeTypeDescription )
 *	objectclass ( RFC 4512 ObjectClassDescription )
 *	objectidentifier NAME OID	  OID may be "MACRO:suffix"
 *
 * Each definition is parsed from its tokens, checked (every SUP, rule,
 * syntax and MUST/MAY names something already defined; no name or OID
 * twice), then added.  A file that fails leaves the definitions before
 * the failing one in place: callers discard a registry whose load failed
 * (startup stops, a reload keeps the old registry).
 *
 * Lookups go through one hash table keyed by (kind, lower-case name),
 * holding every name and OID of every definition.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway/schema.h"
#include "xmalloc.h"

enum schema_kind {
	SK_SYNTAX = 1,
	SK_MR,
	SK_AT,
	SK_OC,
};

struct schema_slot {
	const char	*ss_key;	/* borrowed from the definition */
	size_t		 ss_len;
	enum schema_kind ss_kind;
	const void	*ss_def;
};

struct schema_macro {
	char		*sm_name;
	char		*sm_oid;	/* expanded */
};

/* Owns every definition; the arrays keep load order. */
struct schema {
	struct schema_syntax	**s_sx;
	size_t			  s_nsx;
	struct schema_mr	**s_mr;
	size_t			  s_nmr;
	struct schema_at	**s_at;
	size_t			  s_nat;
	struct schema_oc	**s_oc;
	size_t			  s_noc;
	struct schema_macro	 *s_macros;
	size_t			  s_nmacros;
	struct schema_slot	 *s_slots;	/* open addressing */
	size_t			  s_nslots;	/* a power of two */
	size_t			  s_used;
};

/* One token of a .schema file. */
enum schema_tok {
	ST_EOF = 0,
	ST_WORD,
	ST_QSTR,	/* between single quotes, as written */
	ST_LPAREN,
	ST_RPAREN,
	ST_DOLLAR,
};

struct schema_token {
	enum schema_tok	 t_type;
	const char	*t_s;
	size_t		 t_len;
	int		 t_line;
	int		 t_col0;	/* starts a statement */
};

/* The reading state of one file. */
struct schema_reader {
	struct schema		*r_s;
	const char		*r_path;
	const char		*r_p;
	const char		*r_end;
	int			 r_line;
	int			 r_bol;		/* r_p in column 0 */
	struct schema_token	*r_toks;	/* one definition's body */
	size_t			 r_ntoks;
	size_t			 r_cap;
	size_t			 r_i;		/* next body token */
	struct schema_token	 r_eof;		/* past the last one */
	char			*r_err;
	size_t			 r_errlen;
};

static int	schema_error(struct schema_reader *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Hash table */

static uint32_t
schema_hash(enum schema_kind kind, const char *key, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)kind;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)tolower((unsigned char)key[i]);
		h *= 16777619u;
	}
	return h;
}

static struct schema_slot *
schema_slot(const struct schema *s, enum schema_kind kind, const char *key,
    size_t len)
{
	struct schema_slot *ss;
	size_t i;

	i = schema_hash(kind, key, len) & (s->s_nslots - 1);
	for (;; i = (i + 1) & (s->s_nslots - 1)) {
		ss = &s->s_slots[i];
		if (ss->ss_key == NULL)
			return ss;
		if (ss->ss_kind == kind && ss->ss_len == len &&
		    strncasecmp(ss->ss_key, key, len) == 0)
			return ss;
	}
}

static void
schema_index_grow(struct schema *s)
{
	struct schema_slot *old = s->s_slots, *ss;
	size_t n = s->s_nslots, i;

	s->s_nslots = n == 0 ? 256 : n * 2;
	s->s_slots = xcalloc(s->s_nslots, sizeof(*s->s_slots));
	for (i = 0; i < n; i++) {
		if (old[i].ss_key == NULL)
			continue;
		ss = schema_slot(s, old[i].ss_kind, old[i].ss_key,
		    old[i].ss_len);
		*ss = old[i];
	}
	free(old);
}

/* Index key under kind; the caller checked it is not there yet. */
static void
schema_index_add(struct schema *s, enum schema_kind kind, const char *key,
    const void *def)
{
	struct schema_slot *ss;

	if ((s->s_used + 1) * 4 > s->s_nslots * 3)
		schema_index_grow(s);
	ss = schema_slot(s, kind, key, strlen(key));
	ss->ss_key = key;
	ss->ss_len = strlen(key);
	ss->ss_kind = kind;
	ss->ss_def = def;
	s->s_used++;
}

static const void *
schema_lookup(const struct schema *s, enum schema_kind kind, const char *key,
    size_t len)
{
	if (s == NULL || s->s_nslots == 0)
		return NULL;
	return schema_slot(s, kind, key, len)->ss_def;
}

/* Any definition already holding this OID, for duplicate checks. */
static int
schema_oid_taken(const struct schema *s, const char *oid)
{
	size_t len = strlen(oid);

	return schema_lookup(s, SK_SYNTAX, oid, len) != NULL ||
	    schema_lookup(s, SK_MR, oid, len) != NULL ||
	    schema_lookup(s, SK_AT, oid, len) != NULL ||
	    schema_lookup(s, SK_OC, oid, len) != NULL;
}

/* Registry */

static void *
schema_append(void *arr, size_t *n, void *item)
{
	void **a = arr;

	/* Grow by powers of two: the count alone says when to. */
	if ((*n & (*n - 1)) == 0)
		a = xreallocarray(a, *n == 0 ? 1 : *n * 2, sizeof(*a));
	a[(*n)++] = item;
	return a;
}

static void
schema_add_builtin_syntax(struct schema *s, const struct match_syntax_def *d)
{
	struct schema_syntax *sx;

	sx = xcalloc(1, sizeof(*sx));
	sx->sx_oid = xstrdup(d->msd_oid);
	sx->sx_desc = xstrdup(d->msd_desc);
	sx->sx_binary = d->msd_binary;
	xasprintf(&sx->sx_def, "( %s DESC '%s'%s )", d->msd_oid, d->msd_desc,
	    d->msd_binary ? " X-NOT-HUMAN-READABLE 'TRUE'" : "");
	s->s_sx = schema_append(s->s_sx, &s->s_nsx, sx);
	schema_index_add(s, SK_SYNTAX, sx->sx_oid, sx);
}

static void
schema_add_builtin_mr(struct schema *s, const struct match_rule_def *d)
{
	struct schema_mr *mr;

	mr = xcalloc(1, sizeof(*mr));
	mr->mr_oid = xstrdup(d->mrd_oid);
	mr->mr_name = xstrdup(d->mrd_name);
	mr->mr_syntax = schema_find_syntax(s, d->mrd_syntax);
	if (mr->mr_syntax == NULL)
		abort();	/* match.c names a syntax it does not define */
	mr->mr_impl = d->mrd_impl;
	mr->mr_schema = s;
	xasprintf(&mr->mr_def, "( %s NAME '%s' SYNTAX %s )", d->mrd_oid,
	    d->mrd_name, d->mrd_syntax);
	s->s_mr = schema_append(s->s_mr, &s->s_nmr, mr);
	schema_index_add(s, SK_MR, mr->mr_oid, mr);
	schema_index_add(s, SK_MR, mr->mr_name, mr);
}

struct schema *
schema_new(void)
{
	const struct match_syntax_def *sd;
	const struct match_rule_def *rd;
	struct schema *s;
	size_t i, n;

	s = xcalloc(1, sizeof(*s));
	schema_index_grow(s);
	sd = match_builtin_syntaxes(&n);
	for (i = 0; i < n; i++)
		schema_add_builtin_syntax(s, &sd[i]);
	rd = match_builtin_rules(&n);
	for (i = 0; i < n; i++)
		schema_add_builtin_mr(s, &rd[i]);
	return s;
}

static void
schema_free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void
schema_at_free(struct schema_at *at)
{
	if (at == NULL)
		return;
	free(at->at_oid);
	schema_free_names(at->at_names, at->at_nnames);
	free(at->at_desc);
	free(at->at_def);
	free(at);
}

static void
schema_oc_free(struct schema_oc *oc)
{
	if (oc == NULL)
		return;
	free(oc->oc_oid);
	schema_free_names(oc->oc_names, oc->oc_nnames);
	free(oc->oc_desc);
	free(oc->oc_sup);
	free(oc->oc_must);
	free(oc->oc_may);
	free(oc->oc_def);
	free(oc);
}

void
schema_free(struct schema *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->s_nsx; i++) {
		free(s->s_sx[i]->sx_oid);
		free(s->s_sx[i]->sx_desc);
		free(s->s_sx[i]->sx_def);
		free(s->s_sx[i]);
	}
	for (i = 0; i < s->s_nmr; i++) {
		free(s->s_mr[i]->mr_oid);
		free(s->s_mr[i]->mr_name);
		free(s->s_mr[i]->mr_def);
		free(s->s_mr[i]);
	}
	for (i = 0; i < s->s_nat; i++)
		schema_at_free(s->s_at[i]);
	for (i = 0; i < s->s_noc; i++)
		schema_oc_free(s->s_oc[i]);
	for (i = 0; i < s->s_nmacros; i++) {
		free(s->s_macros[i].sm_name);
		free(s->s_macros[i].sm_oid);
	}
	free(s->s_sx);
	free(s->s_mr);
	free(s->s_at);
	free(s->s_oc);
	free(s->s_macros);
	free(s->s_slots);
	free(s);
}

/* Lookups */

const struct schema_at *
schema_find_at_len(const struct schema *s, const char *name, size_t len)
{
	return schema_lookup(s, SK_AT, name, len);
}

const struct schema_at *
schema_find_at(const struct schema *s, const char *name)
{
	return schema_lookup(s, SK_AT, name, strlen(name));
}

const struct schema_oc *
schema_find_oc(const struct schema *s, const char *name)
{
	return schema_lookup(s, SK_OC, name, strlen(name));
}

const struct schema_mr *
schema_find_mr(const struct schema *s, const char *name)
{
	return schema_lookup(s, SK_MR, name, strlen(name));
}

const struct schema_syntax *
schema_find_syntax(const struct schema *s, const char *oid)
{
	return schema_lookup(s, SK_SYNTAX, oid, strlen(oid));
}

size_t
schema_count_at(const struct schema *s)
{
	return s->s_nat;
}

const struct schema_at *
schema_at_index(const struct schema *s, size_t i)
{
	return i < s->s_nat ? s->s_at[i] : NULL;
}

size_t
schema_count_oc(const struct schema *s)
{
	return s->s_noc;
}

const struct schema_oc *
schema_oc_index(const struct schema *s, size_t i)
{
	return i < s->s_noc ? s->s_oc[i] : NULL;
}

size_t
schema_count_mr(const struct schema *s)
{
	return s->s_nmr;
}

const struct schema_mr *
schema_mr_index(const struct schema *s, size_t i)
{
	return i < s->s_nmr ? s->s_mr[i] : NULL;
}

size_t
schema_count_syntax(const struct schema *s)
{
	return s->s_nsx;
}

const struct schema_syntax *
schema_syntax_index(const struct schema *s, size_t i)
{
	return i < s->s_nsx ? s->s_sx[i] : NULL;
}

int
schema_at_is_named(const struct schema_at *at, const char *name)
{
	size_t i;

	if (strcasecmp(at->at_oid, name) == 0)
		return 1;
	for (i = 0; i < at->at_nnames; i++)
		if (strcasecmp(at->at_names[i], name) == 0)
			return 1;
	return 0;
}

int
schema_at_is_a(const struct schema_at *at, const struct schema_at *sup)
{
	for (; at != NULL; at = at->at_sup)
		if (at == sup)
			return 1;
	return 0;
}

int
schema_at_is_operational(const struct schema_at *at)
{
	return at->at_usage != SCHEMA_USER_APPLICATIONS;
}

int
schema_oc_is_a(const struct schema_oc *oc, const struct schema_oc *sup)
{
	size_t i;

	if (oc == sup)
		return 1;
	/* SUP chains are short and acyclic: a class can only name classes
	   defined before it. */
	for (i = 0; i < oc->oc_nsup; i++)
		if (schema_oc_is_a(oc->oc_sup[i], sup))
			return 1;
	return 0;
}

/* Reading .schema files: tokens */

static int
schema_error(struct schema_reader *r, int line, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(r->r_err, r->r_errlen, "%s:%d: %s", r->r_path, line, why);
	return -1;
}

/* Skip white space and comment lines up to the next token. */
static void
schema_skip_space(struct schema_reader *r)
{
	const char *p;

	while (r->r_p < r->r_end) {
		if (*r->r_p == '\n') {
			r->r_line++;
			r->r_bol = 1;
			r->r_p++;
		} else if (isspace((unsigned char)*r->r_p)) {
			r->r_bol = 0;
			r->r_p++;
		} else if (*r->r_p == '#' && (r->r_bol ||
		    r->r_p[-1] == ' ' || r->r_p[-1] == '\t')) {
			/* Comments run to the end of the line, wherever the
			   first '#' outside a word is. */
			p = memchr(r->r_p, '\n', r->r_end - r->r_p);
			r->r_p = p != NULL ? p : r->r_end;
		} else
			break;
	}
}

static int
schema_next(struct schema_reader *r, struct schema_token *t)
{
	const char *start;

	schema_skip_space(r);
	memset(t, 0, sizeof(*t));
	t->t_line = r->r_line;
	t->t_col0 = r->r_bol;
	r->r_bol = 0;
	if (r->r_p == r->r_end)
		return 0;
	start = r->r_p;
	switch (*r->r_p) {
	case '(':
		t->t_type = ST_LPAREN;
		break;
	case ')':
		t->t_type = ST_RPAREN;
		break;
	case '$':
		t->t_type = ST_DOLLAR;
		break;
	case '\'':
		start = ++r->r_p;
		while (r->r_p < r->r_end && *r->r_p != '\'' &&
		    *r->r_p != '\n')
			r->r_p++;
		if (r->r_p == r->r_end || *r->r_p != '\'')
			return schema_error(r, t->t_line,
			    "quoted string is not closed on its line");
		t->t_type = ST_QSTR;
		t->t_s = start;
		t->t_len = r->r_p - start;
		r->r_p++;
		return 0;
	default:
		while (r->r_p < r->r_end && !isspace((unsigned char)*r->r_p) &&
		    strchr("()$'", *r->r_p) == NULL)
			r->r_p++;
		t->t_type = ST_WORD;
		t->t_s = start;
		t->t_len = r->r_p - start;
		return 0;
	}
	t->t_s = r->r_p++;
	t->t_len = 1;
	return 0;
}

/*
 * Read the body of "keyword ( ... )" into r_toks, up to the matching
 * parenthesis.  A statement in column 0 or the end of the file before
 * it means the definition was never closed.
 */
static int
schema_read_body(struct schema_reader *r, const struct schema_token *kw)
{
	struct schema_token t;
	int depth = 1;

	r->r_ntoks = r->r_i = 0;
	for (;;) {
		if (schema_next(r, &t) == -1)
			return -1;
		if (t.t_type == ST_EOF || t.t_col0)
			return schema_error(r, kw->t_line,
			    "%.*s definition is not terminated by ')'",
			    (int)kw->t_len, kw->t_s);
		if (t.t_type == ST_LPAREN)
			depth++;
		else if (t.t_type == ST_RPAREN && --depth == 0)
			return 0;
		if (r->r_ntoks == r->r_cap) {
			r->r_cap = r->r_cap == 0 ? 64 : r->r_cap * 2;
			r->r_toks = xreallocarray(r->r_toks, r->r_cap,
			    sizeof(*r->r_toks));
		}
		r->r_toks[r->r_ntoks++] = t;
	}
}

/* Next body token, or an ST_EOF token on the last line of the body. */
static const struct schema_token *
schema_body_next(struct schema_reader *r)
{
	if (r->r_i < r->r_ntoks)
		return &r->r_toks[r->r_i++];
	memset(&r->r_eof, 0, sizeof(r->r_eof));
	r->r_eof.t_line = r->r_ntoks > 0 ?
	    r->r_toks[r->r_ntoks - 1].t_line : r->r_line;
	return &r->r_eof;
}

static int
schema_tok_is(const struct schema_token *t, const char *word)
{
	return t->t_type == ST_WORD && strlen(word) == t->t_len &&
	    strncasecmp(t->t_s, word, t->t_len) == 0;
}

/* Reading .schema files: values */

/* RFC 4512 numericoid: number 1*( DOT number ), no leading zeros. */
static int
schema_is_numericoid(const char *s)
{
	int dots = 0;

	for (;;) {
		if (!isdigit((unsigned char)*s))
			return 0;
		if (*s == '0' && isdigit((unsigned char)s[1]))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
		if (*s == '\0')
			return dots > 0;
		if (*s++ != '.')
			return 0;
		dots++;
	}
}

/* RFC 4512 descr: ALPHA *( ALPHA / DIGIT / HYPHEN ). */
static int
schema_is_descr(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	for (i = 1; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

/*
 * Expand "MACRO" or "MACRO:suffix" (slapd's objectidentifier) into a
 * numeric OID; other words are returned as copies.
 */
static char *
schema_expand_oid(const struct schema *s, const char *w, size_t len)
{
	const struct schema_macro *m;
	const char *colon;
	size_t i, nlen;
	char *out;

	colon = memchr(w, ':', len);
	nlen = colon != NULL ? (size_t)(colon - w) : len;
	for (i = 0; i < s->s_nmacros; i++) {
		m = &s->s_macros[i];
		if (strlen(m->sm_name) != nlen ||
		    strncasecmp(m->sm_name, w, nlen) != 0)
			continue;
		if (colon == NULL)
			return xstrdup(m->sm_oid);
		xasprintf(&out, "%s.%.*s", m->sm_oid,
		    (int)(len - nlen - 1), colon + 1);
		return out;
	}
	return xstrndup(w, len);
}

/* The numeric OID a definition starts with. */
static int
schema_read_oid(struct schema_reader *r, const char *what, char **oid)
{
	const struct schema_token *t = schema_body_next(r);

	if (t->t_type != ST_WORD)
		return schema_error(r, t->t_line, "%s has no OID", what);
	*oid = schema_expand_oid(r->r_s, t->t_s, t->t_len);
	if (!schema_is_numericoid(*oid))
		return schema_error(r, t->t_line,
		    "'%s' is not a numeric OID or a known objectidentifier",
		    *oid);
	if (schema_oid_taken(r->r_s, *oid))
		return schema_error(r, t->t_line, "OID %s is already defined",
		    *oid);
	return 0;
}

/* qdescrs: 'name' / ( 'name' 'name' ... ). */
static int
schema_read_names(struct schema_reader *r, enum schema_kind kind,
    char ***names, size_t *n)
{
	const struct schema_token *t = schema_body_next(r);
	int list = t->t_type == ST_LPAREN;

	if (list)
		t = schema_body_next(r);
	do {
		if (t->t_type != ST_QSTR)
			return schema_error(r, t->t_line,
			    "NAME takes 'name' or ( 'name' ... )");
		if (!schema_is_descr(t->t_s, t->t_len))
			return schema_error(r, t->t_line,
			    "'%.*s' is not a valid name", (int)t->t_len,
			    t->t_s);
		if (schema_lookup(r->r_s, kind, t->t_s, t->t_len) != NULL)
			return schema_error(r, t->t_line,
			    "%s name '%.*s' is already defined",
			    kind == SK_AT ? "attribute type" : "object class",
			    (int)t->t_len, t->t_s);
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = xstrndup(t->t_s, t->t_len);
		if (!list)
			return 0;
		t = schema_body_next(r);
	} while (t->t_type != ST_RPAREN);
	return 0;
}

/* qdstring, unescaping \27 and \5C (RFC 4512 §4.1). */
static int
schema_read_qdstring(struct schema_reader *r, const char *kw, char **out)
{
	const struct schema_token *t = schema_body_next(r);
	size_t i;
	char *w;

	if (t->t_type != ST_QSTR)
		return schema_error(r, t->t_line, "%s takes a 'quoted string'",
		    kw);
	*out = w = xmalloc(t->t_len + 1);
	for (i = 0; i < t->t_len; i++) {
		if (t->t_s[i] == '\\' && i + 3 <= t->t_len &&
		    (strncasecmp(t->t_s + i, "\\27", 3) == 0 ||
		    strncasecmp(t->t_s + i, "\\5c", 3) == 0)) {
			*w++ = t->t_s[i + 1] == '2' ? '\'' : '\\';
			i += 2;
		} else
			*w++ = t->t_s[i];
	}
	*w = '\0';
	return 0;
}

/* One oid (name or numeric) as a token, for SUP, EQUALITY, MUST, ... */
static const struct schema_token *
schema_read_word(struct schema_reader *r, const char *kw)
{
	const struct schema_token *t = schema_body_next(r);

	if (t->t_type != ST_WORD) {
		schema_error(r, t->t_line, "%s takes a name or an OID", kw);
		return NULL;
	}
	return t;
}

/* A definition named by a word, through objectidentifier macros too. */
static const void *
schema_resolve(struct schema_reader *r, enum schema_kind kind,
    const struct schema_token *t)
{
	const void *def;
	char *oid;

	def = schema_lookup(r->r_s, kind, t->t_s, t->t_len);
	if (def == NULL && r->r_s->s_nmacros > 0) {
		oid = schema_expand_oid(r->r_s, t->t_s, t->t_len);
		def = schema_lookup(r->r_s, kind, oid, strlen(oid));
		free(oid);
	}
	return def;
}

/* Extensions (X-NAME qdstrings) are kept as written for the def string. */
static int
schema_read_ext(struct schema_reader *r, const struct schema_token *kw,
    char **ext)
{
	const struct schema_token *t = schema_body_next(r);
	char *old = *ext;
	int list = t->t_type == ST_LPAREN;

	xasprintf(ext, "%s %.*s%s", old != NULL ? old : "", (int)kw->t_len,
	    kw->t_s, list ? " (" : "");
	free(old);
	if (list)
		t = schema_body_next(r);
	do {
		if (t->t_type != ST_QSTR)
			return schema_error(r, t->t_line,
			    "%.*s takes 'string' or ( 'string' ... )",
			    (int)kw->t_len, kw->t_s);
		old = *ext;
		xasprintf(ext, "%s '%.*s'", old, (int)t->t_len, t->t_s);
		free(old);
		if (!list)
			return 0;
		t = schema_body_next(r);
	} while (t->t_type != ST_RPAREN);
	old = *ext;
	xasprintf(ext, "%s )", old);
	free(old);
	return 0;
}

/* Appending to a definition string. */
static void
schema_cat(char **def, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
schema_cat(char **def, const char *fmt, ...)
{
	char *add, *old = *def;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) == -1)
		abort();
	va_end(ap);
	xasprintf(def, "%s%s", old != NULL ? old : "", add);
	free(add);
	free(old);
}

static void
schema_cat_names(char **def, char **names, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	schema_cat(def, " NAME %s", n > 1 ? "( " : "");
	for (i = 0; i < n; i++)
		schema_cat(def, "'%s' ", names[i]);
	if (n > 1)
		schema_cat(def, ")");
	else
		(*def)[strlen(*def) - 1] = '\0';
}

/* A qdstring re-escaped for a definition string (RFC 4512 §4.1). */
static void
schema_cat_qd(char **def, const char *kw, const char *s)
{
	schema_cat(def, " %s '", kw);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			schema_cat(def, "\\27");
		else if (*s == '\\')
			schema_cat(def, "\\5C");
		else
			schema_cat(def, "%c", *s);
	}
	schema_cat(def, "'");
}

static int
schema_once(struct schema_reader *r, const struct schema_token *kw,
    unsigned int *seen, unsigned int bit)
{
	if (*seen & bit)
		return schema_error(r, kw->t_line, "%.*s appears twice",
		    (int)kw->t_len, kw->t_s);
	*seen |= bit;
	return 0;
}

/* Attribute types */

#define AT_NAME		0x0001u
#define AT_DESC		0x0002u
#define AT_OBSOLETE	0x0004u
#define AT_SUP		0x0008u
#define AT_EQUALITY	0x0010u
#define AT_ORDERING	0x0020u
#define AT_SUBSTR	0x0040u
#define AT_SYNTAX	0x0080u
#define AT_SINGLE	0x0100u
#define AT_COLLECTIVE	0x0200u
#define AT_NOUSERMOD	0x0400u
#define AT_USAGE	0x0800u

static const char *schema_usages[] = {
	"userApplications", "directoryOperation", "distributedOperation",
	"dSAOperation",
};

static const char *schema_rule_kws[] = { "EQUALITY", "ORDERING", "SUBSTR" };

/* EQUALITY, ORDERING or SUBSTR (kind: MATCH_*). */
static int
schema_read_rule(struct schema_reader *r, const struct schema_token *kw,
    int kind, const struct schema_mr **mr)
{
	const struct schema_token *t;

	if ((t = schema_read_word(r, schema_rule_kws[kind])) == NULL)
		return -1;
	if ((*mr = schema_resolve(r, SK_MR, t)) == NULL)
		return schema_error(r, t->t_line,
		    "unknown matching rule '%.*s'", (int)t->t_len, t->t_s);
	if (match_rule_kind(*mr) != kind)
		return schema_error(r, t->t_line,
		    "%s cannot use %s, which is not a%s rule",
		    schema_rule_kws[kind], (*mr)->mr_name,
		    kind == MATCH_EQUALITY ? "n equality" :
		    kind == MATCH_ORDERING ? "n ordering" : " substrings");
	return 0;
}

/* SYNTAX noidlen: oid followed by an optional {bound}. */
static int
schema_read_syntax(struct schema_reader *r, struct schema_at *at)
{
	const struct schema_token *t;
	const char *brace, *p;
	unsigned long len = 0;
	char *oid;

	if ((t = schema_read_word(r, "SYNTAX")) == NULL)
		return -1;
	if ((brace = memchr(t->t_s, '{', t->t_len)) != NULL) {
		for (p = brace + 1; p < t->t_s + t->t_len &&
		    isdigit((unsigned char)*p); p++)
			len = len * 10 + (*p - '0');
		if (p == brace + 1 || p != t->t_s + t->t_len - 1 ||
		    *p != '}' || len == 0 || len > 0x7fffffffUL)
			return schema_error(r, t->t_line,
			    "bad length bound in SYNTAX %.*s",
			    (int)t->t_len, t->t_s);
	}
	oid = schema_expand_oid(r->r_s, t->t_s,
	    brace != NULL ? (size_t)(brace - t->t_s) : t->t_len);
	at->at_syntax = schema_find_syntax(r->r_s, oid);
	if (at->at_syntax == NULL) {
		schema_error(r, t->t_line, "unknown syntax %s", oid);
		free(oid);
		return -1;
	}
	free(oid);
	at->at_len = (unsigned int)len;
	return 0;
}

static int
schema_read_usage(struct schema_reader *r, struct schema_at *at)
{
	const struct schema_token *t;
	size_t i;

	if ((t = schema_read_word(r, "USAGE")) == NULL)
		return -1;
	for (i = 0; i < sizeof(schema_usages) / sizeof(*schema_usages); i++) {
		if (schema_tok_is(t, schema_usages[i])) {
			at->at_usage = (enum schema_usage)i;
			return 0;
		}
	}
	return schema_error(r, t->t_line, "unknown USAGE %.*s",
	    (int)t->t_len, t->t_s);
}

/* One keyword of an AttributeTypeDescription and what follows it. */
static int
schema_at_keyword(struct schema_reader *r, const struct schema_token *kw,
    struct schema_at *at, unsigned int *seen, char **ext)
{
	const struct schema_token *t;

	if (schema_tok_is(kw, "NAME"))
		return schema_once(r, kw, seen, AT_NAME) == -1 ? -1 :
		    schema_read_names(r, SK_AT, &at->at_names,
		    &at->at_nnames);
	if (schema_tok_is(kw, "DESC"))
		return schema_once(r, kw, seen, AT_DESC) == -1 ? -1 :
		    schema_read_qdstring(r, "DESC", &at->at_desc);
	if (schema_tok_is(kw, "OBSOLETE")) {
		at->at_obsolete = 1;
		return schema_once(r, kw, seen, AT_OBSOLETE);
	}
	if (schema_tok_is(kw, "SUP")) {
		if (schema_once(r, kw, seen, AT_SUP) == -1 ||
		    (t = schema_read_word(r, "SUP")) == NULL)
			return -1;
		if ((at->at_sup = schema_resolve(r, SK_AT, t)) == NULL)
			return schema_error(r, t->t_line,
			    "unknown attribute type '%.*s' in SUP",
			    (int)t->t_len, t->t_s);
		return 0;
	}
	if (schema_tok_is(kw, "EQUALITY"))
		return schema_once(r, kw, seen, AT_EQUALITY) == -1 ? -1 :
		    schema_read_rule(r, kw, MATCH_EQUALITY, &at->at_eq);
	if (schema_tok_is(kw, "ORDERING"))
		return schema_once(r, kw, seen, AT_ORDERING) == -1 ? -1 :
		    schema_read_rule(r, kw, MATCH_ORDERING, &at->at_ord);
	if (schema_tok_is(kw, "SUBSTR"))
		return schema_once(r, kw, seen, AT_SUBSTR) == -1 ? -1 :
		    schema_read_rule(r, kw, MATCH_SUBSTRINGS, &at->at_sub);
	if (schema_tok_is(kw, "SYNTAX"))
		return schema_once(r, kw, seen, AT_SYNTAX) == -1 ? -1 :
		    schema_read_syntax(r, at);
	if (schema_tok_is(kw, "SINGLE-VALUE")) {
		at->at_single = 1;
		return schema_once(r, kw, seen, AT_SINGLE);
	}
	if (schema_tok_is(kw, "COLLECTIVE"))
		return schema_once(r, kw, seen, AT_COLLECTIVE);
	if (schema_tok_is(kw, "NO-USER-MODIFICATION")) {
		at->at_no_user_mod = 1;
		return schema_once(r, kw, seen, AT_NOUSERMOD);
	}
	if (schema_tok_is(kw, "USAGE"))
		return schema_once(r, kw, seen, AT_USAGE) == -1 ? -1 :
		    schema_read_usage(r, at);
	if (kw->t_type == ST_WORD && kw->t_len > 2 &&
	    strncmp(kw->t_s, "X-", 2) == 0)
		return schema_read_ext(r, kw, ext);
	return schema_error(r, kw->t_line,
	    "unknown keyword '%.*s' in attributetype", (int)kw->t_len,
	    kw->t_s);
}

/* RFC 4512 §4.1.2's rules across keywords, then inheritance from SUP. */
static int
schema_at_check(struct schema_reader *r, struct schema_at *at,
    unsigned int seen, int line)
{
	if (at->at_sup == NULL && at->at_syntax == NULL)
		return schema_error(r, line,
		    "attribute type %s has neither SUP nor SYNTAX",
		    at->at_oid);
	if (at->at_sup != NULL && at->at_sup->at_usage != at->at_usage)
		return schema_error(r, line,
		    "attribute type %s has another USAGE than its SUP",
		    at->at_oid);
	if (at->at_no_user_mod && at->at_usage == SCHEMA_USER_APPLICATIONS)
		return schema_error(r, line, "attribute type %s: "
		    "NO-USER-MODIFICATION requires an operational USAGE",
		    at->at_oid);
	if ((seen & AT_COLLECTIVE) &&
	    at->at_usage != SCHEMA_USER_APPLICATIONS)
		return schema_error(r, line, "attribute type %s: COLLECTIVE "
		    "requires USAGE userApplications", at->at_oid);
	if (at->at_sup == NULL)
		return 0;
	if (at->at_syntax == NULL) {
		at->at_syntax = at->at_sup->at_syntax;
		at->at_len = at->at_sup->at_len;
	}
	if (at->at_eq == NULL)
		at->at_eq = at->at_sup->at_eq;
	if (at->at_ord == NULL)
		at->at_ord = at->at_sup->at_ord;
	if (at->at_sub == NULL)
		at->at_sub = at->at_sup->at_sub;
	return 0;
}

static char *
schema_at_def(const struct schema_at *at, unsigned int seen, const char *ext)
{
	char *def = NULL;

	schema_cat(&def, "( %s", at->at_oid);
	schema_cat_names(&def, at->at_names, at->at_nnames);
	if (at->at_desc != NULL)
		schema_cat_qd(&def, "DESC", at->at_desc);
	if (at->at_obsolete)
		schema_cat(&def, " OBSOLETE");
	if (at->at_sup != NULL)
		schema_cat(&def, " SUP %s", at->at_sup->at_nnames > 0 ?
		    at->at_sup->at_names[0] : at->at_sup->at_oid);
	if (seen & AT_EQUALITY)
		schema_cat(&def, " EQUALITY %s", at->at_eq->mr_name);
	if (seen & AT_ORDERING)
		schema_cat(&def, " ORDERING %s", at->at_ord->mr_name);
	if (seen & AT_SUBSTR)
		schema_cat(&def, " SUBSTR %s", at->at_sub->mr_name);
	if (seen & AT_SYNTAX)
		schema_cat(&def, " SYNTAX %s", at->at_syntax->sx_oid);
	if ((seen & AT_SYNTAX) && at->at_len > 0)
		schema_cat(&def, "{%u}", at->at_len);
	if (at->at_single)
		schema_cat(&def, " SINGLE-VALUE");
	if (seen & AT_COLLECTIVE)
		schema_cat(&def, " COLLECTIVE");
	if (at->at_no_user_mod)
		schema_cat(&def, " NO-USER-MODIFICATION");
	if (at->at_usage != SCHEMA_USER_APPLICATIONS)
		schema_cat(&def, " USAGE %s", schema_usages[at->at_usage]);
	schema_cat(&def, "%s )", ext != NULL ? ext : "");
	return def;
}

static void
schema_add_at(struct schema *s, struct schema_at *at)
{
	size_t i;

	s->s_at = schema_append(s->s_at, &s->s_nat, at);
	schema_index_add(s, SK_AT, at->at_oid, at);
	for (i = 0; i < at->at_nnames; i++)
		schema_index_add(s, SK_AT, at->at_names[i], at);
}

/* Names within one definition must differ too ("NAME ( 'a' 'A' )"). */
static int
schema_names_unique(struct schema_reader *r, char **names, size_t n,
    int line)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcasecmp(names[i], names[j]) == 0)
				return schema_error(r, line,
				    "name '%s' is given twice", names[j]);
	return 0;
}

static int
schema_parse_at(struct schema_reader *r, int line)
{
	const struct schema_token *kw;
	struct schema_at *at;
	unsigned int seen = 0;
	char *ext = NULL;
	int rc = -1;

	at = xcalloc(1, sizeof(*at));
	if (schema_read_oid(r, "attributetype", &at->at_oid) == -1)
		goto out;
	while ((kw = schema_body_next(r))->t_type != ST_EOF)
		if (schema_at_keyword(r, kw, at, &seen, &ext) == -1)
			goto out;
	if (schema_names_unique(r, at->at_names, at->at_nnames, line) == -1 ||
	    schema_at_check(r, at, seen, line) == -1)
		goto out;
	at->at_def = schema_at_def(at, seen, ext);
	schema_add_at(r->r_s, at);
	at = NULL;
	rc = 0;
out:
	schema_at_free(at);
	free(ext);
	return rc;
}

/* Object classes */

#define OC_NAME		0x0001u
#define OC_DESC		0x0002u
#define OC_OBSOLETE	0x0004u
#define OC_SUP		0x0008u
#define OC_KIND		0x0010u
#define OC_MUST		0x0020u
#define OC_MAY		0x0040u

static const char *schema_oc_kinds[] = {
	"STRUCTURAL", "ABSTRACT", "AUXILIARY",
};

/* oids: oid / ( oid *( $ oid ) ), each naming a definition of kind. */
static int
schema_read_oids(struct schema_reader *r, const char *kw,
    enum schema_kind kind, const void ***defs, size_t *n)
{
	const struct schema_token *t = schema_body_next(r);
	int list = t->t_type == ST_LPAREN;
	const void *def;

	if (list)
		t = schema_body_next(r);
	for (;;) {
		if (t->t_type != ST_WORD)
			return schema_error(r, t->t_line,
			    "%s takes a name or ( name $ name ... )", kw);
		if ((def = schema_resolve(r, kind, t)) == NULL)
			return schema_error(r, t->t_line,
			    "unknown %s '%.*s' in %s", kind == SK_AT ?
			    "attribute type" : "object class", (int)t->t_len,
			    t->t_s, kw);
		*defs = xreallocarray(*defs, *n + 1, sizeof(**defs));
		(*defs)[(*n)++] = def;
		if (!list)
			return 0;
		t = schema_body_next(r);
		if (t->t_type == ST_RPAREN)
			return 0;
		if (t->t_type != ST_DOLLAR)
			return schema_error(r, t->t_line,
			    "%s: expected '$' or ')' in the list", kw);
		t = schema_body_next(r);
	}
}

/* MUST/MAY lists, typed: schema_read_oids() collects untyped pointers. */
static int
schema_read_at_list(struct schema_reader *r, const char *kw,
    const struct schema_at ***out, size_t *n)
{
	const void **defs = NULL;
	size_t i, k = 0;
	int rc;

	if ((rc = schema_read_oids(r, kw, SK_AT, &defs, &k)) == 0) {
		*out = xreallocarray(NULL, k, sizeof(**out));
		for (i = 0; i < k; i++)
			(*out)[i] = defs[i];
		*n = k;
	}
	free(defs);
	return rc;
}

static int
schema_read_sup_list(struct schema_reader *r, struct schema_oc *oc)
{
	const void **defs = NULL;
	size_t i, k = 0;
	int rc;

	if ((rc = schema_read_oids(r, "SUP", SK_OC, &defs, &k)) == 0) {
		oc->oc_sup = xreallocarray(NULL, k, sizeof(*oc->oc_sup));
		for (i = 0; i < k; i++)
			oc->oc_sup[i] = defs[i];
		oc->oc_nsup = k;
	}
	free(defs);
	return rc;
}

static int
schema_read_kind(struct schema_reader *r, const struct schema_token *kw,
    struct schema_oc *oc, unsigned int *seen)
{
	size_t i;

	for (i = 0; i < sizeof(schema_oc_kinds) / sizeof(*schema_oc_kinds);
	    i++) {
		if (schema_tok_is(kw, schema_oc_kinds[i])) {
			oc->oc_kind = (enum schema_oc_kind)i;
			if (*seen & OC_KIND)
				return schema_error(r, kw->t_line,
				    "more than one kind of object class");
			*seen |= OC_KIND;
			return 1;
		}
	}
	return 0;
}

static int
schema_oc_keyword(struct schema_reader *r, const struct schema_token *kw,
    struct schema_oc *oc, unsigned int *seen, char **ext)
{
	int rc;

	if (schema_tok_is(kw, "NAME"))
		return schema_once(r, kw, seen, OC_NAME) == -1 ? -1 :
		    schema_read_names(r, SK_OC, &oc->oc_names,
		    &oc->oc_nnames);
	if (schema_tok_is(kw, "DESC"))
		return schema_once(r, kw, seen, OC_DESC) == -1 ? -1 :
		    schema_read_qdstring(r, "DESC", &oc->oc_desc);
	if (schema_tok_is(kw, "OBSOLETE"))
		return schema_once(r, kw, seen, OC_OBSOLETE);
	if (schema_tok_is(kw, "SUP"))
		return schema_once(r, kw, seen, OC_SUP) == -1 ? -1 :
		    schema_read_sup_list(r, oc);
	if (schema_tok_is(kw, "MUST"))
		return schema_once(r, kw, seen, OC_MUST) == -1 ? -1 :
		    schema_read_at_list(r, "MUST", &oc->oc_must,
		    &oc->oc_nmust);
	if (schema_tok_is(kw, "MAY"))
		return schema_once(r, kw, seen, OC_MAY) == -1 ? -1 :
		    schema_read_at_list(r, "MAY", &oc->oc_may, &oc->oc_nmay);
	if ((rc = schema_read_kind(r, kw, oc, seen)) != 0)
		return rc == -1 ? -1 : 0;
	if (kw->t_type == ST_WORD && kw->t_len > 2 &&
	    strncmp(kw->t_s, "X-", 2) == 0)
		return schema_read_ext(r, kw, ext);
	return schema_error(r, kw->t_line,
	    "unknown keyword '%.*s' in objectclass", (int)kw->t_len,
	    kw->t_s);
}

/* RFC 4512 §2.4: which kinds of class a class may be a subclass of. */
static int
schema_oc_check(struct schema_reader *r, const struct schema_oc *oc,
    int line)
{
	const struct schema_oc *sup;
	size_t i;

	for (i = 0; i < oc->oc_nsup; i++) {
		sup = oc->oc_sup[i];
		if (sup->oc_kind == SCHEMA_OC_ABSTRACT ||
		    sup->oc_kind == oc->oc_kind)
			continue;
		return schema_error(r, line,
		    "%s class %s cannot be a subclass of %s class %s",
		    schema_oc_kinds[oc->oc_kind], oc->oc_oid,
		    schema_oc_kinds[sup->oc_kind], sup->oc_nnames > 0 ?
		    sup->oc_names[0] : sup->oc_oid);
	}
	return 0;
}

/* " KW name" or " KW ( name $ name ... )" */
static void
schema_cat_list(char **def, const char *kw, const char **names, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	schema_cat(def, " %s %s", kw, n > 1 ? "( " : "");
	for (i = 0; i < n; i++)
		schema_cat(def, "%s%s", i > 0 ? " $ " : "", names[i]);
	if (n > 1)
		schema_cat(def, " )");
}

static void
schema_cat_ats(char **def, const char *kw, const struct schema_at **ats,
    size_t n)
{
	const char **names;
	size_t i;

	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = ats[i]->at_nnames > 0 ? ats[i]->at_names[0] :
		    ats[i]->at_oid;
	schema_cat_list(def, kw, names, n);
	free(names);
}

static char *
schema_oc_def(const struct schema_oc *oc, unsigned int seen, const char *ext)
{
	const char **names;
	char *def = NULL;
	size_t i;

	schema_cat(&def, "( %s", oc->oc_oid);
	schema_cat_names(&def, oc->oc_names, oc->oc_nnames);
	if (oc->oc_desc != NULL)
		schema_cat_qd(&def, "DESC", oc->oc_desc);
	if (seen & OC_OBSOLETE)
		schema_cat(&def, " OBSOLETE");
	names = xcalloc(oc->oc_nsup + 1, sizeof(*names));
	for (i = 0; i < oc->oc_nsup; i++)
		names[i] = oc->oc_sup[i]->oc_nnames > 0 ?
		    oc->oc_sup[i]->oc_names[0] : oc->oc_sup[i]->oc_oid;
	schema_cat_list(&def, "SUP", names, oc->oc_nsup);
	free(names);
	schema_cat(&def, " %s", schema_oc_kinds[oc->oc_kind]);
	schema_cat_ats(&def, "MUST", oc->oc_must, oc->oc_nmust);
	schema_cat_ats(&def, "MAY", oc->oc_may, oc->oc_nmay);
	schema_cat(&def, "%s )", ext != NULL ? ext : "");
	return def;
}

static int
schema_parse_oc(struct schema_reader *r, int line)
{
	const struct schema_token *kw;
	struct schema_oc *oc;
	unsigned int seen = 0;
	char *ext = NULL;
	size_t i;
	int rc = -1;

	oc = xcalloc(1, sizeof(*oc));
	if (schema_read_oid(r, "objectclass", &oc->oc_oid) == -1)
		goto out;
	while ((kw = schema_body_next(r))->t_type != ST_EOF)
		if (schema_oc_keyword(r, kw, oc, &seen, &ext) == -1)
			goto out;
	if (schema_names_unique(r, oc->oc_names, oc->oc_nnames, line) == -1 ||
	    schema_oc_check(r, oc, line) == -1)
		goto out;
	oc->oc_def = schema_oc_def(oc, seen, ext);
	r->r_s->s_oc = schema_append(r->r_s->s_oc, &r->r_s->s_noc, oc);
	schema_index_add(r->r_s, SK_OC, oc->oc_oid, oc);
	for (i = 0; i < oc->oc_nnames; i++)
		schema_index_add(r->r_s, SK_OC, oc->oc_names[i], oc);
	oc = NULL;
	rc = 0;
out:
	schema_oc_free(oc);
	free(ext);
	return rc;
}

/* Statements */

/* objectidentifier NAME OID, OID possibly "OTHERNAME:suffix". */
static int
schema_parse_macro(struct schema_reader *r, const struct schema_token *kw)
{
	struct schema_token name, oid;
	struct schema_macro *m;
	char *expanded;
	size_t i;

	if (schema_next(r, &name) == -1 || schema_next(r, &oid) == -1)
		return -1;
	if (name.t_type != ST_WORD || name.t_col0 || oid.t_type != ST_WORD ||
	    oid.t_col0)
		return schema_error(r, kw->t_line,
		    "objectidentifier takes a name and an OID");
	if (!schema_is_descr(name.t_s, name.t_len))
		return schema_error(r, kw->t_line,
		    "'%.*s' is not a valid name", (int)name.t_len, name.t_s);
	for (i = 0; i < r->r_s->s_nmacros; i++)
		if (strlen(r->r_s->s_macros[i].sm_name) == name.t_len &&
		    strncasecmp(r->r_s->s_macros[i].sm_name, name.t_s,
		    name.t_len) == 0)
			return schema_error(r, kw->t_line,
			    "objectidentifier %.*s is already defined",
			    (int)name.t_len, name.t_s);
	expanded = schema_expand_oid(r->r_s, oid.t_s, oid.t_len);
	if (!schema_is_numericoid(expanded)) {
		schema_error(r, kw->t_line, "'%s' is not a numeric OID",
		    expanded);
		free(expanded);
		return -1;
	}
	r->r_s->s_macros = xreallocarray(r->r_s->s_macros,
	    r->r_s->s_nmacros + 1, sizeof(*r->r_s->s_macros));
	m = &r->r_s->s_macros[r->r_s->s_nmacros++];
	m->sm_name = xstrndup(name.t_s, name.t_len);
	m->sm_oid = expanded;
	return 0;
}

/* "keyword ( description )": read the body, then parse it. */
static int
schema_parse_def(struct schema_reader *r, const struct schema_token *kw,
    int is_at)
{
	struct schema_token t;

	if (schema_next(r, &t) == -1)
		return -1;
	if (t.t_type != ST_LPAREN || t.t_col0)
		return schema_error(r, kw->t_line,
		    "%.*s takes ( description )", (int)kw->t_len, kw->t_s);
	if (schema_read_body(r, kw) == -1)
		return -1;
	return is_at ? schema_parse_at(r, kw->t_line) :
	    schema_parse_oc(r, kw->t_line);
}

static int
schema_read(struct schema_reader *r)
{
	struct schema_token kw;
	int rc;

	for (;;) {
		if (schema_next(r, &kw) == -1)
			return -1;
		if (kw.t_type == ST_EOF)
			return 0;
		if (!kw.t_col0)
			return schema_error(r, kw.t_line,
			    "'%.*s' follows the end of a statement",
			    (int)kw.t_len, kw.t_s);
		if (schema_tok_is(&kw, "attributetype") ||
		    schema_tok_is(&kw, "attributetypes"))
			rc = schema_parse_def(r, &kw, 1);
		else if (schema_tok_is(&kw, "objectclass") ||
		    schema_tok_is(&kw, "objectclasses"))
			rc = schema_parse_def(r, &kw, 0);
		else if (schema_tok_is(&kw, "objectidentifier"))
			rc = schema_parse_macro(r, &kw);
		else
			rc = schema_error(r, kw.t_line,
			    "unknown statement '%.*s'", (int)kw.t_len,
			    kw.t_s);
		if (rc == -1)
			return -1;
	}
}

/* Files */

static char *
schema_slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t cap = 0, n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return NULL;
	}
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		n = fread(buf + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0);
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		    strerror(errno));
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

int
schema_load_file(struct schema *s, const char *path, char *err,
    size_t errlen)
{
	struct schema_reader r;
	char *buf;
	size_t len;
	int rc;

	if ((buf = schema_slurp(path, &len, err, errlen)) == NULL)
		return -1;
	memset(&r, 0, sizeof(r));
	r.r_s = s;
	r.r_path = path;
	r.r_p = buf;
	r.r_end = buf + len;
	r.r_line = 1;
	r.r_bol = 1;
	r.r_err = err;
	r.r_errlen = errlen;
	rc = schema_read(&r);
	free(r.r_toks);
	free(buf);
	return rc;
}

static int
schema_dir_select(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return d->d_name[0] != '.' && len > 7 &&
	    strcmp(d->d_name + len - 7, ".schema") == 0;
}

/*
 * core.schema first: every other file builds on it; then racf.schema,
 * whose types the other ESMs' files reuse (acf2.schema names RACF's
 * defaultGroup and TSO types); then the rest by name.
 */
static int
schema_dir_rank(const char *name)
{
	if (strcmp(name, "core.schema") == 0)
		return 0;
	return strcmp(name, "racf.schema") == 0 ? 1 : 2;
}

static int
schema_dir_order(const struct dirent **a, const struct dirent **b)
{
	int ra = schema_dir_rank((*a)->d_name);
	int rb = schema_dir_rank((*b)->d_name);

	if (ra != rb)
		return ra - rb;
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
schema_load_dir(struct schema *s, const char *dir, char *err, size_t errlen)
{
	struct dirent **list;
	char *path;
	int i, n, rc = 0;

	if ((n = scandir(dir, &list, schema_dir_select,
	    schema_dir_order)) == -1) {
		snprintf(err, errlen, "%s: cannot read directory: %s", dir,
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0) {
			xasprintf(&path, "%s/%s", dir, list[i]->d_name);
			rc = schema_load_file(s, path, err, errlen);
			free(path);
		}
		free(list[i]);
	}
	free(list);
	return rc;
}
