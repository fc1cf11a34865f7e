/*
 * racf_list.c - LISTUSER and LISTGRP output, streamed, to entries.
 *
 * The layout is RACF's (mainframe-agent/sim/racf/list.c documents the
 * simulator's rendering of it).  The parser is a line-at-a-time state
 * machine that keeps nothing but the record being read: "USER=" (or
 * "INFORMATION FOR GROUP") starts a record and flushes the one before,
 * so lines may arrive in chunks cut anywhere and a listing of 100,000
 * users needs the memory of one.  Each recognised line adds native
 * field/value pairs to the record (field names in racf_list.h); the
 * schema map turns the record into an entry.  Lines the parser does not
 * know inside a record are skipped (RACF prints more than the map
 * reads); outside a record only RACF messages (ICH30001I ...) may
 * appear, anything else means this is not LIST output.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "backends/map.h"
#include "gateway/entry.h"

#include "racf_list.h"
#include "racf_quote.h"

#define RL_MAXLINE	8192
#define RL_NAMELEN	20	/* NAME is printed in exactly 20 columns */

enum rl_state {
	RL_NONE,	/* before the first record */
	RL_BASE,	/* the RACF segment of a user or group */
	RL_SUBGROUPS,	/* LISTGRP: after SUBGROUP(S)= */
	RL_SEGMENT	/* after "xxx INFORMATION" */
};

struct racf_list {
	enum racf_list_kind	 rl_kind;
	struct map_listing	 rl_ls;		/* the record, the entries */
	int			(*rl_resolve)(void *, const char *);
	void			*rl_resolve_arg;
	enum rl_state		 rl_state;
	char			 rl_seg[16];	/* current segment name */
	char			 rl_line[RL_MAXLINE + 1];
};

struct racf_list *
racf_list_new(enum racf_list_kind kind, const struct map *m,
    const struct schema *schema, const char *suffix, racf_list_cb cb,
    void *arg)
{
	struct racf_list *rl;

	rl = xcalloc(1, sizeof(*rl));
	rl->rl_kind = kind;
	map_listing_init(&rl->rl_ls, kind == RACF_LIST_USERS ? MAP_USER :
	    MAP_GROUP, m, schema, suffix, cb, arg);
	return rl;
}

void
racf_list_free(struct racf_list *rl)
{
	if (rl == NULL)
		return;
	map_listing_clear(&rl->rl_ls);
	free(rl);
}

void
racf_list_set_resolver(struct racf_list *rl, int (*fn)(void *, const char *),
    void *arg)
{
	rl->rl_resolve = fn;
	rl->rl_resolve_arg = arg;
}

size_t
racf_list_nmessages(const struct racf_list *rl)
{
	return rl->rl_ls.ml_nmessages;
}

size_t
racf_list_nrecords(const struct racf_list *rl)
{
	return rl->rl_ls.ml_nrecords;
}

/* Is id one of the record's own groups?  Then OWNER=id names a group. */
static int
racf_list_owner_cb(void *arg, const char *id)
{
	struct racf_list *rl = arg;
	const struct map_rec *r = &rl->rl_ls.ml_rec;
	const char *f;
	size_t i;
	int c;

	if (rl->rl_resolve != NULL &&
	    (c = rl->rl_resolve(rl->rl_resolve_arg, id)) != -1)
		return c;
	for (i = 0; i < r->mr_n; i++) {
		f = r->mr_buf + r->mr_f[i].mf_name;
		if ((strcmp(f, "GROUP") == 0 || strcmp(f, "DEFAULT-GROUP") ==
		    0 || strcmp(f, "SUPERIOR-GROUP") == 0) &&
		    strcmp(r->mr_buf + r->mr_f[i].mf_val, id) == 0)
			return MAP_GROUP;
	}
	return MAP_USER;
}

static void
racf_list_start(struct racf_list *rl)
{
	map_listing_start(&rl->rl_ls, racf_list_owner_cb, rl);
	rl->rl_state = RL_BASE;
	rl->rl_seg[0] = '\0';
}

/* ICH30001I, IKJ56702I, IRR52021I ...: a RACF message line. */
static int
racf_list_is_message(const char *s)
{
	return strlen(s) >= 10 && s[0] >= 'A' && s[0] <= 'Z' &&
	    s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z' &&
	    strspn(s + 3, "0123456789") >= 4 && strchr("IEWAD",
	    s[3 + strspn(s + 3, "0123456789")]) != NULL;
}

/* RACF's words for "no value" in the base fields. */
static int
racf_list_is_none(const char *v, size_t len)
{
	return (len == 4 && memcmp(v, "NONE", 4) == 0) ||
	    (len == 3 && memcmp(v, "N/A", 3) == 0) ||
	    (len == 7 && memcmp(v, "UNKNOWN", 7) == 0);
}

static void
racf_list_pair(struct racf_list *rl, const char *field, const char *v,
    size_t len)
{
	while (len > 0 && v[len - 1] == ' ')
		len--;
	if (len == 0 || racf_list_is_none(v, len))
		return;
	map_rec_add(&rl->rl_ls.ml_rec, field, v, len);
}

/*
 * The blank-free value after "key=" in s (key preceded by the start or
 * a blank), as field.
 */
static void
racf_list_kv(struct racf_list *rl, const char *s, const char *key,
    const char *field)
{
	const char *p = s, *v;
	size_t klen = strlen(key);

	while ((p = strstr(p, key)) != NULL) {
		if ((p == s || p[-1] == ' ') && p[klen] == '=')
			break;
		p += klen;
	}
	if (p == NULL)
		return;
	v = p + klen + 1;
	racf_list_pair(rl, field, v, strcspn(v, " "));
}

/* The first n UTF-8 characters of s: their length in bytes. */
static size_t
racf_list_utf8_prefix(const char *s, size_t n)
{
	size_t i = 0;

	for (; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n-- == 0)
			break;
	return i;
}

/* USER=id  NAME=name20  OWNER=owner8  CREATED=yy.ddd, or USER=id. */
static int
racf_list_user_head(struct racf_list *rl, const char *s, char *err,
    size_t errlen)
{
	const char *p = s + 5, *name;
	char id[RACF_ID_LEN + 1];
	const char *why;
	size_t n, nlen;

	n = strcspn(p, " ");
	if (racf_quote_id(p, n, id, &why) == -1 || strcmp(id, "") == 0 ||
	    strncmp(p, id, n) != 0) {
		snprintf(err, errlen, "LISTUSER: bad USER= line: %.60s", s);
		return -1;
	}
	racf_list_start(rl);
	map_rec_add(&rl->rl_ls.ml_rec, "USER", id, n);
	p += n;
	if (*p == '\0')
		return 0;
	if (strncmp(p, "  NAME=", 7) != 0) {
		snprintf(err, errlen, "LISTUSER: bad USER= line: %.60s", s);
		return -1;
	}
	name = p + 7;
	nlen = racf_list_utf8_prefix(name, RL_NAMELEN);
	p = name + nlen;
	while (nlen > 0 && name[nlen - 1] == ' ')
		nlen--;
	if (nlen == 7 && memcmp(name, "UNKNOWN", 7) == 0)
		map_rec_add(&rl->rl_ls.ml_rec, "NAME", id, strlen(id));
	else
		racf_list_pair(rl, "NAME", name, nlen);
	racf_list_kv(rl, p, "OWNER", "OWNER");
	racf_list_kv(rl, p, "CREATED", "CREATED");
	return 0;
}

/* ATTRIBUTES=SPECIAL OPERATIONS ...: one pair per word. */
static void
racf_list_words(struct racf_list *rl, const char *v, const char *field)
{
	size_t n;

	for (;;) {
		v += strspn(v, " ");
		if ((n = strcspn(v, " ")) == 0)
			return;
		racf_list_pair(rl, field, v, n);
		v += n;
	}
}

/* "REVOKE DATE=x   RESUME DATE=y" (user and connection alike). */
static void
racf_list_dates(struct racf_list *rl, const char *s)
{
	const char *p;

	if ((p = strstr(s, "REVOKE DATE=")) != NULL)
		racf_list_pair(rl, "REVOKE-DATE", p + 12, strcspn(p + 12, " "));
	if ((p = strstr(s, "RESUME DATE=")) != NULL)
		racf_list_pair(rl, "RESUME-DATE", p + 12, strcspn(p + 12, " "));
}

/* A line of the RACF segment of a user. */
static void
racf_list_user_base(struct racf_list *rl, const char *s)
{
	/* Most lines are none of these: the second character says which
	   one a line can be before any comparison. */
	if (s[0] != ' ' || strchr("DARLI ", s[1]) == NULL || s[1] == '\0')
		return;
	if (strncmp(s, " DEFAULT-GROUP=", 15) == 0) {
		racf_list_kv(rl, s, "DEFAULT-GROUP", "DEFAULT-GROUP");
		racf_list_kv(rl, s, "PASSDATE", "PASSDATE");
		racf_list_kv(rl, s, "PASS-INTERVAL", "PASS-INTERVAL");
		racf_list_kv(rl, s, "PHRASEDATE", "PHRASEDATE");
	} else if (strncmp(s, " ATTRIBUTES=", 12) == 0)
		racf_list_words(rl, s + 12, "ATTRIBUTES");
	else if (strncmp(s, " REVOKE DATE=", 13) == 0)
		racf_list_dates(rl, s);
	else if (strncmp(s, " LAST-ACCESS=", 13) == 0)
		racf_list_kv(rl, s, "LAST-ACCESS", "LAST-ACCESS");
	else if (strncmp(s, " INSTALLATION-DATA=", 19) == 0)
		map_rec_add(&rl->rl_ls.ml_rec, "INSTALLATION-DATA", s + 19,
		    strlen(s + 19));
	else if (strncmp(s, "  GROUP=", 8) == 0)
		racf_list_pair(rl, "GROUP", s + 8, strcspn(s + 8, " "));
}

/* "xxx INFORMATION" (a segment starts) or "NO xxx INFORMATION". */
static int
racf_list_segment_head(struct racf_list *rl, const char *s)
{
	size_t n = strlen(s);

	if (n < 13 || strcmp(s + n - 12, " INFORMATION") != 0 ||
	    strchr(s, '=') != NULL)
		return 0;
	if (strncmp(s, "NO ", 3) == 0) {
		rl->rl_state = RL_BASE;
		rl->rl_seg[0] = '\0';
		return 1;
	}
	if (n - 12 >= sizeof(rl->rl_seg) || strchr(s, ' ') != s + n - 12)
		return 0;
	memcpy(rl->rl_seg, s, n - 12);
	rl->rl_seg[n - 12] = '\0';
	rl->rl_state = RL_SEGMENT;
	map_rec_add(&rl->rl_ls.ml_rec, rl->rl_seg, "", 0);
	return 1;
}

/* "KEYWORD= value" in a segment: pair SEG.KEYWORD. */
static void
racf_list_segment_field(struct racf_list *rl, const char *s)
{
	char field[64];
	const char *eq = strstr(s, "= ");
	size_t n, seglen = strlen(rl->rl_seg);

	if (eq == NULL || (n = eq - s) == 0 ||
	    seglen + n + 2 > sizeof(field) || strcspn(s, " ") < n)
		return;
	memcpy(field, rl->rl_seg, seglen);
	field[seglen] = '.';
	memcpy(field + seglen + 1, s, n);
	field[seglen + 1 + n] = '\0';
	map_rec_add(&rl->rl_ls.ml_rec, field, eq + 2, strlen(eq + 2));
}

static int
racf_list_user_line(struct racf_list *rl, const char *s, char *err,
    size_t errlen)
{
	if (strncmp(s, "USER=", 5) == 0)
		return racf_list_user_head(rl, s, err, errlen);
	if (rl->rl_state == RL_NONE || racf_list_is_message(s)) {
		if (!racf_list_is_message(s)) {
			snprintf(err, errlen, "LISTUSER: not LIST output: "
			    "%.60s", s);
			return -1;
		}
		rl->rl_ls.ml_nmessages++;
		return 0;
	}
	if (racf_list_segment_head(rl, s))
		return 0;
	if (rl->rl_state == RL_SEGMENT)
		racf_list_segment_field(rl, s);
	else
		racf_list_user_base(rl, s);
	return 0;
}

/* "    SUPERIOR GROUP=sup  OWNER=own  CREATED=yy.ddd" and the others. */
static void
racf_list_group_base(struct racf_list *rl, const char *s)
{
	if (strncmp(s, "    SUPERIOR GROUP=", 19) == 0) {
		racf_list_pair(rl, "SUPERIOR-GROUP", s + 19,
		    strcspn(s + 19, " "));
		racf_list_kv(rl, s, "OWNER", "OWNER");
		racf_list_kv(rl, s, "CREATED", "CREATED");
	} else if (strncmp(s, "    INSTALLATION DATA=", 22) == 0)
		map_rec_add(&rl->rl_ls.ml_rec, "INSTALLATION-DATA", s + 22,
		    strlen(s + 22));
	else if (strncmp(s, "    SUBGROUP(S)= ", 17) == 0) {
		racf_list_pair(rl, "SUBGROUP", s + 17, strcspn(s + 17, " "));
		rl->rl_state = RL_SUBGROUPS;
	} else if (strncmp(s, "      ", 6) == 0 && s[6] != ' ' &&
	    s[6] != '\0')
		/* A member: "      user8     auth8 ..." under USER(S)=. */
		racf_list_pair(rl, "USER", s + 6, strcspn(s + 6, " "));
}

static int
racf_list_group_line(struct racf_list *rl, const char *s, char *err,
    size_t errlen)
{
	const char *g;
	size_t n;

	if (strncmp(s, "INFORMATION FOR GROUP ", 22) == 0) {
		g = s + 22;
		n = strcspn(g, " ");
		racf_list_start(rl);
		map_rec_add(&rl->rl_ls.ml_rec, "GROUP", g, n);
		return 0;
	}
	if (rl->rl_state == RL_NONE || racf_list_is_message(s)) {
		if (!racf_list_is_message(s)) {
			snprintf(err, errlen, "LISTGRP: not LIST output: "
			    "%.60s", s);
			return -1;
		}
		rl->rl_ls.ml_nmessages++;
		return 0;
	}
	if (rl->rl_state == RL_SUBGROUPS) {
		if (strncmp(s, "                 ", 17) == 0 && s[17] != ' ') {
			racf_list_pair(rl, "SUBGROUP", s + 17,
			    strcspn(s + 17, " "));
			return 0;
		}
		rl->rl_state = RL_BASE;
	}
	if (racf_list_segment_head(rl, s))
		return 0;
	if (rl->rl_state == RL_SEGMENT)
		racf_list_segment_field(rl, s);
	else
		racf_list_group_base(rl, s);
	return 0;
}

int
racf_list_feed(struct racf_list *rl, const struct berval *lines,
    size_t nlines, char *err, size_t errlen)
{
	size_t i, n;

	for (i = 0; i < nlines; i++) {
		if (map_list_line(&lines[i], rl->rl_line, sizeof(rl->rl_line),
		    &n, err, errlen) == -1)
			return -1;
		if (n == 0)
			continue;
		if ((rl->rl_kind == RACF_LIST_USERS ?
		    racf_list_user_line(rl, rl->rl_line, err, errlen) :
		    racf_list_group_line(rl, rl->rl_line, err, errlen)) == -1)
			return -1;
	}
	return 0;
}

int
racf_list_end(struct racf_list *rl, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	map_listing_flush(&rl->rl_ls, racf_list_owner_cb, rl);
	rl->rl_state = RL_NONE;
	return 0;
}

char *
racf_list_command(enum racf_list_kind kind, const struct map *m,
    const char *const *ids, size_t n)
{
	static const char *const segs[] = { "TSO", "OMVS", "CICS" };
	enum map_class c = kind == RACF_LIST_USERS ? MAP_USER : MAP_GROUP;
	size_t i, len, cap = 64;
	char *buf;

	for (i = 0; i < n; i++)
		cap += strlen(ids[i]) + 1;
	buf = xmalloc(cap);
	len = (size_t)snprintf(buf, cap, "%s %s", kind == RACF_LIST_USERS ?
	    "LISTUSER" : "LISTGRP", n == 1 ? ids[0] : "(");
	for (i = 0; n > 1 && i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		    i > 0 ? " " : "", ids[i]);
	if (n > 1)
		len += (size_t)snprintf(buf + len, cap - len, ")");
	for (i = 0; i < sizeof(segs) / sizeof(segs[0]); i++) {
		if (c == MAP_GROUP && strcmp(segs[i], "OMVS") != 0)
			continue;
		if (map_reads_segment(m, c, segs[i]))
			len += (size_t)snprintf(buf + len, cap - len, " %s",
			    segs[i]);
	}
	return buf;
}
