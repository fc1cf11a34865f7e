/*
 * cmd.c - the services every RACF command uses: output lines, queued
 * events, the issuer's authority, operand helpers and the few RACF
 * notions (revoked, authority names) several commands need.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "cmd.h"
#include "rules.h"

static const char *auth_names[] = { "USE", "CREATE", "CONNECT", "JOIN" };

/* One output line (simout_line); -1 once the sink asked to stop. */
int
cmd_line(struct rcmd *c, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = simout_vline(&c->c_o, fmt, ap);
	va_end(ap);
	return rc;
}

/* An error message; returns rc so a handler can "return cmd_err()". */
int
cmd_err(struct rcmd *c, int rc, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cmd_line(c, "%s", buf);
	return rc;
}

/*
 * Queue an event for user or group id, fired only if the transaction
 * commits.  The exit is the new-password exit for password events and
 * the command exit otherwise; racf_verify() changes it to ICHRIX02.
 */
struct simevent *
cmd_event(struct rcmd *c, enum esm_event_type type, const char *id,
    const char *group, const char *fields, const char *password)
{
	return simout_event(&c->c_o, type, password != NULL ? "ICHPWX01" :
	    "IRREVX01", id, group, fields, password);
}

/* Deliver the queued lines, then (if committed) fire the events. */
void
cmd_flush(struct rcmd *c, int committed)
{
	struct racf_db *db = c->c_db;
	esm_exit_fn fn;
	void *arg;

	pthread_mutex_lock(&db->db_exit_lock);
	fn = db->db_exit;
	arg = db->db_exit_arg;
	pthread_mutex_unlock(&db->db_exit_lock);
	simout_flush(&c->c_o, committed ? fn : NULL, arg, "racf", c->c_now,
	    c->c_issuer);
}

void
cmd_clear(struct rcmd *c)
{
	simout_clear(&c->c_o);
}

/* Administration commands need SPECIAL. */
int
cmd_special(struct rcmd *c)
{
	if (c->c_iss_flags & RU_SPECIAL)
		return RACF_RC_OK;
	return cmd_err(c, RACF_RC_ERROR, "ICH30010I NOT AUTHORIZED TO ISSUE "
	    "%s", c->c_verb);
}

int
cmd_parse(struct rcmd *c, const struct kwtab *tab, const struct lx_node *n,
    struct opset **os)
{
	char err[256];

	if (parse_operands(tab, n, os, err, sizeof(err)) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "%s", err);
	return RACF_RC_OK;
}

/* One name of a list: a word that is a valid id, not named before. */
static int
cmd_names_add(struct rcmd *c, const struct lx_node *n, struct cmd_names *cn)
{
	size_t i;

	if (n->ln_kind != LX_WORD || n->ln_hasargs || !rules_is_id(n->ln_text))
		return cmd_err(c, RACF_RC_INVALID, "IKJ56702I INVALID %s, "
		    "%.40s", cn->cn_what, n->ln_kind == LX_LIST ? "(" :
		    n->ln_text);
	for (i = 0; i < cn->cn_n; i++)
		if (strcmp(cn->cn_ids[i], n->ln_text) == 0)
			return cmd_err(c, RACF_RC_SEVERE, "IKJ56702I INVALID "
			    "%s, %s, NAMED MORE THAN ONCE IN THE LIST",
			    cn->cn_what, n->ln_text);
	snprintf(cn->cn_ids[cn->cn_n++], ID_SZ, "%s", n->ln_text);
	return RACF_RC_OK;
}

/*
 * The names of a list (the members from head on) into cn, every one
 * checked before the command looks at the database: all bad names are
 * reported, and the count is capped before anything is allocated.
 */
int
cmd_names_list(struct rcmd *c, const struct lx_node *head, const char *what,
    struct cmd_names *cn)
{
	const struct lx_node *n;
	size_t count = lex_count(head);
	int rc, worst = RACF_RC_OK;

	memset(cn, 0, sizeof(*cn));
	cn->cn_what = what;
	if (count == 0)
		return cmd_err(c, RACF_RC_SEVERE, "IKJ56701I MISSING %s", what);
	if (count > CMD_MAXNAMES)
		return cmd_err(c, RACF_RC_SEVERE, "IKJ56712I TOO MANY %sS, "
		    "%zu GIVEN, AT MOST %d IN ONE COMMAND", what, count,
		    CMD_MAXNAMES);
	cn->cn_ids = xcalloc(count, sizeof(*cn->cn_ids));
	for (n = head; n != NULL; n = n->ln_next)
		if ((rc = cmd_names_add(c, n, cn)) > worst)
			worst = rc;
	return worst;
}

/*
 * The positional userid or group of a command: one name, or a list of
 * them in parentheses, as every RACF profile command takes it.
 * Messages name what ("USERID", "GROUP").
 */
int
cmd_names(struct rcmd *c, const struct lx_node *n, const char *what,
    struct cmd_names *cn)
{
	struct lx_node alone;

	if (n == NULL)
		return cmd_names_list(c, NULL, what, cn);
	if (n->ln_kind == LX_LIST)
		return cmd_names_list(c, n->ln_args, what, cn);
	/* One name: the positional alone, not the operands after it. */
	alone = *n;
	alone.ln_next = NULL;
	return cmd_names_list(c, &alone, what, cn);
}

void
cmd_names_free(struct cmd_names *cn)
{
	free(cn->cn_ids);
	cn->cn_ids = NULL;
	cn->cn_n = 0;
}

/*
 * Run fn for each name in order, all inside the command's one write
 * transaction.  Like RACF we go on after a name fails, so every failing
 * name is reported; unlike RACF the command stays atomic: any failure
 * (RC 8 or more) makes racf_command() abort the transaction, so the
 * names that worked are not changed either and no event fires.  For a
 * list, each failure is followed by a line naming the profile, and a
 * last line says that nothing was changed.
 */
int
cmd_each(struct rcmd *c, const struct cmd_names *cn, cmd_each_fn fn,
    void *arg)
{
	size_t i, bad = 0;
	int rc, worst = RACF_RC_OK;

	for (i = 0; i < cn->cn_n; i++) {
		rc = fn(c, cn->cn_ids[i], arg);
		if (rc > worst)
			worst = rc;
		if (rc < RACF_RC_ERROR || cn->cn_n == 1)
			continue;
		bad++;
		cmd_line(c, "IRR52024I %s NOT DONE FOR %s %s", c->c_verb,
		    cn->cn_what, cn->cn_ids[i]);
	}
	if (bad > 0)
		cmd_line(c, "IRR52025I %s FAILED FOR %zu OF %zu %sS, NO "
		    "PROFILE WAS CHANGED", c->c_verb, bad, cn->cn_n,
		    cn->cn_what);
	return worst;
}

/* The checked value of keyword kw into buf; 0 when kw is absent too. */
int
cmd_value(struct rcmd *c, const struct opset *os, enum kw_id kw,
    const struct rule *r, char *buf, size_t len)
{
	const char *v;
	char err[256];

	if ((v = opset_val(os, kw)) == NULL)
		return RACF_RC_OK;
	if (rules_check(r, os->os_op[kw].op_name, v, err, sizeof(err)) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "%s", err);
	rules_canon(r, v, buf, len);
	return RACF_RC_OK;
}

/* Is id a user (1), a group (2) or neither (0)?  -1 on error. */
int
cmd_exists(struct rcmd *c, const char *id)
{
	struct ruser u;
	struct rgroup g;
	int rc;

	rc = store_get_user(c->c_db, c->c_txn, id, &u);
	ruser_free(&u);
	if (rc != 1)
		return rc == 0 ? 1 : -1;
	rc = store_get_group(c->c_db, c->c_txn, id, &g);
	if (rc != 1)
		return rc == 0 ? 2 : -1;
	return 0;
}

/*
 * RACF's revoke rule: REVOKE without a date, or a revoke date reached
 * and no resume date reached after it.
 */
int
cmd_user_revoked(const struct ruser *u, time_t now)
{
	int revoked;

	revoked = (u->ru_flags & RU_REVOKED) ||
	    (u->ru_revokedate != 0 && u->ru_revokedate <= now);
	if (revoked && u->ru_resumedate != 0 && u->ru_resumedate <= now &&
	    u->ru_resumedate >= u->ru_revokedate)
		revoked = 0;
	return revoked;
}

/* Without SETROPTS MIXEDCASE RACF folds passwords to upper case. */
void
cmd_fold_secret(const struct rcmd *c, char *s)
{
	if (c->c_setr.rs_mixedcase)
		return;
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s -= 'a' - 'A';
}

const char *
cmd_auth_name(enum rauth a)
{
	return a <= AUTH_JOIN ? auth_names[a] : "USE";
}

int
cmd_auth_parse(const char *s, enum rauth *a)
{
	size_t i;

	for (i = 0; i < sizeof(auth_names) / sizeof(auth_names[0]); i++)
		if (strcmp(s, auth_names[i]) == 0) {
			*a = (enum rauth)i;
			return 0;
		}
	return -1;
}

/*
 * An id operand (OWNER, DFLTGRP, SUPGROUP) that must name a defined
 * user or group (want 0) or a group (want 2); copied to dst.
 */
int
cmd_ref(struct rcmd *c, const struct opset *os, enum kw_id kw, int want,
    char *dst)
{
	char id[ID_SZ];
	int rc, kind;

	if (!opset_has(os, kw))
		return RACF_RC_OK;
	if ((rc = cmd_value(c, os, kw, &rule_id, id, sizeof(id))) != 0)
		return rc;
	if ((kind = cmd_exists(c, id)) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	if (kind == 0 || (want != 0 && kind != want))
		return cmd_err(c, RACF_RC_ERROR, "ICH51003I NAME NOT FOUND IN "
		    "RACF DATA SET, %s(%s)", os->os_op[kw].op_name, id);
	snprintf(dst, ID_SZ, "%s", id);
	return RACF_RC_OK;
}
