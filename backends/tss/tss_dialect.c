/*
 * tss_dialect.c - CA Top Secret as the backend engine sees it
 * (esm_dialect): ACIDs and passwords by tss_quote, LIST(ACIDS) TYPE(...)
 * to enumerate, LIST(a,b,...) DATA(...) to list, tss_list to parse,
 * tss_cmd and the shared planner to plan writes, TSS's messages and the
 * signon codes to LDAP.
 *
 * Users are the ACIDs of TYPE USER; the group class holds the ACIDs of
 * TYPE PROFILE and GROUP, which TSS attaches to users alike.  Commands
 * are written in the function form ("CREATE(X) ...", no leading "TSS"),
 * as the agent takes them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/esmbe/esmbe.h"
#include "backends/tss/tss_cmd.h"
#include "backends/tss/tss_list.h"
#include "backends/tss/tss_quote.h"

/* The signon codes of the agent's verify (mainframe-agent/sim/tss). */
#define TSS_SIGNON_OK			0
#define TSS_SIGNON_NO_ACID		4
#define TSS_SIGNON_BAD_PASSWORD		8
#define TSS_SIGNON_EXPIRED		12
#define TSS_SIGNON_BAD_NEWPASSWORD	16
#define TSS_SIGNON_SUSPENDED		28

static int
tss_check_password(const char *s, size_t len, const char **why)
{
	char *q;

	if (tss_quote_password(s, len, &q, why) == -1)
		return -1;
	xfree_secret(q, strlen(q));
	return 0;
}

/*
 * LIST(ACIDS) has no mask: every ACID of the types is named and the
 * engine's filter picks; prefix is not used.
 */
static char *
tss_enum_command(enum map_class c, const char *prefix)
{
	(void)prefix;
	return xstrdup(c == MAP_USER ? "LIST(ACIDS) TYPE(USER)" :
	    "LIST(ACIDS) TYPE(PROFILE,GROUP)");
}

/* "ACCESSORID = X         TYPE       = USER": X. */
static int
tss_enum_line(enum map_class c, const char *s, size_t n, char *id)
{
	const char *why;
	size_t len;

	(void)c;
	if (n < 14 || strncmp(s, "ACCESSORID = ", 13) != 0)
		return -1;
	s += 13;
	n -= 13;
	for (len = 0; len < n && s[len] != ' '; len++)
		;
	if (tss_quote_id(s, len, id, &why) == -1 || strncmp(s, id, len) != 0)
		return -1;
	return 0;
}

static char *
tss_dl_list_command(enum map_class c, const struct map *m,
    const char *const *ids, size_t n)
{
	return tss_list_command(c, m, ids, n);
}

static const char *
tss_list_verb(enum map_class c)
{
	(void)c;
	return "LIST";
}

static struct esm_list *
tss_dl_list_new(enum map_class c, const struct map *m, const struct schema *s,
    const char *suffix, esm_list_cb cb, void *arg)
{
	return (struct esm_list *)tss_list_new(c, m, s, suffix, cb, arg);
}

static int
tss_dl_list_feed(struct esm_list *l, const struct berval *lines, size_t n,
    char *err, size_t errlen)
{
	return tss_list_feed((struct tss_list *)l, lines, n, err, errlen);
}

static int
tss_dl_list_end(struct esm_list *l, char *err, size_t errlen)
{
	return tss_list_end((struct tss_list *)l, err, errlen);
}

static void
tss_dl_list_free(struct esm_list *l)
{
	tss_list_free((struct tss_list *)l);
}

static int
tss_plan_add(enum map_class c, const struct map *m, const struct schema *s,
    const char *suffix, const char *id, const struct pdu_attr *attrs,
    size_t n, struct esm_plan *p, char *text, size_t textlen)
{
	return esm_planner_add(&tss_cmdlang, c, m, s, suffix, id, attrs, n, p,
	    text, textlen);
}

static int
tss_plan_modify(enum map_class c, const struct map *m, const struct schema *s,
    const char *suffix, const char *id, const struct entry *cur,
    const struct pdu_mod *mods, size_t n, struct esm_plan *p, char *text,
    size_t textlen)
{
	return esm_planner_modify(&tss_cmdlang, c, m, s, suffix, id, cur, mods,
	    n, p, text, textlen);
}

static int
tss_plan_delete(enum map_class c, const char *id, struct esm_plan *p,
    char *text, size_t textlen)
{
	return esm_planner_delete(&tss_cmdlang, c, id, p, text, textlen);
}

static enum esm_verify
tss_verify_result(int code)
{
	switch (code) {
	case TSS_SIGNON_OK:
		return ESM_VERIFY_OK;
	case TSS_SIGNON_NO_ACID:
		return ESM_VERIFY_NO_USER;
	case TSS_SIGNON_BAD_PASSWORD:
		return ESM_VERIFY_BAD_PASSWORD;
	case TSS_SIGNON_EXPIRED:
		return ESM_VERIFY_EXPIRED;
	case TSS_SIGNON_BAD_NEWPASSWORD:
		return ESM_VERIFY_BAD_NEWPASSWORD;
	case TSS_SIGNON_SUSPENDED:
		return ESM_VERIFY_REVOKED;
	default:
		return ESM_VERIFY_OTHER;
	}
}

/* What keeps a user from logging on, as the map names it. */
static const char *const tss_disabled[] = { "tssSuspended", NULL };

static const struct esm_dialect tss_dialect = {
	.dl_type = "tss",
	.dl_name = "TSS",
	.dl_suffix = "dc=tss,dc=com",
	.dl_pwlen = TSS_PW_LEN,
	.dl_quote_id = tss_quote_id,
	.dl_check_password = tss_check_password,
	.dl_enum_command = tss_enum_command,
	.dl_enum_line = tss_enum_line,
	.dl_list_command = tss_dl_list_command,
	.dl_list_verb = tss_list_verb,
	.dl_list_new = tss_dl_list_new,
	.dl_list_feed = tss_dl_list_feed,
	.dl_list_end = tss_dl_list_end,
	.dl_list_free = tss_dl_list_free,
	.dl_plan_add = tss_plan_add,
	.dl_plan_modify = tss_plan_modify,
	.dl_plan_delete = tss_plan_delete,
	.dl_plan_password = tss_plan_password,
	.dl_result = tss_cmd_result,
	.dl_verify_result = tss_verify_result,
	.dl_disabled = tss_disabled,
};

const struct backend_info tss_backend_info =
    ESMBE_BACKEND_INFO("tss", "CA Top Secret", &tss_dialect);
