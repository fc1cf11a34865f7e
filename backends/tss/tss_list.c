/*
 * tss_list.c - TSS LIST output, streamed, to entries.
 *
 * The layout is TSS's (mainframe-agent/sim/tss/list.c documents the
 * simulator's rendering of it): a keyword left-justified in columns
 * 1-11, "=" in column 12, a blank, the value from column 14; several
 * pairs share a line, each value padded and followed by at least two
 * blanks; values that may hold blanks (NAME, the owner's name, HOME,
 * OMVSPGM, TSOCOMMAND, a permission's resource) end their line; a
 * multi-valued keyword repeats on as many lines as it needs; segments
 * start with "-----------  SEGMENT x"; a permission is an "XA class =
 * resource" line and an "   ACCESS  = levels" line.  Every ACID's block
 * starts with ACCESSORID, and the output ends with TSS0300I or TSS0301I.
 *
 * The parser is a line-at-a-time state machine that keeps nothing but
 * the block being read, so lines may arrive in chunks cut anywhere.  A
 * pair ends where the next keyword starts: two blanks, then eleven
 * columns of capitals and blanks, then "= ".  No value but those that
 * end their line holds an "=", so a value cannot be taken for a keyword.
 * Lines inside a block that are no pairs are skipped (TSS prints more
 * than the map reads); outside a block only TSS messages may appear,
 * anything else means this is not LIST output.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "backends/map.h"
#include "gateway/entry.h"

#include "tss_list.h"
#include "tss_quote.h"

#define TL_MAXLINE	8192
#define TL_KW		11	/* a keyword's columns */

/* The sections of LIST (DATA() and SEGMENT() operands). */
#define TL_PROFILES	0x01u
#define TL_PASSWORD	0x02u
#define TL_XAUTH	0x04u
#define TL_ACIDS	0x08u
#define TL_TSO		0x10u
#define TL_OMVS		0x20u

struct tss_list {
	enum map_class		 tl_cls;
	const struct map	*tl_map;	/* borrowed */
	const struct schema	*tl_schema;	/* borrowed */
	char			*tl_suffix;	/* owned */
	tss_list_cb		 tl_cb;
	void			*tl_arg;
	struct map_rec		 tl_rec;	/* owned: the block */
	int			 tl_open;	/* a block is being read */
	char			 tl_seg[16];	/* the segment, or "" */
	char			 tl_xa[16];	/* an XA line's class */
	char			*tl_xares;	/* owned: its resource */
	int			 tl_rc;
	size_t			 tl_nrecords;
	size_t			 tl_nskipped;
	size_t			 tl_nmessages;
	char			 tl_line[TL_MAXLINE + 1];
};

/* Keywords whose value is the rest of the line (it may hold blanks). */
static const char *const tl_last[] = {
	"NAME", "DEPARTMENT", "DIVISION", "ZONE", "HOME", "OMVSPGM",
	"TSOCOMMAND", NULL
};

/* Keywords with one or more blank-separated values. */
static const char *const tl_multi[] = {
	"FACILITY", "PROFILES", "GROUPS", "TSOACCT", "TSOPROC", "ACIDS", NULL
};

static int
tl_is(const char *kw, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(kw, list[i]) == 0)
			return 1;
	return 0;
}

struct tss_list *
tss_list_new(enum map_class cls, const struct map *m,
    const struct schema *schema, const char *suffix, tss_list_cb cb,
    void *arg)
{
	struct tss_list *tl;

	tl = xcalloc(1, sizeof(*tl));
	tl->tl_cls = cls;
	tl->tl_map = m;
	tl->tl_schema = schema;
	tl->tl_suffix = xstrdup(suffix);
	tl->tl_cb = cb;
	tl->tl_arg = arg;
	tl->tl_rc = -1;
	return tl;
}

void
tss_list_free(struct tss_list *tl)
{
	if (tl == NULL)
		return;
	map_rec_free(&tl->tl_rec);
	free(tl->tl_xares);
	free(tl->tl_suffix);
	free(tl);
}

size_t
tss_list_nrecords(const struct tss_list *tl)
{
	return tl->tl_nrecords;
}

size_t
tss_list_nskipped(const struct tss_list *tl)
{
	return tl->tl_nskipped;
}

size_t
tss_list_nmessages(const struct tss_list *tl)
{
	return tl->tl_nmessages;
}

int
tss_list_rc(const struct tss_list *tl)
{
	return tl->tl_rc;
}

/* Is the block of the class asked for (by its TYPE)? */
static int
tl_of_class(const struct tss_list *tl)
{
	const char *t = map_rec_get(&tl->tl_rec, "TYPE");

	if (t == NULL)
		return 0;
	if (tl->tl_cls == MAP_USER)
		return strcmp(t, "USER") == 0;
	return strcmp(t, "PROFILE") == 0 || strcmp(t, "GROUP") == 0;
}

/* Hand the block read so far to the callback. */
static void
tl_flush(struct tss_list *tl)
{
	struct entry *e = NULL;

	if (!tl->tl_open)
		return;
	if (tl_of_class(tl))
		e = map_rec_entry(tl->tl_map, tl->tl_schema, tl->tl_cls,
		    &tl->tl_rec, tl->tl_suffix, NULL, NULL);
	tl->tl_open = 0;
	tl->tl_seg[0] = tl->tl_xa[0] = '\0';
	free(tl->tl_xares);
	tl->tl_xares = NULL;
	map_rec_reset(&tl->tl_rec);
	if (e == NULL) {
		tl->tl_nskipped++;
		return;
	}
	tl->tl_nrecords++;
	tl->tl_cb(tl->tl_arg, e);
}

/* TSS0211E, TSS0300I ...: "TSS", four digits, a severity letter. */
static int
tl_is_message(const char *s)
{
	return strncmp(s, "TSS", 3) == 0 && strspn(s + 3, "0123456789") ==
	    4 && s[7] != '\0' && strchr("IEWA", s[7]) != NULL;
}

/* A message line; the last one says how the command ended. */
static void
tl_message(struct tss_list *tl, const char *s)
{
	const char *p;

	tl->tl_nmessages++;
	if (strncmp(s, "TSS0300I", 8) == 0) {
		tl_flush(tl);
		tl->tl_rc = 0;
	} else if (strncmp(s, "TSS0301I", 8) == 0) {
		tl_flush(tl);
		p = strstr(s, "RETURN CODE =");
		tl->tl_rc = p != NULL ? atoi(p + 13) : 12;
	}
}

/* Does a keyword start at s + i: capitals and blanks, then "= "? */
static int
tl_kw_at(const char *s, size_t n, size_t i)
{
	size_t k;

	if (i + TL_KW + 1 > n || s[i] < 'A' || s[i] > 'Z' ||
	    s[i + TL_KW] != '=' || (i + TL_KW + 1 < n &&
	    s[i + TL_KW + 1] != ' '))
		return 0;
	for (k = i; k < i + TL_KW; k++)
		if ((s[k] < 'A' || s[k] > 'Z') && s[k] != ' ')
			return 0;
	return 1;
}

static void
tl_add(struct tss_list *tl, const char *field, const char *v, size_t len)
{
	while (len > 0 && v[len - 1] == ' ')
		len--;
	if (len > 0)
		map_rec_add(&tl->tl_rec, field, v, len);
}

/* "SEG.KEYWORD" inside a segment, "KEYWORD" outside. */
static void
tl_field(const struct tss_list *tl, const char *kw, char *out, size_t len)
{
	size_t i;

	snprintf(out, len, "%s%s%s", tl->tl_seg, tl->tl_seg[0] != '\0' ?
	    "." : "", kw);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == ' ')
			out[i] = '-';
}

/* A multi-valued keyword: one pair per value (and MEMBEROF). */
static void
tl_words(struct tss_list *tl, const char *kw, const char *field,
    const char *v, size_t len)
{
	size_t n, i = 0;

	while (i < len) {
		while (i < len && v[i] == ' ')
			i++;
		for (n = 0; i + n < len && v[i + n] != ' '; n++)
			;
		if (n == 0)
			break;
		tl_add(tl, field, v + i, n);
		if (strcmp(kw, "PROFILES") == 0 || strcmp(kw, "GROUPS") == 0)
			tl_add(tl, "MEMBEROF", v + i, n);
		i += n;
	}
}

/* "XA class   = resource": kept until its ACCESS line. */
static void
tl_xa(struct tss_list *tl, const char *kw, const char *v, size_t len)
{
	const char *cls = tss_grant_class(kw + 3, strlen(kw + 3));

	tl->tl_seg[0] = '\0';
	free(tl->tl_xares);
	tl->tl_xares = NULL;
	tl->tl_xa[0] = '\0';
	while (len > 0 && v[len - 1] == ' ')
		len--;
	if (cls == NULL || len == 0)
		return;
	snprintf(tl->tl_xa, sizeof(tl->tl_xa), "%s", cls);
	tl->tl_xares = xstrndup(v, len);
}

/* "   ACCESS  = levels": the permission, canonical. */
static void
tl_access(struct tss_list *tl, const char *v)
{
	char *p;
	int n;

	if (tl->tl_xares == NULL)
		return;
	n = xasprintf(&p, "%s(%s) ACCESS(%s)", tl->tl_xa, tl->tl_xares, v);
	tl_add(tl, "XA", p, (size_t)n);
	free(p);
	free(tl->tl_xares);
	tl->tl_xares = NULL;
}

/* One pair of keyword kw and value v. */
static void
tl_pair(struct tss_list *tl, const char *kw, const char *v, size_t len)
{
	char field[64];

	if (strncmp(kw, "XA ", 3) == 0) {
		tl_xa(tl, kw, v, len);
		return;
	}
	if (strcmp(kw, "ACIDS") == 0)
		tl->tl_seg[0] = '\0';
	tl_field(tl, kw, field, sizeof(field));
	if (tl_is(kw, tl_multi)) {
		tl_words(tl, kw, field, v, len);
		return;
	}
	tl_add(tl, field, v, len);
	if (strcmp(field, "SUSPENDED") == 0)
		map_rec_add(&tl->tl_rec, "SUSPEND", "SUSPENDED", 9);
}

/* Where the value starting at v ends: at the next keyword, or n. */
static size_t
tl_value_end(const char *s, size_t n, size_t v)
{
	size_t end;

	for (end = v + 2; end < n; end++)
		if (s[end - 1] == ' ' && s[end - 2] == ' ' &&
		    tl_kw_at(s, n, end))
			return end;
	return n;
}

/* Every pair of a line that starts with a keyword. */
static void
tl_pairs(struct tss_list *tl, const char *s, size_t n)
{
	char kw[TL_KW + 1];
	size_t i = 0, v, end, k;

	while (i < n && tl_kw_at(s, n, i)) {
		memcpy(kw, s + i, TL_KW);
		for (k = TL_KW; k > 0 && kw[k - 1] == ' '; k--)
			;
		kw[k] = '\0';
		v = i + TL_KW + 2 < n ? i + TL_KW + 2 : n;
		end = n;
		if (!tl_is(kw, tl_last) && strncmp(kw, "XA ", 3) != 0)
			end = tl_value_end(s, n, v);
		tl_pair(tl, kw, s + v, end - v);
		i = end;
	}
}

/* "ACCESSORID = X ...": a new block. */
static int
tl_start(struct tss_list *tl, const char *s, size_t n, char *err,
    size_t errlen)
{
	char id[TSS_ID_LEN + 1];
	const char *why, *v = s + TL_KW + 2;
	size_t len = strcspn(v, " ");

	if (n < TL_KW + 3 || tss_quote_id(v, len, id, &why) == -1 ||
	    strncmp(v, id, len) != 0) {
		snprintf(err, errlen, "LIST: bad ACCESSORID line: %.60s", s);
		return -1;
	}
	tl_flush(tl);
	tl->tl_open = 1;
	tl_pairs(tl, s, n);
	return 0;
}

static int
tl_line(struct tss_list *tl, const char *s, size_t n, char *err,
    size_t errlen)
{
	if (strncmp(s, "ACCESSORID = ", 13) == 0)
		return tl_start(tl, s, n, err, errlen);
	if (tl_is_message(s)) {
		tl_message(tl, s);
		return 0;
	}
	if (!tl->tl_open) {
		snprintf(err, errlen, "LIST: not LIST output: %.60s", s);
		return -1;
	}
	if (strncmp(s, "-----------  SEGMENT ", 21) == 0) {
		snprintf(tl->tl_seg, sizeof(tl->tl_seg), "%s", s + 21);
		map_rec_add(&tl->tl_rec, tl->tl_seg, "", 0);
		return 0;
	}
	if (strncmp(s, "   ACCESS  = ", 13) == 0) {
		tl_access(tl, s + 13);
		return 0;
	}
	tl_pairs(tl, s, n);
	return 0;
}

int
tss_list_feed(struct tss_list *tl, const struct berval *lines, size_t nlines,
    char *err, size_t errlen)
{
	size_t i, n;

	for (i = 0; i < nlines; i++)
		if (map_list_line(&lines[i], tl->tl_line, sizeof(tl->tl_line),
		    &n, err, errlen) == -1 || (n > 0 &&
		    tl_line(tl, tl->tl_line, n, err, errlen) == -1))
			return -1;
	return 0;
}

int
tss_list_end(struct tss_list *tl, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	tl_flush(tl);
	return 0;
}

/* The section of LIST a field the map reads comes from. */
static unsigned int
tl_section(const char *field)
{
	static const struct {
		const char	*field;
		unsigned int	 bit;
	} tab[] = {
		{ "PROFILES", TL_PROFILES }, { "GROUPS", TL_PROFILES },
		{ "DFLTGRP", TL_PROFILES }, { "MEMBEROF", TL_PROFILES },
		{ "PASSWORD", TL_PASSWORD }, { "EXPIRES", TL_PASSWORD },
		{ "INTERVAL", TL_PASSWORD }, { "XA", TL_XAUTH },
		{ "ACIDS", TL_ACIDS }, { "TSO", TL_TSO }, { "OMVS", TL_OMVS },
	};
	size_t i, n = strcspn(field, ".");

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strlen(tab[i].field) == n &&
		    strncmp(field, tab[i].field, n) == 0)
			return tab[i].bit;
	return 0;
}

char *
tss_list_command(enum map_class cls, const struct map *m,
    const char *const *ids, size_t n)
{
	unsigned int bits = 0;
	size_t i, len, cap = 96;
	char *buf;

	for (i = 0; i < m->m_nattrs; i++)
		if (m->m_attrs[i].ma_class == cls &&
		    m->m_attrs[i].ma_read != NULL)
			bits |= tl_section(m->m_attrs[i].ma_read);
	for (i = 0; i < n; i++)
		cap += strlen(ids[i]) + 1;
	buf = xmalloc(cap);
	len = (size_t)snprintf(buf, cap, "LIST(");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		    i > 0 ? "," : "", ids[i]);
	len += (size_t)snprintf(buf + len, cap - len, ") DATA(BASIC%s%s%s%s)",
	    bits & TL_PROFILES ? ",PROFILES" : "",
	    bits & TL_PASSWORD ? ",PASSWORD" : "",
	    bits & TL_XAUTH ? ",XAUTH" : "", bits & TL_ACIDS ? ",ACIDS" : "");
	if (bits & (TL_TSO | TL_OMVS))
		snprintf(buf + len, cap - len, " SEGMENT(%s%s%s)",
		    bits & TL_TSO ? "TSO" : "",
		    (bits & TL_TSO) && (bits & TL_OMVS) ? "," : "",
		    bits & TL_OMVS ? "OMVS" : "");
	return buf;
}
