/*
 * map.c - schema maps: load and check them, turn native records into
 * entries, expand and merge command templates.  Shared by every ESM, so
 * nothing here knows a RACF field or keyword: those are in the map file
 * (schema/racf.map documents the format) and in the ESM's own modules.
 *
 * A map is checked against the LDAP schema when it is loaded, so that
 * an operation never meets a line it cannot follow: the attribute type
 * exists, the native syntax fits the LDAP syntax, a single-valued type
 * does not map to a multi-valued field, the templates are well formed
 * and say where the value goes.  Errors name file:line.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <ldap.h>

#include "conf.h"
#include "utf8.h"
#include "xmalloc.h"

#include "gateway/dn.h"
#include "gateway/entry.h"
#include "gateway/schema.h"

#include "map.h"

#define MAP_MAXLINE	4096
#define MAP_MAXTOK	32

/* LDAP syntaxes (RFC 4517) the native syntaxes may map to. */
#define SX_BOOLEAN	"1.3.6.1.4.1.1466.115.121.1.7"
#define SX_DN		"1.3.6.1.4.1.1466.115.121.1.12"
#define SX_DSTRING	"1.3.6.1.4.1.1466.115.121.1.15"
#define SX_GTIME	"1.3.6.1.4.1.1466.115.121.1.24"
#define SX_IA5	"1.3.6.1.4.1.1466.115.121.1.26"
#define SX_INTEGER	"1.3.6.1.4.1.1466.115.121.1.27"
#define SX_NAMEUID	"1.3.6.1.4.1.1466.115.121.1.34"
#define SX_NUMSTR	"1.3.6.1.4.1.1466.115.121.1.36"
#define SX_OCTETS	"1.3.6.1.4.1.1466.115.121.1.40"
#define SX_PRINTABLE	"1.3.6.1.4.1.1466.115.121.1.44"

static const char *const class_names[MAP_CLASS__MAX] = { "user", "group",
	"resource" };

/* One line being loaded. */
struct map_ld {
	struct map		*l_map;
	const struct schema	*l_schema;
	const char		*l_file;
	int			 l_line;
	char			*l_err;
	size_t			 l_errlen;
};

static int
map_fail(struct map_ld *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
map_fail(struct map_ld *l, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(l->l_err, l->l_errlen, "%s:%d: %s", l->l_file, l->l_line,
	    buf);
	return -1;
}

const char *
map_class_name(enum map_class c)
{
	return c < MAP_CLASS__MAX ? class_names[c] : "?";
}

int
map_class_parse(const char *s)
{
	int i;

	for (i = 0; i < MAP_CLASS__MAX; i++)
		if (strcasecmp(s, class_names[i]) == 0)
			return i;
	return -1;
}

/*
 * Split a line into blank-separated tokens in place.  "..." groups
 * blanks into a token (the quotes are dropped); # starts a comment
 * outside quotes.  Returns the count or -1 (unbalanced quote, too many).
 */
static int
map_split(char *s, char **tok, const char **why)
{
	int n = 0;
	char *w;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			return n;
		if (n == MAP_MAXTOK) {
			*why = "too many words on the line";
			return -1;
		}
		tok[n++] = w = s;
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			if (*s != '"') {
				*w++ = *s++;
				continue;
			}
			for (s++; *s != '"'; s++) {
				if (*s == '\0') {
					*why = "unterminated \"";
					return -1;
				}
				*w++ = *s;
			}
			s++;
		}
		if (*s != '\0')
			s++;
		*w = '\0';
	}
}

/* "name(args)": split off args (without the parentheses) or NULL. */
static char *
map_args(char *s, const char **why)
{
	char *p = strchr(s, '('), *e;

	if (p == NULL)
		return NULL;
	e = s + strlen(s) - 1;
	if (*e != ')') {
		*why = "missing )";
		return NULL;
	}
	*p = *e = '\0';
	return p + 1;
}

static void
map_free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* "a,b,c" into a vector of copies. */
static size_t
map_csv(const char *s, char ***out)
{
	char **v = NULL, *copy, *p, *save = NULL;
	size_t n = 0;

	copy = xstrdup(s);
	for (p = strtok_r(copy, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = xstrdup(p);
	}
	free(copy);
	*out = v;
	return n;
}

static int
map_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return (errno != 0 || end == s || *end != '\0') ? -1 : 0;
}

/* "min,max" bounds of text(), number(), secret(). */
static int
map_bounds(struct map_ld *l, struct map_attr *ma, const char *args,
    const char *what)
{
	char buf[64], *comma;

	if (args == NULL || strlen(args) >= sizeof(buf))
		return map_fail(l, "%s needs (min,max)", what);
	snprintf(buf, sizeof(buf), "%s", args);
	if ((comma = strchr(buf, ',')) == NULL)
		return map_fail(l, "%s needs (min,max)", what);
	*comma = '\0';
	if (map_long(buf, &ma->ma_min) == -1 ||
	    map_long(comma + 1, &ma->ma_max) == -1 || ma->ma_min < 0 ||
	    ma->ma_max < ma->ma_min)
		return map_fail(l, "%s(%s): bounds must be numbers with "
		    "0 <= min <= max", what, args);
	return 0;
}

static int
map_datefmt(const char *s, enum map_datefmt *f)
{
	if (strcmp(s, "yy.ddd") == 0)
		*f = MAP_DATE_YYDDD;
	else if (strcmp(s, "mm/dd/yy") == 0)
		*f = MAP_DATE_MMDDYY;
	else if (strcmp(s, "yyyy-mm-dd") == 0)
		*f = MAP_DATE_YYYYMMDD;
	else
		return -1;
	return 0;
}

static int
map_syntax_date(struct map_ld *l, struct map_attr *ma, const char *args)
{
	char buf[64], *comma;

	if (args == NULL || strlen(args) >= sizeof(buf) ||
	    (comma = strchr(strcpy(buf, args), ',')) == NULL)
		return map_fail(l, "date needs (readformat,writeformat)");
	*comma = '\0';
	if (map_datefmt(buf, &ma->ma_rdate) == -1 ||
	    map_datefmt(comma + 1, &ma->ma_wdate) == -1)
		return map_fail(l, "date(%s): formats are yy.ddd, mm/dd/yy, "
		    "yyyy-mm-dd", args);
	return 0;
}

static int
map_syntax_dn(struct map_ld *l, struct map_attr *ma, const char *args)
{
	char **v;
	size_t n, i;
	int c, rc = 0;

	if (args == NULL)
		return map_fail(l, "dn and dnlist need (class,...)");
	n = map_csv(args, &v);
	for (i = 0; i < n && rc == 0; i++) {
		if ((c = map_class_parse(v[i])) == -1)
			rc = map_fail(l, "unknown class %s (user, group, resource)",
			    v[i]);
		else if (!l->l_map->m_class[c].mc_defined)
			rc = map_fail(l, "class %s has no class line yet",
			    v[i]);
		else
			ma->ma_dnclasses |= 1u << c;
	}
	if (rc == 0 && n == 0)
		rc = map_fail(l, "dn and dnlist need (class,...)");
	if (rc == 0 && ma->ma_syntax == MAP_SX_DNLIST && n > 1)
		rc = map_fail(l, "dnlist takes one class");
	map_free_strv(v, n);
	return rc;
}

/* The syntax word: text(1,20), id, number(0,9), flag, flags(A,B), ... */
static int
map_syntax(struct map_ld *l, struct map_attr *ma, char *s)
{
	static const struct {
		const char	*name;
		enum map_syntax	 sx;
	} tab[] = {
		{ "text", MAP_SX_TEXT }, { "id", MAP_SX_ID },
		{ "number", MAP_SX_NUMBER }, { "flag", MAP_SX_FLAG },
		{ "flags", MAP_SX_FLAGS }, { "date", MAP_SX_DATE },
		{ "dn", MAP_SX_DN }, { "dnlist", MAP_SX_DNLIST },
		{ "secret", MAP_SX_SECRET }, { "grant", MAP_SX_GRANT },
	};
	const char *why = NULL;
	char *args;
	size_t i;

	args = map_args(s, &why);
	if (why != NULL)
		return map_fail(l, "syntax %s: %s", s, why);
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(s, tab[i].name) == 0)
			break;
	if (i == sizeof(tab) / sizeof(tab[0]))
		return map_fail(l, "unknown syntax %s", s);
	ma->ma_syntax = tab[i].sx;
	switch (ma->ma_syntax) {
	case MAP_SX_TEXT:
	case MAP_SX_NUMBER:
	case MAP_SX_SECRET:
		return map_bounds(l, ma, args, s);
	case MAP_SX_FLAGS:
		if (args == NULL || (ma->ma_nwords = map_csv(args,
		    &ma->ma_words)) == 0)
			return map_fail(l, "flags needs (KEYWORD,...)");
		return 0;
	case MAP_SX_DATE:
		return map_syntax_date(l, ma, args);
	case MAP_SX_DN:
	case MAP_SX_DNLIST:
		return map_syntax_dn(l, ma, args);
	default:
		if (args != NULL)
			return map_fail(l, "syntax %s takes no arguments", s);
		return 0;
	}
}

/* chars=A-Z0-9#: ranges and single characters, expanded. */
static int
map_chars(struct map_ld *l, struct map_attr *ma, const char *s)
{
	char set[256];
	size_t n = 0;
	int c;

	for (; *s != '\0'; s++) {
		if (s[1] == '-' && s[2] != '\0') {
			if ((unsigned char)s[2] < (unsigned char)s[0])
				return map_fail(l, "chars=: bad range %.3s", s);
			for (c = (unsigned char)s[0];
			    c <= (unsigned char)s[2] && n < sizeof(set) - 1;
			    c++)
				set[n++] = (char)c;
			s += 2;
		} else if (n < sizeof(set) - 1)
			set[n++] = *s;
	}
	set[n] = '\0';
	free(ma->ma_chars);
	ma->ma_chars = xstrdup(set);
	return 0;
}

static int
map_via(struct map_ld *l, enum map_via *via, const char *key, const char *v)
{
	if (strcmp(v, "main") == 0)
		*via = MAP_VIA_MAIN;
	else if (strcmp(v, "alter") == 0)
		*via = MAP_VIA_ALTER;
	else if (strcmp(v, "command") == 0)
		*via = MAP_VIA_COMMAND;
	else if (strcmp(v, "create") == 0 && strcmp(key, "via") == 0)
		*via = MAP_VIA_CREATE;
	else if (strcmp(key, "via") == 0)
		return map_fail(l, "via=%s: use main, alter, create or "
		    "command", v);
	else
		return map_fail(l, "%s=%s: use main, alter or command", key,
		    v);
	return 0;
}

static int
map_set_str(struct map_ld *l, char **dst, const char *key, const char *v)
{
	if (*dst != NULL)
		return map_fail(l, "%s= given twice", key);
	if (*v == '\0')
		return map_fail(l, "%s= is empty", key);
	*dst = xstrdup(v);
	return 0;
}

/* One key=value option. */
static int
map_option(struct map_ld *l, struct map_attr *ma, char *tok)
{
	char *v = strchr(tok, '=');

	*v++ = '\0';
	if (strcmp(tok, "read") == 0)
		return map_set_str(l, &ma->ma_read, tok, v);
	if (strcmp(tok, "set") == 0)
		return map_set_str(l, &ma->ma_set, tok, v);
	if (strcmp(tok, "clear") == 0)
		return map_set_str(l, &ma->ma_clear, tok, v);
	if (strcmp(tok, "true") == 0)
		return map_set_str(l, &ma->ma_true, tok, v);
	if (strcmp(tok, "strip") == 0)
		return map_set_str(l, &ma->ma_strip, tok, v);
	if (strcmp(tok, "chars") == 0)
		return map_chars(l, ma, v);
	if (strcmp(tok, "via") == 0)
		return map_via(l, &ma->ma_via, tok, v);
	if (strcmp(tok, "clearvia") == 0)
		return map_via(l, &ma->ma_clearvia, tok, v);
	if (strcmp(tok, "word") == 0) {
		if (strcmp(v, "first") == 0)
			ma->ma_word = MAP_WORD_FIRST;
		else if (strcmp(v, "last") == 0)
			ma->ma_word = MAP_WORD_LAST;
		else
			return map_fail(l, "word=%s: use first or last", v);
		return 0;
	}
	return map_fail(l, "unknown option %s=", tok);
}

static int
map_flag(struct map_ld *l, struct map_attr *ma, const char *tok)
{
	static const struct {
		const char	*name;
		unsigned int	 bit;
	} tab[] = {
		{ "rdn", MAP_F_RDN }, { "readonly", MAP_F_READONLY },
		{ "writeonly", MAP_F_WRITEONLY }, { "derived", MAP_F_DERIVED },
		{ "upper", MAP_F_UPPER }, { "multi", MAP_F_MULTI },
		{ "required", MAP_F_REQUIRED },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tok, tab[i].name) == 0) {
			ma->ma_flags |= tab[i].bit;
			return 0;
		}
	return map_fail(l, "unknown word %s (a flag: rdn, readonly, "
	    "writeonly, derived, upper, multi, required; or key=value)", tok);
}

int
map_attr_is_multi(const struct map_attr *ma)
{
	if (ma->ma_syntax == MAP_SX_FLAGS)
		return ma->ma_at == NULL || !ma->ma_at->at_single;
	return (ma->ma_flags & MAP_F_MULTI) != 0 ||
	    ma->ma_syntax == MAP_SX_DNLIST || ma->ma_syntax == MAP_SX_GRANT;
}

/* Does the LDAP type's syntax hold the native syntax's values? */
static int
map_check_syntax(struct map_ld *l, const struct map_attr *ma)
{
	static const char *const text[] = { SX_DSTRING, SX_IA5, SX_PRINTABLE,
	    NULL };
	static const char *const num[] = { SX_INTEGER, SX_NUMSTR, NULL };
	static const char *const boolean[] = { SX_BOOLEAN, NULL };
	static const char *const gtime[] = { SX_GTIME, NULL };
	static const char *const dn[] = { SX_DN, SX_NAMEUID, NULL };
	static const char *const secret[] = { SX_OCTETS, SX_DSTRING, SX_IA5,
	    NULL };
	static const char *const *const ok[] = {
		[MAP_SX_TEXT] = text, [MAP_SX_ID] = text,
		[MAP_SX_NUMBER] = num, [MAP_SX_FLAG] = boolean,
		[MAP_SX_FLAGS] = text, [MAP_SX_DATE] = gtime,
		[MAP_SX_DN] = dn, [MAP_SX_DNLIST] = dn,
		[MAP_SX_SECRET] = secret, [MAP_SX_GRANT] = text,
	};
	const struct schema_syntax *sx = ma->ma_at->at_syntax;
	const char *const *p;

	if (sx == NULL)
		return map_fail(l, "attribute type %s has no syntax",
		    ma->ma_name);
	for (p = ok[ma->ma_syntax]; *p != NULL; p++)
		if (strcmp(sx->sx_oid, *p) == 0)
			return 0;
	return map_fail(l, "attribute type %s has syntax %s, which cannot "
	    "hold this native syntax's values", ma->ma_name, sx->sx_oid);
}

/* Does template t hold placeholder %c (not as part of %%)? */
static int
map_tmpl_has(const char *t, char c)
{
	for (; *t != '\0'; t++) {
		if (*t != '%')
			continue;
		if (t[1] == c)
			return 1;
		if (t[1] != '\0')
			t++;
	}
	return 0;
}

/* A template's %k: grant lines only, and never with %v. */
static int
map_check_key(struct map_ld *l, const struct map_attr *ma, const char *key,
    const char *t)
{
	if (!map_tmpl_has(t, 'k'))
		return 0;
	if (ma->ma_syntax != MAP_SX_GRANT)
		return map_fail(l, "%s=%s: %%k (a grant's key) is for the "
		    "grant syntax only", key, t);
	if (map_tmpl_has(t, 'v'))
		return map_fail(l, "%s=%s: %%v and %%k exclude each other",
		    key, t);
	return 0;
}

/* Where %v must (or must not) appear in a line's templates. */
static int
map_check_templates(struct map_ld *l, const struct map_attr *ma)
{
	int value = ma->ma_syntax != MAP_SX_FLAG;
	int perval = map_attr_is_multi(ma);
	const char *why;

	if (ma->ma_set != NULL && map_template_check(ma->ma_set, &why) == -1)
		return map_fail(l, "set=%s: %s", ma->ma_set, why);
	if (ma->ma_clear != NULL &&
	    map_template_check(ma->ma_clear, &why) == -1)
		return map_fail(l, "clear=%s: %s", ma->ma_clear, why);
	if ((ma->ma_set != NULL &&
	    map_check_key(l, ma, "set", ma->ma_set) == -1) ||
	    (ma->ma_clear != NULL &&
	    map_check_key(l, ma, "clear", ma->ma_clear) == -1))
		return -1;
	if (ma->ma_set != NULL && value != map_tmpl_has(ma->ma_set, 'v') &&
	    !map_tmpl_has(ma->ma_set, 'k'))
		return map_fail(l, "set=%s: %s", ma->ma_set, value ?
		    "must say where the value goes (%v)" :
		    "a flag takes no value (%v)");
	if (ma->ma_clear != NULL && perval != (map_tmpl_has(ma->ma_clear,
	    'v') || map_tmpl_has(ma->ma_clear, 'k')))
		return map_fail(l, "clear=%s: %s", ma->ma_clear, perval ?
		    "a multi-valued field clears one value: needs %v" :
		    "clears the whole field: takes no %v");
	if (ma->ma_via == MAP_VIA_COMMAND && ma->ma_set != NULL &&
	    !isalpha((unsigned char)ma->ma_set[0]))
		return map_fail(l, "via=command: set= must start with the "
		    "command's name");
	if (ma->ma_clearvia == MAP_VIA_COMMAND && ma->ma_clear != NULL &&
	    !isalpha((unsigned char)ma->ma_clear[0]))
		return map_fail(l, "%s=command: clear= must start with the "
		    "command's name", ma->ma_via == MAP_VIA_COMMAND ? "via" :
		    "clearvia");
	return 0;
}

/* The flags multi and required and the option clearvia= on a line. */
static int
map_check_flags(struct map_ld *l, const struct map_attr *ma, int ro)
{
	unsigned int f = ma->ma_flags;

	if ((f & MAP_F_MULTI) && ma->ma_syntax != MAP_SX_TEXT &&
	    ma->ma_syntax != MAP_SX_ID && ma->ma_syntax != MAP_SX_NUMBER)
		return map_fail(l, "multi is for the text, id and number "
		    "syntaxes");
	if ((f & MAP_F_MULTI) && !ro && ma->ma_via != MAP_VIA_COMMAND)
		return map_fail(l, "multi values are set one command each: "
		    "via=command");
	if ((f & MAP_F_REQUIRED) && ro)
		return map_fail(l, "a required attribute is written: not "
		    "with rdn, readonly or derived");
	if (ma->ma_clearvia != ma->ma_via && ma->ma_clear == NULL)
		return map_fail(l, "clearvia= says where clear= goes: "
		    "clear= missing");
	return 0;
}

/* The flags and options of a line, taken together. */
static int
map_check_access(struct map_ld *l, const struct map_attr *ma)
{
	unsigned int f = ma->ma_flags;
	int ro = (f & (MAP_F_RDN | MAP_F_READONLY | MAP_F_DERIVED)) != 0;

	if ((f & MAP_F_WRITEONLY) && (f & (MAP_F_READONLY | MAP_F_RDN)))
		return map_fail(l, "writeonly excludes readonly and rdn");
	if ((f & MAP_F_WRITEONLY) && ma->ma_read != NULL)
		return map_fail(l, "a writeonly attribute has no read=");
	if (!(f & MAP_F_WRITEONLY) && ma->ma_read == NULL)
		return map_fail(l, "read= missing (or say writeonly)");
	if (ma->ma_syntax == MAP_SX_SECRET && !(f & MAP_F_WRITEONLY))
		return map_fail(l, "a secret is never read back: writeonly");
	if (ro && (ma->ma_set != NULL || ma->ma_clear != NULL))
		return map_fail(l, "rdn, readonly and derived attributes are "
		    "never set: no set= or clear=");
	if (!ro && ma->ma_set == NULL)
		return map_fail(l, "set= missing (or say readonly)");
	if ((ma->ma_syntax == MAP_SX_FLAG) != (ma->ma_true != NULL))
		return map_fail(l, ma->ma_true == NULL ? "a flag needs true="
		    : "true= is for the flag syntax only");
	if (ma->ma_word != MAP_WORD_ALL && ma->ma_syntax != MAP_SX_TEXT)
		return map_fail(l, "word= is for the text syntax only");
	if (ma->ma_chars != NULL && ma->ma_syntax != MAP_SX_TEXT)
		return map_fail(l, "chars= is for the text syntax only");
	if ((f & MAP_F_RDN) && ma->ma_syntax != MAP_SX_ID)
		return map_fail(l, "the rdn attribute has the id syntax");
	if (map_attr_is_multi(ma) && ma->ma_via != MAP_VIA_COMMAND &&
	    (ma->ma_syntax == MAP_SX_DNLIST ||
	    ma->ma_syntax == MAP_SX_GRANT) && !ro)
		return map_fail(l, "dnlist and grant values are set one "
		    "command each: via=command");
	return map_check_flags(l, ma, ro);
}

/* Checks against the LDAP schema and the class. */
static int
map_check_attr(struct map_ld *l, struct map_attr *ma)
{
	const struct map_classdef *mc = &l->l_map->m_class[ma->ma_class];
	size_t i;

	if ((ma->ma_at = schema_find_at(l->l_schema, ma->ma_name)) == NULL)
		return map_fail(l, "no attribute type %s in the LDAP schema",
		    ma->ma_name);
	if (ma->ma_at == schema_find_at(l->l_schema, "objectClass"))
		return map_fail(l, "objectClass comes from the class line "
		    "and cannot be mapped");
	for (i = 0; i < l->l_map->m_nattrs; i++)
		if (l->l_map->m_attrs[i].ma_class == ma->ma_class &&
		    l->l_map->m_attrs[i].ma_at == ma->ma_at)
			return map_fail(l, "%s %s is mapped twice (line %d)",
			    map_class_name(ma->ma_class), ma->ma_name,
			    l->l_map->m_attrs[i].ma_line);
	if (ma->ma_at->at_single && map_attr_is_multi(ma))
		return map_fail(l, "%s is single-valued in the LDAP schema "
		    "but the native field is multi-valued", ma->ma_name);
	if ((ma->ma_flags & MAP_F_RDN) && ma->ma_at != mc->mc_rdn_at)
		return map_fail(l, "rdn: class %s is named by %s, not %s",
		    map_class_name(ma->ma_class), mc->mc_rdn, ma->ma_name);
	if (map_check_syntax(l, ma) == -1 || map_check_access(l, ma) == -1)
		return -1;
	return map_check_templates(l, ma);
}

static void
map_attr_free(struct map_attr *ma)
{
	free(ma->ma_name);
	free(ma->ma_chars);
	map_free_strv(ma->ma_words, ma->ma_nwords);
	free(ma->ma_read);
	free(ma->ma_true);
	free(ma->ma_strip);
	free(ma->ma_set);
	free(ma->ma_clear);
}

/* "user cn text(1,20) read=NAME set=NAME(%v)" */
static int
map_line_attr(struct map_ld *l, int cls, char **tok, int ntok)
{
	struct map_attr ma;
	int i, clearvia;

	if (!l->l_map->m_class[cls].mc_defined)
		return map_fail(l, "class %s has no class line yet",
		    class_names[cls]);
	if (ntok < 3)
		return map_fail(l, "expected: %s ATTRIBUTE SYNTAX [options]",
		    class_names[cls]);
	memset(&ma, 0, sizeof(ma));
	ma.ma_class = cls;
	ma.ma_name = xstrdup(tok[1]);
	ma.ma_line = l->l_line;
	if (map_syntax(l, &ma, tok[2]) == -1)
		goto fail;
	for (i = 3, clearvia = 0; i < ntok; i++) {
		if (strncmp(tok[i], "clearvia=", 9) == 0)
			clearvia = 1;
		if ((strchr(tok[i], '=') != NULL ? map_option(l, &ma, tok[i]) :
		    map_flag(l, &ma, tok[i])) == -1)
			goto fail;
	}
	if (!clearvia)
		ma.ma_clearvia = ma.ma_via;
	if (map_check_attr(l, &ma) == -1)
		goto fail;
	l->l_map->m_attrs = xreallocarray(l->l_map->m_attrs,
	    l->l_map->m_nattrs + 1, sizeof(ma));
	l->l_map->m_attrs[l->l_map->m_nattrs++] = ma;
	return 0;
fail:
	map_attr_free(&ma);
	return -1;
}

/* "class user uid ou=People top,person,...,racfUser" */
static int
map_line_class(struct map_ld *l, char **tok, int ntok)
{
	struct map_classdef *mc;
	const char *why;
	struct dn *dn;
	size_t i;
	int c;

	if (ntok != 5)
		return map_fail(l, "expected: class user|group|resource RDNATTRIBUTE "
		    "CONTAINER OBJECTCLASS,...");
	if ((c = map_class_parse(tok[1])) == -1)
		return map_fail(l, "unknown class %s (user, group, resource)", tok[1]);
	mc = &l->l_map->m_class[c];
	if (mc->mc_defined)
		return map_fail(l, "class %s defined twice", tok[1]);
	if ((mc->mc_rdn_at = schema_find_at(l->l_schema, tok[2])) == NULL)
		return map_fail(l, "no attribute type %s in the LDAP schema",
		    tok[2]);
	if (dn_parse(tok[3], strlen(tok[3]), l->l_schema, &dn, &why) == -1)
		return map_fail(l, "container %s: %s", tok[3], why);
	dn_free(dn);
	mc->mc_defined = 1;
	mc->mc_rdn = xstrdup(tok[2]);
	mc->mc_base = xstrdup(tok[3]);
	mc->mc_nocs = map_csv(tok[4], &mc->mc_ocs);
	for (i = 0; i < mc->mc_nocs; i++)
		if (schema_find_oc(l->l_schema, mc->mc_ocs[i]) == NULL)
			return map_fail(l, "no object class %s in the LDAP "
			    "schema", mc->mc_ocs[i]);
	return 0;
}

static int
map_line(struct map_ld *l, char *line)
{
	char *tok[MAP_MAXTOK];
	const char *why = NULL;
	int n, c;

	if ((n = map_split(line, tok, &why)) == -1)
		return map_fail(l, "%s", why);
	if (n == 0)
		return 0;
	if (strcmp(tok[0], "class") == 0)
		return map_line_class(l, tok, n);
	if ((c = map_class_parse(tok[0])) != -1)
		return map_line_attr(l, c, tok, n);
	return map_fail(l, "unknown keyword %s (class, user, group)", tok[0]);
}

/*
 * FNV-1a of a field name.  A record has some fifty fields and a map
 * some fifty lines: the table of the map's fields (map_index_fields)
 * keeps building an entry from turning into thousands of strcmp calls.
 */
static uint32_t
map_field_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The index of field name (of hash h) in m_fields, or -1. */
static long
map_field_index(const struct map *m, const char *name, uint32_t h)
{
	size_t i;
	uint32_t v;

	if (m->m_ftab == NULL)
		return -1;
	for (i = h & m->m_fmask; (v = m->m_ftab[i]) != 0;
	    i = (i + 1) & m->m_fmask)
		if (m->m_fhash[v - 1] == h &&
		    strcmp(m->m_fields[v - 1], name) == 0)
			return (long)v - 1;
	return -1;
}

/* Number the distinct fields the lines read and hash them. */
static void
map_index_fields(struct map *m)
{
	struct map_attr *ma;
	size_t i, j, slots;
	uint32_t h;
	long f;

	m->m_fields = xreallocarray(NULL, m->m_nattrs + 1,
	    sizeof(*m->m_fields));
	m->m_fhash = xreallocarray(NULL, m->m_nattrs + 1,
	    sizeof(*m->m_fhash));
	for (slots = 16; slots < 2 * (m->m_nattrs + 1); slots *= 2)
		;
	m->m_ftab = xcalloc(slots, sizeof(*m->m_ftab));
	m->m_fmask = slots - 1;
	for (i = 0; i < m->m_nattrs; i++) {
		ma = &m->m_attrs[i];
		if (ma->ma_read == NULL)
			continue;
		h = map_field_hash(ma->ma_read);
		if ((f = map_field_index(m, ma->ma_read, h)) == -1) {
			f = (long)m->m_nfields++;
			m->m_fields[f] = ma->ma_read;
			m->m_fhash[f] = h;
			for (j = h & m->m_fmask; m->m_ftab[j] != 0;
			    j = (j + 1) & m->m_fmask)
				;
			m->m_ftab[j] = (uint32_t)f + 1;
		}
		ma->ma_field = (size_t)f;
	}
}

/*
 * The %{ATTR} of template t of line ma: ATTR is a line of the same
 * class whose one value is a bare word (an id, a number or one flags()
 * keyword), so that it can stand for a keyword of a command.
 */
static int
map_check_refs(struct map_ld *l, const struct map_attr *ma, const char *key,
    const char *t)
{
	const struct map_attr *ref;
	const char *name;
	size_t pos = 0, n, start;

	while (map_template_ref(t, &pos, &name, &n, &start) == 0) {
		l->l_line = ma->ma_line;
		ref = map_find(l->l_map, ma->ma_class, name, n);
		if (ref == NULL)
			return map_fail(l, "%s=%s: %%{%.*s}: no %s line maps "
			    "it", key, t, (int)n, name,
			    map_class_name(ma->ma_class));
		if (ref == ma || map_attr_is_multi(ref) ||
		    (ref->ma_flags & MAP_F_WRITEONLY) ||
		    (ref->ma_syntax != MAP_SX_ID &&
		    ref->ma_syntax != MAP_SX_NUMBER &&
		    ref->ma_syntax != MAP_SX_FLAGS))
			return map_fail(l, "%s=%s: %%{%.*s} must name another "
			    "line with one readable id, number or flags() "
			    "value", key, t, (int)n, name);
	}
	return 0;
}

/* After the last line: each class defined has its rdn line. */
static int
map_check_end(struct map_ld *l)
{
	const struct map_attr *ma;
	int c, found;
	size_t i;

	for (i = 0; i < l->l_map->m_nattrs; i++) {
		ma = &l->l_map->m_attrs[i];
		if ((ma->ma_set != NULL &&
		    map_check_refs(l, ma, "set", ma->ma_set) == -1) ||
		    (ma->ma_clear != NULL &&
		    map_check_refs(l, ma, "clear", ma->ma_clear) == -1))
			return -1;
	}

	for (c = 0; c < MAP_CLASS__MAX; c++) {
		if (!l->l_map->m_class[c].mc_defined)
			continue;
		for (found = 0, i = 0; i < l->l_map->m_nattrs; i++)
			if ((int)l->l_map->m_attrs[i].ma_class == c &&
			    (l->l_map->m_attrs[i].ma_flags & MAP_F_RDN))
				found = 1;
		if (!found)
			return map_fail(l, "class %s: no line maps its rdn "
			    "%s (flag rdn)", class_names[c],
			    l->l_map->m_class[c].mc_rdn);
	}
	return 0;
}

struct map *
map_load_text(const char *name, const char *text, size_t len,
    const struct schema *schema, char *err, size_t errlen)
{
	struct map_ld l;
	char line[MAP_MAXLINE];
	const char *p = text, *end = text + len, *nl;

	memset(&l, 0, sizeof(l));
	l.l_map = xcalloc(1, sizeof(*l.l_map));
	l.l_map->m_refs = 1;
	l.l_map->m_path = xstrdup(name);
	l.l_schema = schema;
	l.l_file = name;
	l.l_err = err;
	l.l_errlen = errlen;
	for (; p < end; p = nl + 1) {
		l.l_line++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		if ((size_t)(nl - p) >= sizeof(line)) {
			map_fail(&l, "line longer than %d bytes", MAP_MAXLINE);
			goto fail;
		}
		if (memchr(p, '\0', nl - p) != NULL) {
			map_fail(&l, "NUL byte in the line");
			goto fail;
		}
		memcpy(line, p, nl - p);
		line[nl - p] = '\0';
		if (map_line(&l, line) == -1)
			goto fail;
	}
	if (map_check_end(&l) == -1)
		goto fail;
	map_index_fields(l.l_map);
	return l.l_map;
fail:
	map_unref(l.l_map);
	return NULL;
}

struct map *
map_load(const char *path, const struct schema *schema, char *err,
    size_t errlen)
{
	struct map *m;
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			if (cap > (1u << 24)) {
				snprintf(err, errlen, "%s: larger than 16 MB",
				    path);
				free(buf);
				fclose(f);
				return NULL;
			}
			cap = cap * 2 + 4096;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	m = map_load_text(path, buf, len, schema, err, errlen);
	free(buf);
	return m;
}

struct map *
map_ref(struct map *m)
{
	m->m_refs++;
	return m;
}

void
map_unref(struct map *m)
{
	size_t i;
	int c;

	if (m == NULL || --m->m_refs > 0)
		return;
	for (i = 0; i < m->m_nattrs; i++)
		map_attr_free(&m->m_attrs[i]);
	free(m->m_attrs);
	free(m->m_fields);
	free(m->m_fhash);
	free(m->m_ftab);
	for (c = 0; c < MAP_CLASS__MAX; c++) {
		free(m->m_class[c].mc_rdn);
		free(m->m_class[c].mc_base);
		map_free_strv(m->m_class[c].mc_ocs, m->m_class[c].mc_nocs);
	}
	free(m->m_path);
	free(m);
}

const struct map_attr *
map_find_at(const struct map *m, enum map_class c, const struct schema_at *at)
{
	size_t i;

	for (i = 0; i < m->m_nattrs; i++)
		if (m->m_attrs[i].ma_class == c && m->m_attrs[i].ma_at == at)
			return &m->m_attrs[i];
	return NULL;
}

const struct map_attr *
map_find(const struct map *m, enum map_class c, const char *desc, size_t len)
{
	char buf[256];
	size_t i;

	if (len >= sizeof(buf))
		return NULL;
	memcpy(buf, desc, len);
	buf[len] = '\0';
	for (i = 0; i < m->m_nattrs; i++)
		if (m->m_attrs[i].ma_class == c &&
		    (strcasecmp(m->m_attrs[i].ma_name, buf) == 0 ||
		    schema_at_is_named(m->m_attrs[i].ma_at, buf)))
			return &m->m_attrs[i];
	return NULL;
}

const struct map_attr *
map_rdn(const struct map *m, enum map_class c)
{
	size_t i;

	for (i = 0; i < m->m_nattrs; i++)
		if (m->m_attrs[i].ma_class == c &&
		    (m->m_attrs[i].ma_flags & MAP_F_RDN))
			return &m->m_attrs[i];
	return NULL;
}

int
map_reads_segment(const struct map *m, enum map_class c, const char *seg)
{
	size_t i, n = strlen(seg);
	const char *r;

	for (i = 0; i < m->m_nattrs; i++) {
		r = m->m_attrs[i].ma_read;
		if (m->m_attrs[i].ma_class == c && r != NULL &&
		    strncmp(r, seg, n) == 0 && r[n] == '.')
			return 1;
	}
	return 0;
}

int
map_list_line(const struct berval *line, char *out, size_t outsz,
    size_t *len, char *err, size_t errlen)
{
	size_t n = line->bv_len;

	while (n > 0 && (line->bv_val[n - 1] == '\n' ||
	    line->bv_val[n - 1] == '\r'))
		n--;
	if (n >= outsz || memchr(line->bv_val, '\0', n) != NULL) {
		snprintf(err, errlen, "LIST output line %s", n >= outsz ?
		    "too long" : "holds a NUL");
		return -1;
	}
	/* What it holds becomes DNs and values, which LDAP has in UTF-8. */
	if (!utf8_valid(line->bv_val, n)) {
		snprintf(err, errlen, "LIST output line is not UTF-8");
		return -1;
	}
	memcpy(out, line->bv_val, n);
	out[n] = '\0';
	*len = n;
	return 0;
}

/* Records: field/value pairs in one reusable buffer. */

static size_t
map_rec_put(struct map_rec *r, const char *s, size_t len)
{
	size_t off;

	if (r->mr_cap - r->mr_len < len + 1) {
		while (r->mr_cap - r->mr_len < len + 1)
			r->mr_cap = r->mr_cap * 2 + 256;
		r->mr_buf = xreallocarray(r->mr_buf, r->mr_cap, 1);
	}
	off = r->mr_len;
	memcpy(r->mr_buf + off, s, len);
	r->mr_buf[off + len] = '\0';
	r->mr_len += len + 1;
	return off;
}

void
map_rec_add(struct map_rec *r, const char *field, const char *val,
    size_t vlen)
{
	struct map_field *f;

	if (r->mr_n == r->mr_fcap) {
		r->mr_fcap = r->mr_fcap * 2 + 16;
		r->mr_f = xreallocarray(r->mr_f, r->mr_fcap, sizeof(*r->mr_f));
	}
	f = &r->mr_f[r->mr_n++];
	f->mf_name = map_rec_put(r, field, strlen(field));
	f->mf_val = map_rec_put(r, val, vlen);
	f->mf_vlen = vlen;
	f->mf_hash = map_field_hash(field);
}

const char *
map_rec_get(const struct map_rec *r, const char *field)
{
	uint32_t h = map_field_hash(field);
	size_t i;

	for (i = 0; i < r->mr_n; i++)
		if (r->mr_f[i].mf_hash == h &&
		    strcmp(r->mr_buf + r->mr_f[i].mf_name, field) == 0)
			return r->mr_buf + r->mr_f[i].mf_val;
	return NULL;
}

void
map_rec_reset(struct map_rec *r)
{
	r->mr_len = 0;
	r->mr_n = 0;
}

void
map_rec_free(struct map_rec *r)
{
	free(r->mr_buf);
	free(r->mr_f);
	memset(r, 0, sizeof(*r));
}

/* DNs of entries. */

/* ",<base>,<suffix>" of the class (malloc'ed). */
static char *
map_dn_tail(const struct map *m, enum map_class c, const char *suffix,
    size_t *len)
{
	char *t;

	*len = (size_t)xasprintf(&t, ",%s%s%s", m->m_class[c].mc_base,
	    suffix[0] != '\0' ? "," : "", suffix);
	return t;
}

/* The size map_dn_write needs for an id of idlen bytes, its NUL too. */
static size_t
map_dn_size(const struct map *m, enum map_class c, size_t idlen,
    size_t taillen)
{
	return strlen(m->m_class[c].mc_rdn) + 1 + idlen * 3 + taillen + 1;
}

/* "<rdn>=<escaped id><tail>" into out (map_dn_size bytes); its length. */
static size_t
map_dn_write(const struct map *m, enum map_class c, const char *id,
    size_t idlen, const char *tail, size_t taillen, char *out)
{
	const char *rdn = m->m_class[c].mc_rdn;
	size_t n = strlen(rdn);

	memcpy(out, rdn, n);
	out[n++] = '=';
	n += dn_escape_value_into(id, idlen, out + n);
	memcpy(out + n, tail, taillen + 1);
	return n + taillen;
}

char *
map_dn(const struct map *m, enum map_class c, const char *id,
    const char *suffix)
{
	size_t idlen = strlen(id), taillen;
	char *tail, *dn;

	tail = map_dn_tail(m, c, suffix, &taillen);
	dn = xmalloc(map_dn_size(m, c, idlen, taillen));
	map_dn_write(m, c, id, idlen, tail, taillen, dn);
	free(tail);
	return dn;
}

/* Is the DN's first RDN "<class rdn>=value" below base,suffix? */
static int
map_dn_is_class(const struct map *m, const struct schema *schema,
    enum map_class c, const char *suffix, const struct dn *d)
{
	const struct map_classdef *mc = &m->m_class[c];
	const struct dn_ava *ava = &d->dn_rdns[0].dr_avas[0];
	struct dn rest;
	char *nrest, *nbase, *base;
	const char *why;
	int same;

	if (!mc->mc_defined || (ava->da_at != NULL ? ava->da_at !=
	    mc->mc_rdn_at : strcasecmp(ava->da_type, mc->mc_rdn) != 0))
		return 0;
	rest.dn_rdns = d->dn_rdns + 1;
	rest.dn_nrdns = d->dn_nrdns - 1;
	xasprintf(&base, "%s%s%s", mc->mc_base, suffix[0] != '\0' ? "," : "",
	    suffix);
	nrest = dn_normalize(&rest);
	nbase = NULL;
	same = 0;
	if (dn_normalize_str(base, strlen(base), schema, &nbase, &why) == 0) {
		same = strcmp(nrest, nbase) == 0;
		free(nbase);
	}
	free(nrest);
	free(base);
	return same;
}

int
map_dn_id(const struct map *m, const struct schema *schema,
    unsigned int classes, const char *suffix, const struct berval *bv,
    char **id, enum map_class *cls, const char **why)
{
	struct dn *d = NULL;
	int c;

	*id = NULL;
	if (dn_parse(bv->bv_val, bv->bv_len, schema, &d, why) == -1)
		return LDAP_INVALID_SYNTAX;
	if (d->dn_nrdns < 1 || d->dn_rdns[0].dr_navas != 1) {
		dn_free(d);
		*why = "the DN does not name a user or group of this backend";
		return LDAP_CONSTRAINT_VIOLATION;
	}
	for (c = 0; c < MAP_CLASS__MAX; c++) {
		if (!(classes & (1u << c)) ||
		    !map_dn_is_class(m, schema, c, suffix, d))
			continue;
		*id = xstrdup(d->dn_rdns[0].dr_avas[0].da_value.bv_val);
		if (cls != NULL)
			*cls = c;
		dn_free(d);
		return 0;
	}
	dn_free(d);
	*why = classes == 1u << MAP_GROUP ?
	    "the DN does not name a group of this backend" :
	    classes == 1u << MAP_USER ?
	    "the DN does not name a user of this backend" :
	    "the DN does not name an entry of this backend";
	return LDAP_CONSTRAINT_VIOLATION;
}

/* Dates. */

/* Two-digit years as RACF and ACF2 read them: 71-99 19yy, else 20yy. */
static int
map_year2(int yy)
{
	return yy < 71 ? 2000 + yy : 1900 + yy;
}

static int
map_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A valid calendar day, normalised through timegm(). */
static int
map_tm(int y, int mon, int mday, int yday, struct tm *tm)
{
	time_t t;

	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = mon - 1;
	tm->tm_mday = mday;
	if (yday != 0) {
		if (yday < 1 || yday > (map_is_leap(y) ? 366 : 365))
			return -1;
		tm->tm_mon = 0;
		tm->tm_mday = yday;
	} else if (mon < 1 || mon > 12 || mday < 1 || mday > 31)
		return -1;
	t = timegm(tm);
	gmtime_r(&t, tm);
	if (yday == 0 && (tm->tm_mon != mon - 1 || tm->tm_mday != mday))
		return -1;
	return 0;
}

/*
 * The time after a date, optional: "/hh:mm:ss" (RACF's yy.ddd/...),
 * " hh.mm" (TSS LIST) or "-hh:mm" (ACF2's stamps, mm/dd/yy-hh:mm).
 */
static int
map_hms(const char *s, size_t len, struct tm *tm)
{
	int h, mi, se = 0;

	if (len == 0)
		return 0;
	if (len == 6 && (s[0] == ' ' || s[0] == '-') &&
	    s[3] == (s[0] == ' ' ? '.' : ':')) {
		if (conf_parse_digits(s + 1, 2, &h) == -1 ||
		    conf_parse_digits(s + 4, 2, &mi) == -1 || h > 23 || mi > 59)
			return -1;
	} else if (len != 9 || s[0] != '/' || s[3] != ':' || s[6] != ':' ||
	    conf_parse_digits(s + 1, 2, &h) == -1 || conf_parse_digits(s + 4, 2, &mi) ==
	    -1 || conf_parse_digits(s + 7, 2, &se) == -1 || h > 23 || mi > 59 ||
	    se > 60)
		return -1;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = se;
	return 0;
}

/* v (0 <= v < 10^n) as n decimal digits, without printf: every user of
   a full reconciliation has several dates. */
static void
map_put_digits(char *out, int v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

int
map_date_read(enum map_datefmt fmt, const char *s, size_t len, char *out,
    size_t outlen)
{
	int a, b, c;
	struct tm tm;

	switch (fmt) {
	case MAP_DATE_YYDDD:
		if (len < 6 || s[2] != '.' || conf_parse_digits(s, 2, &a) == -1 ||
		    conf_parse_digits(s + 3, 3, &b) == -1 || b < 1 ||
		    map_tm(map_year2(a), 1, 1, b, &tm) == -1 ||
		    map_hms(s + 6, len - 6, &tm) == -1)
			return -1;
		break;
	case MAP_DATE_MMDDYY:
		if (len < 8 || s[2] != '/' || s[5] != '/' ||
		    conf_parse_digits(s, 2, &a) == -1 ||
		    conf_parse_digits(s + 3, 2, &b) == -1 ||
		    conf_parse_digits(s + 6, 2, &c) == -1 ||
		    map_tm(map_year2(c), a, b, 0, &tm) == -1 ||
		    map_hms(s + 8, len - 8, &tm) == -1)
			return -1;
		break;
	case MAP_DATE_YYYYMMDD:
		if (len != 10 || s[4] != '-' || s[7] != '-' ||
		    conf_parse_digits(s, 4, &c) == -1 ||
		    conf_parse_digits(s + 5, 2, &a) == -1 ||
		    conf_parse_digits(s + 8, 2, &b) == -1 ||
		    map_tm(c, a, b, 0, &tm) == -1)
			return -1;
		break;
	default:
		return -1;
	}
	if (outlen < sizeof("YYYYMMDDHHMMSSZ"))
		return -1;
	map_put_digits(out, tm.tm_year + 1900, 4);
	map_put_digits(out + 4, tm.tm_mon + 1, 2);
	map_put_digits(out + 6, tm.tm_mday, 2);
	map_put_digits(out + 8, tm.tm_hour, 2);
	map_put_digits(out + 10, tm.tm_min, 2);
	map_put_digits(out + 12, tm.tm_sec, 2);
	memcpy(out + 14, "Z", 2);
	return 0;
}

/*
 * RFC 4517 3.3.13 GeneralizedTime: century year month day hour
 * [minute [second]] [(.|,)fraction] (Z | (+|-)hh[mm]); to a UTC time.
 */
static int
map_gt_parse(const char *s, size_t len, time_t *t)
{
	int y, mo, d, h, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	size_t i = 10;
	struct tm tm;

	if (len < 11 || conf_parse_digits(s, 4, &y) == -1 ||
	    conf_parse_digits(s + 4, 2, &mo) == -1 || conf_parse_digits(s + 6, 2, &d) ==
	    -1 || conf_parse_digits(s + 8, 2, &h) == -1 || h > 23)
		return -1;
	if (i + 2 <= len && conf_parse_digits(s + i, 2, &mi) == 0) {
		i += 2;
		if (i + 2 <= len && conf_parse_digits(s + i, 2, &se) == 0)
			i += 2;
	}
	if (mi > 59 || se > 60)
		return -1;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (s[i - 1] == '.' || s[i - 1] == ',')
			return -1;
	}
	if (i + 1 == len && s[i] == 'Z')
		sign = 0;
	else if (i < len && (s[i] == '+' || s[i] == '-') &&
	    (len - i == 3 || len - i == 5) &&
	    conf_parse_digits(s + i + 1, 2, &oh) == 0 && (len - i == 3 ||
	    conf_parse_digits(s + i + 3, 2, &om) == 0) && oh < 24 && om < 60)
		sign = s[i] == '+' ? 1 : -1;
	else
		return -1;
	if (map_tm(y, mo, d, 0, &tm) == -1)
		return -1;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se > 59 ? 59 : se;
	*t = timegm(&tm) - sign * (oh * 3600 + om * 60);
	return 0;
}

int
map_date_write(enum map_datefmt fmt, const char *gt, size_t len, char *out,
    size_t outlen)
{
	struct tm tm;
	time_t t;
	int y;

	if (map_gt_parse(gt, len, &t) == -1)
		return -1;
	gmtime_r(&t, &tm);
	y = tm.tm_year + 1900;
	switch (fmt) {
	case MAP_DATE_YYDDD:
	case MAP_DATE_MMDDYY:
		if (y < 1971 || y > 2070)
			return -1;
		if (fmt == MAP_DATE_YYDDD)
			snprintf(out, outlen, "%02d.%03d", y % 100,
			    tm.tm_yday + 1);
		else
			snprintf(out, outlen, "%02d/%02d/%02d", tm.tm_mon + 1,
			    tm.tm_mday, y % 100);
		return 0;
	case MAP_DATE_YYYYMMDD:
		if (y < 1 || y > 9999)
			return -1;
		snprintf(out, outlen, "%04d-%02d-%02d", y, tm.tm_mon + 1,
		    tm.tm_mday);
		return 0;
	}
	return -1;
}

/* Records to entries. */

/* The words of a name: all, all but the last, or the last. */
static size_t
map_words(int which, const char *s, size_t len, const char **out)
{
	size_t end = len, start;

	while (end > 0 && s[end - 1] == ' ')
		end--;
	start = end;
	while (start > 0 && s[start - 1] != ' ')
		start--;
	*out = s;
	if (which == MAP_WORD_LAST) {
		*out = s + start;
		return end - start;
	}
	if (which == MAP_WORD_FIRST) {
		while (start > 0 && s[start - 1] == ' ')
			start--;
		return start;
	}
	return end;
}

/* A text or id value: strip=, word=. */
static size_t
map_read_text(const struct map_attr *ma, const char *v, size_t len,
    char *buf, size_t buflen)
{
	const char *w;
	size_t n, i, o = 0;

	n = map_words(ma->ma_word, v, len, &w);
	for (i = 0; i < n && o < buflen - 1; i++)
		if (ma->ma_strip == NULL || strchr(ma->ma_strip, w[i]) == NULL)
			buf[o++] = w[i];
	buf[o] = '\0';
	return i < n ? 0 : o;
}

/* A number without leading zeros; 0 when it is no number. */
static size_t
map_read_number(const char *v, size_t len, char *buf, size_t buflen)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	while (len > 1 && *v == '0') {
		v++;
		len--;
	}
	if (len == 0 || len >= buflen)
		return 0;
	memcpy(buf, v, len);
	buf[len] = '\0';
	return len;
}

static int
map_is_word(const struct map_attr *ma, const char *v)
{
	size_t i;

	for (i = 0; i < ma->ma_nwords; i++)
		if (strcmp(ma->ma_words[i], v) == 0)
			return 1;
	return 0;
}

struct map_build {
	const struct map	*b_map;
	const char		*b_suffix;
	map_class_fn		 b_fn;
	void			*b_arg;
	struct entry		*b_e;
	const struct map_rec	*b_rec;
	/* The record's fields by map field: the first, and the next
	   field of the same name; (size_t)-1 ends a list. */
	size_t			*b_first;
	size_t			*b_next;
	char			*b_tail[MAP_CLASS__MAX];	/* owned */
	size_t			 b_taillen[MAP_CLASS__MAX];
	struct attr		*b_attr;	/* the line's, once it has
						   a value */
};

/*
 * A value of line ma.  Each line adds its own attribute type (the map
 * refuses a type mapped twice and objectClass, which the class line
 * sets), so the attribute is appended without a search.
 */
static void
map_add(struct map_build *b, const struct map_attr *ma, const char *v,
    size_t len)
{
	if (b->b_attr == NULL)
		b->b_attr = entry_new_attr(b->b_e, ma->ma_name, ma->ma_at);
	entry_add_value(b->b_e, b->b_attr, v, len);
}

/* The DN of id of class c as a value of ma (or, ma NULL, the entry's). */
static void
map_put_dn(struct map_build *b, const struct map_attr *ma, enum map_class c,
    const char *id, size_t idlen)
{
	char buf[1024], *dn = buf;
	size_t need, len;

	if (b->b_tail[c] == NULL)
		b->b_tail[c] = map_dn_tail(b->b_map, c, b->b_suffix,
		    &b->b_taillen[c]);
	need = map_dn_size(b->b_map, c, idlen, b->b_taillen[c]);
	if (need > sizeof(buf))
		dn = xmalloc(need);
	len = map_dn_write(b->b_map, c, id, idlen, b->b_tail[c],
	    b->b_taillen[c], dn);
	if (ma == NULL)
		b->b_e = entry_new(dn);
	else
		map_add(b, ma, dn, len);
	if (dn != buf)
		free(dn);
}

/* Which class a dn(...) value names. */
static enum map_class
map_dn_class(struct map_build *b, const struct map_attr *ma, const char *v)
{
	int c;

	for (c = 0; !(ma->ma_dnclasses & (1u << c)); c++)
		;
	if ((ma->ma_dnclasses & (ma->ma_dnclasses - 1)) != 0 &&
	    b->b_fn != NULL) {
		c = b->b_fn(b->b_arg, v);
		if (c == -1)
			for (c = 0; !(ma->ma_dnclasses & (1u << c)); c++)
				;
	}
	return (enum map_class)c;
}

/* One native value of line ma as an LDAP value on the entry. */
static void
map_put_value(struct map_build *b, const struct map_attr *ma, const char *v,
    size_t len)
{
	char buf[2048];
	size_t n;

	switch (ma->ma_syntax) {
	case MAP_SX_TEXT:
	case MAP_SX_ID:
	case MAP_SX_GRANT:
		if ((n = map_read_text(ma, v, len, buf, sizeof(buf))) == 0)
			return;
		break;
	case MAP_SX_NUMBER:
		if ((n = map_read_number(v, len, buf, sizeof(buf))) == 0)
			return;
		break;
	case MAP_SX_FLAGS:
		if (!map_is_word(ma, v))
			return;
		map_add(b, ma, v, len);
		return;
	case MAP_SX_DATE:
		if (map_date_read(ma->ma_rdate, v, len, buf, sizeof(buf)) == -1)
			return;
		n = strlen(buf);
		break;
	case MAP_SX_DN:
	case MAP_SX_DNLIST:
		map_put_dn(b, ma, map_dn_class(b, ma, v), v, len);
		return;
	default:
		return;
	}
	map_add(b, ma, buf, n);
}

/* Every value of the line's field; a flag is TRUE or FALSE. */
static void
map_put_attr(struct map_build *b, const struct map_attr *ma)
{
	const struct map_rec *r = b->b_rec;
	const struct map_field *f;
	size_t i;
	int truth = 0;

	b->b_attr = NULL;
	for (i = b->b_first[ma->ma_field]; i != (size_t)-1; i = b->b_next[i]) {
		f = &r->mr_f[i];
		if (ma->ma_syntax == MAP_SX_FLAG) {
			truth |= strcmp(r->mr_buf + f->mf_val,
			    ma->ma_true) == 0;
			continue;
		}
		if (ma->ma_at->at_single && b->b_attr != NULL &&
		    b->b_attr->a_nvals > 0)
			break;
		map_put_value(b, ma, r->mr_buf + f->mf_val, f->mf_vlen);
	}
	if (ma->ma_syntax == MAP_SX_FLAG)
		map_add(b, ma, truth ? "TRUE" : "FALSE", truth ? 4 : 5);
}

/* Link the record's fields into one list per map field, in order. */
static void
map_build_lists(struct map_build *b, size_t *last)
{
	const struct map_rec *r = b->b_rec;
	size_t i;
	long f;

	for (i = 0; i < b->b_map->m_nfields; i++)
		b->b_first[i] = last[i] = (size_t)-1;
	for (i = 0; i < r->mr_n; i++) {
		b->b_next[i] = (size_t)-1;
		f = map_field_index(b->b_map, r->mr_buf + r->mr_f[i].mf_name,
		    r->mr_f[i].mf_hash);
		if (f == -1)
			continue;
		if (last[f] == (size_t)-1)
			b->b_first[f] = i;
		else
			b->b_next[last[f]] = i;
		last[f] = i;
	}
}

struct entry *
map_rec_entry(const struct map *m, const struct schema *schema,
    enum map_class c, const struct map_rec *r, const char *suffix,
    map_class_fn fn, void *arg)
{
	const struct map_classdef *mc = &m->m_class[c];
	const struct map_attr *rdn = map_rdn(m, c), *ma;
	const struct schema_at *oc;
	struct map_build b;
	size_t stack[512], *links = stack, need, i;
	const char *id;

	if (rdn == NULL || (id = map_rec_get(r, rdn->ma_read)) == NULL ||
	    *id == '\0')
		return NULL;
	memset(&b, 0, sizeof(b));
	b.b_map = m;
	b.b_suffix = suffix;
	b.b_fn = fn;
	b.b_arg = arg;
	b.b_rec = r;
	need = 2 * m->m_nfields + r->mr_n;
	if (need > sizeof(stack) / sizeof(stack[0]))
		links = xreallocarray(NULL, need, sizeof(*links));
	b.b_first = links;
	b.b_next = links + 2 * m->m_nfields;
	map_build_lists(&b, links + m->m_nfields);
	map_put_dn(&b, NULL, c, id, strlen(id));
	oc = schema_find_at(schema, "objectClass");
	for (i = 0; i < mc->mc_nocs; i++)
		entry_add_str(b.b_e, "objectClass", oc, mc->mc_ocs[i]);
	for (i = 0; i < m->m_nattrs; i++) {
		ma = &m->m_attrs[i];
		if (ma->ma_class == c && ma->ma_read != NULL)
			map_put_attr(&b, ma);
	}
	for (i = 0; i < MAP_CLASS__MAX; i++)
		free(b.b_tail[i]);
	if (links != stack)
		free(links);
	return b.b_e;
}

/* Listings. */

void
map_listing_init(struct map_listing *ml, enum map_class cls,
    const struct map *m, const struct schema *schema, const char *suffix,
    map_entry_cb cb, void *arg)
{
	memset(ml, 0, sizeof(*ml));
	ml->ml_cls = cls;
	ml->ml_map = m;
	ml->ml_schema = schema;
	ml->ml_suffix = xstrdup(suffix);
	ml->ml_cb = cb;
	ml->ml_arg = arg;
}

void
map_listing_flush(struct map_listing *ml, map_class_fn fn, void *fnarg)
{
	struct entry *e;

	if (!ml->ml_open)
		return;
	e = map_rec_entry(ml->ml_map, ml->ml_schema, ml->ml_cls, &ml->ml_rec,
	    ml->ml_suffix, fn, fnarg);
	ml->ml_open = 0;
	map_rec_reset(&ml->ml_rec);
	if (e == NULL)
		return;
	ml->ml_nrecords++;
	ml->ml_cb(ml->ml_arg, e);
}

void
map_listing_start(struct map_listing *ml, map_class_fn fn, void *fnarg)
{
	map_listing_flush(ml, fn, fnarg);
	ml->ml_open = 1;
}

void
map_listing_clear(struct map_listing *ml)
{
	map_rec_free(&ml->ml_rec);
	free(ml->ml_suffix);
	ml->ml_suffix = NULL;
}

/* Templates. */

/* Characters a template may hold besides placeholders and parentheses:
   never a quote, a comma or a semicolon, so no template can open a
   string or end a command. */
static int
map_tmpl_char(char c)
{
	return isalnum((unsigned char)c) || strchr("#$@./-_*+ ()%", c) != NULL;
}

/* The name of a %{NAME} placeholder: letters, digits and hyphens. */
static size_t
map_ref_name(const char *p)
{
	size_t n = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '-')
		n++;
	return p[n] == '}' ? n : 0;
}

int
map_template_ref(const char *t, size_t *pos, const char **name,
    size_t *nlen, size_t *start)
{
	const char *p;

	for (p = t + *pos; *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0')
			continue;
		if (p[1] == '{' && (*nlen = map_ref_name(p + 2)) > 0) {
			*name = p + 2;
			*start = (size_t)(p - t);
			*pos = *start + *nlen + 3;
			return 0;
		}
		p++;
	}
	return -1;
}

int
map_template_check(const char *t, const char **why)
{
	int depth = 0;
	const char *p;
	size_t n;

	if (*t == '\0' || *t == ' ' || *t == '(') {
		*why = "a template starts with a word";
		return -1;
	}
	for (p = t; *p != '\0'; p++) {
		if (*p == '%' && p[1] == '{') {
			if ((n = map_ref_name(p + 2)) == 0) {
				*why = "%{ needs an attribute name and }";
				return -1;
			}
			p += n + 2;
			continue;
		}
		if (!map_tmpl_char(*p)) {
			*why = "only letters, digits, blanks, parentheses "
			    "and # $ @ . / - _ * + may appear";
			return -1;
		}
		if (*p == '%' && p[1] != 'v' && p[1] != 'u' && p[1] != 'k' &&
		    p[1] != '%' && !(p[1] >= '1' && p[1] <= '9')) {
			*why = "unknown placeholder (use %v, %u, %1 to %9, %k, "
			    "%{ATTR}, %%)";
			return -1;
		}
		if (*p == '%')
			p++;
		else if (*p == '(' && (p[-1] == ' ' || p[-1] == '(' ||
		    p[1] == ')')) {
			*why = "( must follow a keyword and hold something";
			return -1;
		} else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth < 0)
			break;
	}
	if (depth != 0) {
		*why = "unbalanced parentheses";
		return -1;
	}
	return 0;
}

/*
 * Part n (1-9) of a name of several parts ("FAC/BPX.SUPERUSER": part 1
 * is FAC, part 2 BPX.SUPERUSER), *len bytes; "" when it has fewer.
 */
static const char *
map_name_part(const char *id, int n, size_t *len)
{
	const char *p = id, *slash;

	for (; n > 1 && (slash = strchr(p, '/')) != NULL; n--)
		p = slash + 1;
	if (n > 1) {
		*len = 0;
		return "";
	}
	*len = strcspn(p, "/");
	return p;
}

/* What placeholder c stands for (NULL: nothing), *len bytes. */
static const char *
map_placeholder(char c, const char *id, const char *qval, size_t *len)
{
	const char *v = NULL;

	if (c == 'v')
		v = qval;
	else if (c == 'u')
		v = id;
	else if (c >= '1' && c <= '9' && id != NULL)
		return map_name_part(id, c - '0', len);
	*len = v != NULL ? strlen(v) : 0;
	return v;
}

char *
map_expand(const char *t, const char *id, const char *qval)
{
	size_t len = 1, n;
	const char *p, *v;
	char *out, *o;

	for (p = t; *p != '\0'; p++) {
		if (*p == '%' && p[1] != '\0' && p[1] != '%') {
			(void)map_placeholder(p[1], id, qval, &n);
			len += n;
		} else
			len++;
		if (*p == '%' && p[1] != '\0')
			p++;
	}
	o = out = xmalloc(len);
	for (p = t; *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0') {
			*o++ = *p;
			continue;
		}
		p++;
		if (*p == '%')
			*o++ = '%';
		else if ((v = map_placeholder(*p, id, qval, &n)) != NULL) {
			memcpy(o, v, n);
			o += n;
		}
	}
	*o = '\0';
	return out;
}

struct map_op {
	char		*op_text;	/* owned: keyword or value token */
	int		 op_value;	/* a %v or %u item: a value */
	int		 op_paren;	/* keyword(...) */
	int		 op_secret;	/* op_text holds a secret */
	struct map_op	*op_sub;	/* owned */
	struct map_op	*op_next;	/* owned */
};

static void
map_op_free(struct map_op *op)
{
	struct map_op *next;

	for (; op != NULL; op = next) {
		next = op->op_next;
		map_op_free(op->op_sub);
		if (op->op_secret)
			xfree_secret(op->op_text, strlen(op->op_text));
		else
			free(op->op_text);
		free(op);
	}
}

struct map_tp {
	const char	*tp_p;
	const char	*tp_id;
	const char	*tp_qval;
	int		 tp_secret;
};

static struct map_op *map_tp_list(struct map_tp *, int);

/* One word of a template, expanded, and what follows it in (...). */
static struct map_op *
map_tp_word(struct map_tp *tp, int depth)
{
	struct map_op *op;
	const char *s = tp->tp_p;
	char *raw;

	while (*tp->tp_p != '\0' && *tp->tp_p != ' ' && *tp->tp_p != '(' &&
	    *tp->tp_p != ')')
		tp->tp_p++;
	raw = xstrndup(s, tp->tp_p - s);
	op = xcalloc(1, sizeof(*op));
	op->op_value = depth > 0 && raw[0] == '%' && raw[1] != '\0' &&
	    raw[2] == '\0' && (raw[1] == 'v' || raw[1] == 'u' ||
	    (raw[1] >= '1' && raw[1] <= '9'));
	op->op_secret = tp->tp_secret && strstr(raw, "%v") != NULL;
	op->op_text = map_expand(raw, tp->tp_id, tp->tp_qval);
	free(raw);
	if (*tp->tp_p == '(') {
		tp->tp_p++;
		op->op_paren = 1;
		op->op_sub = map_tp_list(tp, depth + 1);
		if (*tp->tp_p == ')')
			tp->tp_p++;
	}
	return op;
}

static struct map_op *
map_tp_list(struct map_tp *tp, int depth)
{
	struct map_op *head = NULL, **tail = &head;

	for (;;) {
		while (*tp->tp_p == ' ')
			tp->tp_p++;
		if (*tp->tp_p == '\0' || *tp->tp_p == ')')
			return head;
		*tail = map_tp_word(tp, depth);
		tail = &(*tail)->op_next;
	}
}

/* A keyword whose (...) holds only keywords: operands merge into it. */
static int
map_op_is_container(const struct map_op *op)
{
	const struct map_op *s;

	if (op->op_value || !op->op_paren)
		return 0;
	for (s = op->op_sub; s != NULL; s = s->op_next)
		if (s->op_value)
			return 0;
	return 1;
}

static struct map_op *
map_op_find(struct map_op *list, const struct map_op *op)
{
	for (; list != NULL; list = list->op_next)
		if (!list->op_value && !op->op_value &&
		    strcmp(list->op_text, op->op_text) == 0)
			return list;
	return NULL;
}

/* Would merging src into dst repeat a leaf? */
static int
map_op_conflict(struct map_op *dst, const struct map_op *src)
{
	struct map_op *d;

	for (; src != NULL; src = src->op_next) {
		if ((d = map_op_find(dst, src)) == NULL)
			continue;
		if (!map_op_is_container(d) || !map_op_is_container(src) ||
		    map_op_conflict(d->op_sub, src->op_sub))
			return 1;
	}
	return 0;
}

/* Merge src (taken) into *dst; no conflict is possible any more. */
static void
map_op_merge(struct map_op **dst, struct map_op *src)
{
	struct map_op *next, *d, **tail;

	for (; src != NULL; src = next) {
		next = src->op_next;
		src->op_next = NULL;
		if ((d = map_op_find(*dst, src)) != NULL) {
			map_op_merge(&d->op_sub, src->op_sub);
			src->op_sub = NULL;
			map_op_free(src);
			continue;
		}
		for (tail = dst; *tail != NULL; tail = &(*tail)->op_next)
			;
		*tail = src;
	}
}

int
map_ops_add(struct map_ops *ops, const char *tmpl, const char *id,
    const char *qval, int secret, const char **why)
{
	struct map_tp tp;
	struct map_op *ops_new;

	if (map_template_check(tmpl, why) == -1)
		return -1;
	memset(&tp, 0, sizeof(tp));
	tp.tp_p = tmpl;
	tp.tp_id = id;
	tp.tp_qval = qval;
	tp.tp_secret = secret;
	ops_new = map_tp_list(&tp, 0);
	if (map_op_conflict(ops->mo_head, ops_new)) {
		map_op_free(ops_new);
		*why = "the same operand is given twice";
		return -1;
	}
	if (secret && qval != NULL && strstr(tmpl, "%v") != NULL)
		ops->mo_secret = 1;
	map_op_merge(&ops->mo_head, ops_new);
	return 0;
}

int
map_ops_empty(const struct map_ops *ops)
{
	return ops->mo_head == NULL;
}

/* Bytes the operands take when formatted: " t", "(" ... ")". */
static size_t
map_op_measure(const struct map_op *op, int mask)
{
	size_t n = 0;

	for (; op != NULL; op = op->op_next) {
		n += 1 + strlen(mask && op->op_secret ? "********" :
		    op->op_text);
		if (op->op_paren)
			n += 2 + map_op_measure(op->op_sub, mask);
	}
	return n;
}

/*
 * Format into a buffer measured beforehand, so it never grows: a grown
 * buffer would leave a copy of a password operand in freed memory.
 */
static char *
map_op_format(const struct map_op *op, char *p, int mask)
{
	const char *t;
	size_t n;

	for (; op != NULL; op = op->op_next) {
		t = mask && op->op_secret ? "********" : op->op_text;
		n = strlen(t);
		*p++ = ' ';
		memcpy(p, t, n);
		p += n;
		if (!op->op_paren)
			continue;
		*p++ = '(';
		p = map_op_format(op->op_sub, p, mask);
		*p++ = ')';
	}
	return p;
}

char *
map_ops_format(const struct map_ops *ops, const char *prefix, int mask)
{
	size_t len, i, o;
	char *buf;

	len = strlen(prefix);
	buf = xmalloc(len + map_op_measure(ops->mo_head, mask) + 1);
	memcpy(buf, prefix, len);
	len = map_op_format(ops->mo_head, buf + len, mask) - buf;
	/* Squeeze "( " to "(", outside quoted strings. */
	for (i = o = 0; i < len; i++) {
		if (buf[i] == '\'') {
			do
				buf[o++] = buf[i++];
			while (i < len && buf[i] != '\'');
			if (i < len)
				buf[o++] = buf[i];
			continue;
		}
		if (buf[i] == ' ' && o > 0 && buf[o - 1] == '(')
			continue;
		buf[o++] = buf[i];
	}
	buf[o] = '\0';
	return buf;
}

void
map_ops_clear(struct map_ops *ops)
{
	map_op_free(ops->mo_head);
	ops->mo_head = NULL;
	ops->mo_secret = 0;
}
