/*
 * cmd.c - the services every TSS function uses: the keyword table and
 * the operand rules, output lines and queued events, the issuer's
 * authority, password setting, dates and value lists.
 *
 * TSS's own rule on a keyword written without the operand it needs is
 * kept: the keyword and every keyword after it are ignored and the
 * function runs with what came before ("TSS CREATE(X) ... NAME
 * PASSWORD(P)" creates X without NAME and without PASSWORD).  The agent
 * refuses such commands before they arrive (driver_tss.c), so the
 * gateway cannot depend on it; the simulator keeps it so that tests can
 * prove the gateway never writes one.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/simchar.h"

#include "cmd.h"

#define FB_ALL		(FNB(FN_CREATE) | FNB(FN_ADDTO) | FNB(FN_REMOVE))
#define FB_ONE		(FB_ALL | FNB(FN_REPLACE))
#define FB_RES		(FNB(FN_PERMIT) | FNB(FN_REVOKE) | FNB(FN_WHOHAS))
#define R(k, m)		{ (k), (m) }

/* Indexed by enum tkw. */
const struct tkwdef tcmd_kws[K__MAX] = {
	/* A list for LIST(ACIDS) TYPE(PROFILE,GROUP); CREATE takes one. */
	{ "TYPE", NULL, K_TYPE, KK_LIST, FNB(FN_CREATE) | FNB(FN_LIST),
	    R(TR_WORD, 8), 0 },
	{ "NAME", NULL, K_NAME, KK_VALUE, FNB(FN_CREATE) | FNB(FN_REPLACE),
	    R(TR_TEXT, 32), 0 },
	{ "DEPARTMENT", "DEPT", K_DEPARTMENT, KK_VALUE, FNB(FN_CREATE),
	    R(TR_ACID, 8), 0 },
	{ "DIVISION", "DIV", K_DIVISION, KK_VALUE, FNB(FN_CREATE),
	    R(TR_ACID, 8), 0 },
	{ "ZONE", NULL, K_ZONE, KK_VALUE, FNB(FN_CREATE), R(TR_ACID, 8), 0 },
	{ "PASSWORD", NULL, K_PASSWORD, KK_LIST,
	    FNB(FN_CREATE) | FNB(FN_REPLACE), R(TR_WORD, 8), 0 },
	{ "SUSPEND", NULL, K_SUSPEND, KK_FLAG,
	    FNB(FN_ADDTO) | FNB(FN_REMOVE), R(TR_WORD, 0), 0 },
	{ "DATA", NULL, K_DATA, KK_LIST, FNB(FN_LIST), R(TR_WORD, 8), 0 },
	{ "SEGMENT", NULL, K_SEGMENT, KK_LIST, FNB(FN_LIST), R(TR_WORD, 8),
	    0 },
	{ "ACCESS", NULL, K_ACCESS, KK_LIST, FNB(FN_PERMIT), R(TR_WORD, 8),
	    0 },
	{ "FACILITY", NULL, K_FACILITY, KK_LIST, FB_ALL, R(TR_ACID, 8), 0 },
	{ "PROFILE", NULL, K_PROFILE, KK_LIST, FB_ALL, R(TR_ACID, 8), 0 },
	{ "GROUP", NULL, K_GROUP, KK_LIST, FB_ALL, R(TR_ACID, 8), 2 },
	{ "DFLTGRP", NULL, K_DFLTGRP, KK_VALUE, FB_ONE, R(TR_ACID, 8), 2 },
	{ "UID", NULL, K_UID, KK_VALUE, FB_ONE, R(TR_NUMBER, 2147483647L),
	    2 },
	{ "GID", NULL, K_GID, KK_VALUE, FB_ONE, R(TR_NUMBER, 2147483647L),
	    2 },
	{ "HOME", NULL, K_HOME, KK_VALUE, FB_ONE, R(TR_TEXT, 1023), 2 },
	{ "OMVSPGM", NULL, K_OMVSPGM, KK_VALUE, FB_ONE, R(TR_TEXT, 1023), 2 },
	{ "TSOACCT", NULL, K_TSOACCT, KK_LIST, FB_ALL, R(TR_WORD, 40), 1 },
	{ "TSOPROC", NULL, K_TSOPROC, KK_LIST, FB_ALL, R(TR_ACID, 8), 1 },
	{ "TSOLACCT", NULL, K_TSOLACCT, KK_VALUE, FB_ONE, R(TR_WORD, 40), 1 },
	{ "TSOLPROC", NULL, K_TSOLPROC, KK_VALUE, FB_ONE, R(TR_ACID, 8), 1 },
	{ "TSOLSIZE", "TSOSIZE", K_TSOLSIZE, KK_VALUE, FB_ONE,
	    R(TR_NUMBER, 2096128L), 1 },
	{ "TSOMSIZE", NULL, K_TSOMSIZE, KK_VALUE, FB_ONE,
	    R(TR_NUMBER, 2096128L), 1 },
	{ "TSOUNIT", NULL, K_TSOUNIT, KK_VALUE, FB_ONE, R(TR_WORD, 8), 1 },
	{ "TSOUDATA", NULL, K_TSOUDATA, KK_VALUE, FB_ONE, R(TR_HEX4, 4), 1 },
	{ "TSOHCLASS", NULL, K_TSOHCLASS, KK_VALUE, FB_ONE, R(TR_CLASS, 1),
	    1 },
	{ "TSOJCLASS", NULL, K_TSOJCLASS, KK_VALUE, FB_ONE, R(TR_CLASS, 1),
	    1 },
	{ "TSOMCLASS", NULL, K_TSOMCLASS, KK_VALUE, FB_ONE, R(TR_CLASS, 1),
	    1 },
	{ "TSOSCLASS", NULL, K_TSOSCLASS, KK_VALUE, FB_ONE, R(TR_CLASS, 1),
	    1 },
	{ "TSODEST", NULL, K_TSODEST, KK_VALUE, FB_ONE, R(TR_ACID, 8), 1 },
	{ "TSOCOMMAND", NULL, K_TSOCOMMAND, KK_VALUE, FB_ONE, R(TR_TEXT, 80),
	    1 },
	{ "DSN", "DATASET", K_DSN, KK_VALUE, FB_RES, R(TR_TEXT, 44), 0 },
	{ "IBMFAC", NULL, K_IBMFAC, KK_VALUE, FB_RES, R(TR_TEXT, 246), 0 },
	{ "PROGRAM", NULL, K_PROGRAM, KK_VALUE, FB_RES, R(TR_TEXT, 8), 0 },
	{ "OPERCMDS", NULL, K_OPERCMDS, KK_VALUE, FB_RES, R(TR_TEXT, 246),
	    0 },
	{ "SURROGAT", NULL, K_SURROGAT, KK_VALUE, FB_RES, R(TR_TEXT, 246),
	    0 },
	{ "TSOAUTH", NULL, K_TSOAUTH, KK_VALUE, FB_RES, R(TR_TEXT, 246), 0 },
	{ "JESSPOOL", NULL, K_JESSPOOL, KK_VALUE, FB_RES, R(TR_TEXT, 246),
	    0 },
	{ "UNIXPRIV", NULL, K_UNIXPRIV, KK_VALUE, FB_RES, R(TR_TEXT, 246),
	    0 },
};

static const char *type_names[TT__MAX] = {
	"USER", "PROFILE", "GROUP", "DEPT", "DIVISION", "ZONE", "CENTRAL",
	"MASTER"
};


/* One output line (simout_line); -1 once the sink asked to stop. */
int
tcmd_line(struct tcmd *c, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = simout_vline(&c->c_o, fmt, ap);
	va_end(ap);
	return rc;
}

/* An error message; returns rc so a handler can "return tcmd_err()". */
int
tcmd_err(struct tcmd *c, int rc, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tcmd_line(c, "%s", buf);
	return rc;
}

/* Queue an event, fired by tcmd_flush() only after the commit. */
void
tcmd_event(struct tcmd *c, enum esm_event_type type, const char *id,
    const char *group, const char *fields, const char *password)
{
	(void)simout_event(&c->c_o, type, "TSSINSTX", id, group, fields,
	    password);
}

/* Deliver the queued lines, then (if committed) call the exit. */
void
tcmd_flush(struct tcmd *c, int committed)
{
	struct tss_db *db = c->c_db;
	esm_exit_fn fn;
	void *arg;

	pthread_mutex_lock(&db->db_exit_lock);
	fn = db->db_exit;
	arg = db->db_exit_arg;
	pthread_mutex_unlock(&db->db_exit_lock);
	simout_flush(&c->c_o, committed ? fn : NULL, arg, "tss", c->c_now,
	    c->c_issuer);
}

void
tcmd_clear(struct tcmd *c)
{
	simout_clear(&c->c_o);
}

/* An ACID: 1-8 of A-Z 0-9 @ # $. */
int
tcmd_is_acid(const char *s)
{
	return simchar_is_id(s, 8, 1);
}

static int
tcmd_rule(const struct trule *r, const char *v)
{
	size_t i, n = tlex_nchars(v);
	char *end;
	long l;

	switch (r->tr_kind) {
	case TR_ACID:
		return tcmd_is_acid(v);
	case TR_TEXT:
		return n >= 1 && (long)n <= r->tr_max;
	case TR_WORD:
		return n >= 1 && (long)n <= r->tr_max &&
		    strchr(v, ' ') == NULL;
	case TR_NUMBER:
		if (*v == '\0' || strspn(v, "0123456789") != strlen(v) ||
		    strlen(v) > 10)
			return 0;
		l = strtol(v, &end, 10);
		return l >= 0 && l <= r->tr_max;
	case TR_CLASS:
		return strlen(v) == 1 && simchar_is_national(v[0]) && v[0] != '@' &&
		    v[0] != '#' && v[0] != '$';
	case TR_HEX4:
		if (strlen(v) != 4)
			return 0;
		for (i = 0; i < 4; i++)
			if (!isxdigit((unsigned char)v[i]))
				return 0;
		return 1;
	}
	return 0;
}

/* Check v against kw's rule; a TSS0207E on failure. */
int
tcmd_check(struct tcmd *c, enum tkw kw, const char *v)
{
	const struct tkwdef *d = &tcmd_kws[kw];

	if (tcmd_rule(&d->kd_rule, v))
		return TSS_RC_OK;
	return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID OPERAND FOR "
	    "%s: %.60s%s", d->kd_name, v, strlen(v) > 60 ? "..." : "");
}

static const struct tkwdef *
tcmd_kw_find(const char *w)
{
	size_t i;

	for (i = 0; i < K__MAX; i++)
		if (strcmp(tcmd_kws[i].kd_name, w) == 0 ||
		    (tcmd_kws[i].kd_alias != NULL &&
		    strcmp(tcmd_kws[i].kd_alias, w) == 0))
			return &tcmd_kws[i];
	return NULL;
}

/* REMOVE takes the single-valued fields without an operand. */
static int
tcmd_needs_operand(const struct tcmd *c, const struct tkwdef *d)
{
	if (d->kd_kind == KK_FLAG)
		return 0;
	if (c->c_func == FN_REMOVE && d->kd_id >= K_FIELD0 &&
	    d->kd_id < K_CLASS0 && d->kd_kind == KK_VALUE)
		return 0;
	return 1;
}

static int
tcmd_operand_list(struct tcmd *c, const struct tkwdef *d,
    const struct tlx_node *n)
{
	const struct tlx_node *a;
	size_t count = tlex_count(n->ln_args);

	if (d->kd_kind == KK_FLAG && n->ln_hasargs)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  %s TAKES NO "
		    "OPERAND", d->kd_name);
	if ((d->kd_kind == KK_VALUE && count > 1) || count > TCMD_MAXNAMES)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  TOO MANY "
		    "OPERANDS FOR %s", d->kd_name);
	for (a = n->ln_args; a != NULL; a = a->ln_next)
		if (a->ln_kind == TLX_LIST || a->ln_hasargs)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID "
			    "OPERAND FOR %s: PARENTHESES", d->kd_name);
	return TSS_RC_OK;
}

/*
 * The keywords after FUNCTION(acid) into c->c_ops.  A keyword that
 * needs an operand and has none ends the command, as in TSS.
 */
int
tcmd_operands(struct tcmd *c, const struct tlx_node *n)
{
	const struct tkwdef *d;
	struct tops *o = &c->c_ops;
	int rc;

	for (; n != NULL; n = n->ln_next) {
		if (n->ln_kind != TLX_WORD)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0205E  INVALID "
			    "KEYWORD %.40s", n->ln_kind == TLX_LIST ? "(" :
			    n->ln_text);
		if ((d = tcmd_kw_find(n->ln_text)) == NULL)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0205E  INVALID "
			    "KEYWORD %.40s", n->ln_text);
		if (!(d->kd_funcs & FNB(c->c_func)))
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  KEYWORD "
			    "%s NOT VALID FOR %s", d->kd_name, c->c_verb);
		if ((!n->ln_hasargs || n->ln_args == NULL) &&
		    tcmd_needs_operand(c, d)) {
			snprintf(o->o_ignored, sizeof(o->o_ignored), "%s",
			    d->kd_name);
			break;
		}
		if (o->o_set[d->kd_id])
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0208E  DUPLICATE "
			    "KEYWORD %s", d->kd_name);
		if ((rc = tcmd_operand_list(c, d, n)) != TSS_RC_OK)
			return rc;
		o->o_set[d->kd_id] = 1;
		o->o_vals[d->kd_id] = n->ln_args;
		o->o_n[d->kd_id] = tlex_count(n->ln_args);
	}
	return TSS_RC_OK;
}

/* The first operand of kw, or NULL. */
const char *
tcmd_val(const struct tcmd *c, enum tkw kw)
{
	if (!c->c_ops.o_set[kw] || c->c_ops.o_vals[kw] == NULL)
		return NULL;
	return c->c_ops.o_vals[kw]->ln_text;
}

int
tcmd_db_error(struct tcmd *c)
{
	return tcmd_err(c, TSS_RC_SEVERE, "TSS0240E  SECURITY FILE I/O "
	    "ERROR, %s NOT DONE", c->c_verb);
}

/*
 * May the issuer administer target (NULL: a new ACID)?  The MSCA may
 * do everything; a central administrator (SCA) everything but touch
 * the MSCA; any other ACID nothing.
 */
int
tcmd_admin(struct tcmd *c, const struct tacid *target)
{
	if (c->c_iss_type == TT_MSCA)
		return TSS_RC_OK;
	if (c->c_iss_type == TT_SCA &&
	    (target == NULL || target->ta_type != TT_MSCA))
		return TSS_RC_OK;
	return tcmd_err(c, TSS_RC_ERROR, "TSS0214E  NOT AUTHORIZED TO %s "
	    "%s", c->c_verb, target != NULL ? target->ta_id : "ACIDS");
}

/* Load ACID id; a TSS0211E when it does not exist. */
int
tcmd_get(struct tcmd *c, const char *id, struct tacid *a)
{
	int rc;

	if ((rc = tstore_get_acid(c->c_db, c->c_txn, id, a)) == -1)
		return tcmd_db_error(c);
	if (rc == 1)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0211E  ACID %s NOT "
		    "DEFINED", id);
	return TSS_RC_OK;
}

/* The ACID kw names must exist and be of type want. */
int
tcmd_get_type(struct tcmd *c, enum tkw kw, const char *id,
    enum tss_type want, struct tacid *a)
{
	int rc;

	if ((rc = tstore_get_acid(c->c_db, c->c_txn, id, a)) == -1)
		return tcmd_db_error(c);
	if (rc == 1)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0211E  %s ACID %s NOT "
		    "DEFINED", tcmd_kws[kw].kd_name, id);
	if (a->ta_type != want) {
		tacid_free(a);
		return tcmd_err(c, TSS_RC_ERROR, "TSS0212E  %s(%s) IS NOT "
		    "A %s ACID", tcmd_kws[kw].kd_name, id,
		    type_names[want]);
	}
	return TSS_RC_OK;
}

const char *
tcmd_type_name(enum tss_type t)
{
	return t < TT__MAX ? type_names[t] : "UNKNOWN";
}

int
tcmd_type_parse(const char *s, enum tss_type *t)
{
	static const struct {
		const char	*name;
		enum tss_type	 type;
	} types[] = {
		{ "USER", TT_USER }, { "PROFILE", TT_PROFILE },
		{ "GROUP", TT_GROUP }, { "DEPT", TT_DEPT },
		{ "DEPARTMENT", TT_DEPT }, { "DIV", TT_DIV },
		{ "DIVISION", TT_DIV }, { "ZONE", TT_ZONE },
		{ "SCA", TT_SCA }, { "CENTRAL", TT_SCA },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(s, types[i].name) == 0) {
			*t = types[i].type;
			return 0;
		}
	return -1;
}

void
tcmd_fold(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s -= 'a' - 'A';
}

/*
 * PASSWORD(pw[,days[,EXP]]) onto a: the hash, the interval (default 30
 * days, 0: never expires) and the expired flag.  *pw points to the
 * new password (borrowed from the tree) and *expired says whether it
 * was set expired, for the event.
 */
int
tcmd_password(struct tcmd *c, struct tacid *a, const char **pw,
    int *expired)
{
	const struct tlx_node *v = c->c_ops.o_vals[K_PASSWORD];
	const struct tlx_node *days, *exp;
	char *end;
	long d = 30;

	*expired = 0;
	days = v->ln_next;
	exp = days != NULL ? days->ln_next : NULL;
	if (c->c_ops.o_n[K_PASSWORD] > 3 || tlex_nchars(v->ln_text) > 8 ||
	    v->ln_len == 0 || strchr(v->ln_text, ' ') != NULL)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID OPERAND "
		    "FOR PASSWORD: 1 TO 8 CHARACTERS, DAYS, EXP");
	if (days != NULL && days->ln_len > 0) {
		if (strspn(days->ln_text, "0123456789") != days->ln_len ||
		    days->ln_len > 3 || (d = strtol(days->ln_text, &end,
		    10)) > 255)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID "
			    "PASSWORD EXPIRATION INTERVAL %.8s, 0 TO 255 DAYS",
			    days->ln_text);
	}
	if (exp != NULL && (exp->ln_kind != TLX_WORD ||
	    strcmp(exp->ln_text, "EXP") != 0))
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID OPERAND "
		    "FOR PASSWORD: %.8s, ONLY EXP", exp->ln_text);
	/* TSS keeps passwords in upper case (no MIXPASSWORD). */
	tcmd_fold(v->ln_text);
	if (pwhash_make(v->ln_text, c->c_db->db_kdf_iter, &a->ta_pw) == -1)
		return tcmd_db_error(c);
	a->ta_interval = (uint16_t)d;
	a->ta_passdate = c->c_now;
	a->ta_failures = 0;
	a->ta_flags &= ~TA_PWEXPIRED;
	if (exp != NULL) {
		a->ta_flags |= TA_PWEXPIRED;
		*expired = 1;
	}
	*pw = v->ln_text;
	return TSS_RC_OK;
}

/* mm/dd/yy */
void
tcmd_date(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d/%02d/%02d", tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_year % 100);
}

/* mm/dd/yy hh.mm */
void
tcmd_datetime(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d/%02d/%02d %02d.%02d", tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_year % 100, tm.tm_hour, tm.tm_min);
}

/* Is word one of the blank-separated values of list? */
int
tlist_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	/* No value is empty; strstr() would find "" everywhere and the
	   search would not move on. */
	if (list == NULL || n == 0)
		return 0;
	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

void
tlist_add(char **list, const char *word)
{
	char *s;

	if (*list == NULL) {
		*list = xstrdup(word);
		return;
	}
	if (asprintf(&s, "%s %s", *list, word) == -1)
		abort();
	free(*list);
	*list = s;
}

void
tlist_del(char **list, const char *word)
{
	char *out, *tok, *save = NULL, *copy;
	size_t used = 0;

	if (*list == NULL)
		return;
	copy = xstrdup(*list);
	out = xcalloc(1, strlen(*list) + 1);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (strcmp(tok, word) == 0)
			continue;
		used += (size_t)sprintf(out + used, "%s%s",
		    used > 0 ? " " : "", tok);
	}
	free(copy);
	free(*list);
	*list = used > 0 ? out : NULL;
	if (used == 0)
		free(out);
}
