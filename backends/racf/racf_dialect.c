/*
 * racf_dialect.c - RACF as the backend engine sees it (esm_dialect):
 * ids and passwords by racf_quote, SEARCH to enumerate, LISTUSER and
 * LISTGRP (in batches: "LISTUSER (A B C) TSO") to list, racf_list to
 * parse, racf_cmd to plan writes, RACF's messages and RACROUTE VERIFY
 * return codes to LDAP.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/esmbe/esmbe.h"
#include "backends/racf/racf_cmd.h"
#include "backends/racf/racf_list.h"
#include "backends/racf/racf_quote.h"

/* RACROUTE REQUEST=VERIFY return codes (mainframe-agent/sim/racf). */
#define RACF_VERIFY_OK			0
#define RACF_VERIFY_NO_USER		4
#define RACF_VERIFY_BAD_PASSWORD	8
#define RACF_VERIFY_EXPIRED		12
#define RACF_VERIFY_BAD_NEWPASSWORD	16
#define RACF_VERIFY_REVOKED		28

static enum racf_list_kind
racf_kind(enum map_class c)
{
	return c == MAP_USER ? RACF_LIST_USERS : RACF_LIST_GROUPS;
}

static int
racf_check_password(const char *s, size_t len, const char **why)
{
	char *q;

	if (racf_quote_password(s, len, &q, why) == -1)
		return -1;
	xfree_secret(q, strlen(q));
	return 0;
}

static char *
racf_enum_command(enum map_class c, const char *prefix)
{
	char *cmd;

	xasprintf(&cmd, "SEARCH CLASS(%s)%s%s%s", c == MAP_USER ? "USER" :
	    "GROUP", prefix != NULL ? " MASK(" : "",
	    prefix != NULL ? prefix : "", prefix != NULL ? ")" : "");
	return cmd;
}

/* SEARCH prints one name per line; messages have blanks and are not. */
static int
racf_enum_line(enum map_class c, const char *s, size_t n, char *id)
{
	const char *why;

	(void)c;
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0 || racf_quote_id(s, n, id, &why) == -1)
		return -1;
	return 0;
}

static char *
racf_dl_list_command(enum map_class c, const struct map *m,
    const char *const *ids, size_t n)
{
	return racf_list_command(racf_kind(c), m, ids, n);
}

static const char *
racf_list_verb(enum map_class c)
{
	return c == MAP_USER ? "LISTUSER" : "LISTGRP";
}

static struct esm_list *
racf_dl_list_new(enum map_class c, const struct map *m,
    const struct schema *s, const char *suffix, esm_list_cb cb, void *arg)
{
	return (struct esm_list *)racf_list_new(racf_kind(c), m, s, suffix,
	    cb, arg);
}

static int
racf_dl_list_feed(struct esm_list *l, const struct berval *lines, size_t n,
    char *err, size_t errlen)
{
	return racf_list_feed((struct racf_list *)l, lines, n, err, errlen);
}

static int
racf_dl_list_end(struct esm_list *l, char *err, size_t errlen)
{
	return racf_list_end((struct racf_list *)l, err, errlen);
}

static void
racf_dl_list_free(struct esm_list *l)
{
	racf_list_free((struct racf_list *)l);
}

static int
racf_plan_add(enum map_class c, const struct map *m, const struct schema *s,
    const char *suffix, const char *id, const struct pdu_attr *attrs,
    size_t n, struct esm_plan *p, char *text, size_t textlen)
{
	return c == MAP_USER ?
	    racf_plan_add_user(m, s, suffix, id, attrs, n, p, text, textlen) :
	    racf_plan_add_group(m, s, suffix, id, attrs, n, p, text, textlen);
}

static int
racf_plan_modify(enum map_class c, const struct map *m,
    const struct schema *s, const char *suffix, const char *id,
    const struct entry *cur, const struct pdu_mod *mods, size_t n,
    struct esm_plan *p, char *text, size_t textlen)
{
	return c == MAP_USER ?
	    racf_plan_modify_user(m, s, suffix, id, cur, mods, n, p, text,
	    textlen) :
	    racf_plan_modify_group(m, s, suffix, id, cur, mods, n, p, text,
	    textlen);
}

static int
racf_plan_delete(enum map_class c, const char *id, struct esm_plan *p,
    char *text, size_t textlen)
{
	return c == MAP_USER ? racf_plan_delete_user(id, p, text, textlen) :
	    racf_plan_delete_group(id, p, text, textlen);
}

static int
racf_verb_is(const char *what, const char *verb)
{
	size_t n = strlen(verb);

	return strncmp(what, verb, n) == 0 && (what[n] == ' ' ||
	    what[n] == '\0');
}

/* RC >= 4: decide by RACF's message. */
static int
racf_result(const char *what, const char *msg, int write)
{
	int adds = racf_verb_is(what, "ADDUSER") ||
	    racf_verb_is(what, "ADDGROUP");

	if (strstr(msg, "NOT AUTHORIZED") != NULL)
		return LDAP_INSUFFICIENT_ACCESS;
	if (strstr(msg, "INVALID USERID") != NULL ||
	    strstr(msg, "INVALID GROUP") != NULL)
		return adds ? LDAP_ALREADY_EXISTS : LDAP_NO_SUCH_OBJECT;
	if (strstr(msg, "ICH30001I") != NULL)
		return LDAP_NO_SUCH_OBJECT;
	if (strstr(msg, "ICH51003I") != NULL ||
	    strstr(msg, "IKJ56702I") != NULL ||
	    strstr(msg, "IKJ56712I") != NULL)
		return write ? LDAP_CONSTRAINT_VIOLATION : LDAP_NO_SUCH_OBJECT;
	return write ? LDAP_UNWILLING_TO_PERFORM : LDAP_OTHER;
}

static enum esm_verify
racf_verify_result(int code)
{
	switch (code) {
	case RACF_VERIFY_OK:
		return ESM_VERIFY_OK;
	case RACF_VERIFY_NO_USER:
		return ESM_VERIFY_NO_USER;
	case RACF_VERIFY_BAD_PASSWORD:
		return ESM_VERIFY_BAD_PASSWORD;
	case RACF_VERIFY_EXPIRED:
		return ESM_VERIFY_EXPIRED;
	case RACF_VERIFY_BAD_NEWPASSWORD:
		return ESM_VERIFY_BAD_NEWPASSWORD;
	case RACF_VERIFY_REVOKED:
		return ESM_VERIFY_REVOKED;
	default:
		return ESM_VERIFY_OTHER;
	}
}

/* What keeps a user from logging on, as the map names it. */
static const char *const racf_disabled[] = { "revoked", NULL };

static const struct esm_dialect racf_dialect = {
	.dl_type = "racf",
	.dl_name = "RACF",
	.dl_suffix = "dc=racf,dc=com",
	.dl_pwlen = RACF_PW_LEN,
	.dl_quote_id = racf_quote_id,
	.dl_check_password = racf_check_password,
	.dl_enum_command = racf_enum_command,
	.dl_enum_line = racf_enum_line,
	.dl_list_command = racf_dl_list_command,
	.dl_list_verb = racf_list_verb,
	.dl_list_new = racf_dl_list_new,
	.dl_list_feed = racf_dl_list_feed,
	.dl_list_end = racf_dl_list_end,
	.dl_list_free = racf_dl_list_free,
	.dl_plan_add = racf_plan_add,
	.dl_plan_modify = racf_plan_modify,
	.dl_plan_delete = racf_plan_delete,
	.dl_plan_password = racf_plan_password,
	.dl_result = racf_result,
	.dl_verify_result = racf_verify_result,
	.dl_disabled = racf_disabled,
};

const struct backend_info racf_backend_info =
    ESMBE_BACKEND_INFO("racf", "IBM RACF", &racf_dialect);
