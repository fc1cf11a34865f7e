/*
 * acf2_dialect.c - CA ACF2 as the backend engine sees it (esm_dialect):
 * logonids, rule keys and resource rule names by acf2_quote; LIST
 * LIKE(mask) LIDS, SET RULE LIST and SET RESOURCE(-) LIST to enumerate;
 * LIST lid ..., SET RULE DECOMP key ... and SET RESOURCE(t) DECOMP
 * key ... (in batches, the simulator's lists) to list; acf2_list to
 * parse; acf2_cmd to plan writes; ACF2's messages and logon return
 * codes to LDAP.
 *
 * The map's "user" class is a logonid, its "group" class an access
 * rule set, its "resource" class a resource rule set (schema/acf2.map).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/esmbe/esmbe.h"
#include "backends/acf2/acf2_cmd.h"
#include "backends/acf2/acf2_list.h"
#include "backends/acf2/acf2_quote.h"

/* Logon return codes (mainframe-agent/sim/acf2/acf2.h, RACROUTE's). */
#define ACF2_VERIFY_OK			0
#define ACF2_VERIFY_NO_USER		4
#define ACF2_VERIFY_BAD_PASSWORD	8
#define ACF2_VERIFY_EXPIRED		12
#define ACF2_VERIFY_BAD_NEWPASSWORD	16
#define ACF2_VERIFY_SUSPENDED		28	/* suspended, cancelled,
						   expired, not yet active */

static enum acf2_list_kind
acf2_kind(enum map_class c)
{
	return c == MAP_USER ? ACF2_LIST_LIDS : c == MAP_GROUP ?
	    ACF2_LIST_RULES : ACF2_LIST_RESOURCES;
}

static int
acf2_check_password(const char *s, size_t len, const char **why)
{
	char *q;

	if (acf2_quote_password(s, len, &q, why) == -1)
		return -1;
	xfree_secret(q, strlen(q));
	return 0;
}

static char *
acf2_enum_command(enum map_class c, const char *prefix)
{
	return acf2_list_enum_command(acf2_kind(c), prefix);
}

static char *
acf2_dl_list_command(enum map_class c, const struct map *m,
    const char *const *ids, size_t n)
{
	(void)m;
	return acf2_list_command(acf2_kind(c), ids, n);
}

static int
acf2_enum_line(enum map_class c, const char *s, size_t n, char *id)
{
	return acf2_list_enum_line(acf2_kind(c), s, n, id);
}

static int
acf2_dl_list_together(enum map_class c, const char *a, const char *b)
{
	return acf2_list_together(acf2_kind(c), a, b);
}

static const char *
acf2_list_verb(enum map_class c)
{
	return c == MAP_USER ? "LIST" : "DECOMP";
}

static struct esm_list *
acf2_dl_list_new(enum map_class c, const struct map *m,
    const struct schema *s, const char *suffix, esm_list_cb cb, void *arg)
{
	return (struct esm_list *)acf2_list_new(acf2_kind(c), m, s, suffix,
	    cb, arg);
}

static int
acf2_dl_list_feed(struct esm_list *l, const struct berval *lines, size_t n,
    char *err, size_t errlen)
{
	return acf2_list_feed((struct acf2_list *)l, lines, n, err, errlen);
}

static int
acf2_dl_list_end(struct esm_list *l, char *err, size_t errlen)
{
	return acf2_list_end((struct acf2_list *)l, err, errlen);
}

static void
acf2_dl_list_free(struct esm_list *l)
{
	acf2_list_free((struct acf2_list *)l);
}

/* ACF2's messages (the simulator's ids, mainframe-agent/sim/acf2/acf2.c). */
static const struct {
	const char	*am_id;
	int		 am_rc;
} acf2_msgs[] = {
	{ "ACF6C015E", LDAP_INSUFFICIENT_ACCESS },	/* NOT AUTHORIZED */
	{ "ACF6C010E", LDAP_ALREADY_EXISTS },		/* LOGONID EXISTS */
	{ "ACF6C011", LDAP_NO_SUCH_OBJECT },		/* LOGONID NOT FOUND */
	{ "ACF6R771", LDAP_NO_SUCH_OBJECT },		/* RULE NOT FOUND */
	{ "ACF6R772E", LDAP_NO_SUCH_ATTRIBUTE },	/* NO SUCH ENTRY */
	/* Field and syntax errors: a value ACF2 refused. */
	{ "ACF6C012E", LDAP_CONSTRAINT_VIOLATION },
	{ "ACF6C013E", LDAP_CONSTRAINT_VIOLATION },
	{ "ACF6C014E", LDAP_CONSTRAINT_VIOLATION },
	{ "ACF6C016E", LDAP_CONSTRAINT_VIOLATION },
	{ "ACF6C018E", LDAP_CONSTRAINT_VIOLATION },
	{ "ACF6C019E", LDAP_CONSTRAINT_VIOLATION },
	{ "ACF6C020E", LDAP_CONSTRAINT_VIOLATION },
	{ "ACF6C030E", LDAP_CONSTRAINT_VIOLATION },	/* PASSWORD rules */
	{ "ACF6R780E", LDAP_CONSTRAINT_VIOLATION },	/* rule entry */
};

/* RC >= 4: decide by ACF2's message, the first of the table found. */
static int
acf2_result(const char *what, const char *msg, int write)
{
	size_t i;

	(void)what;
	for (i = 0; i < sizeof(acf2_msgs) / sizeof(acf2_msgs[0]); i++) {
		if (strstr(msg, acf2_msgs[i].am_id) == NULL)
			continue;
		if (acf2_msgs[i].am_rc == LDAP_CONSTRAINT_VIOLATION && !write)
			return LDAP_OTHER;
		return acf2_msgs[i].am_rc;
	}
	return write ? LDAP_UNWILLING_TO_PERFORM : LDAP_OTHER;
}

static enum esm_verify
acf2_verify_result(int code)
{
	switch (code) {
	case ACF2_VERIFY_OK:
		return ESM_VERIFY_OK;
	case ACF2_VERIFY_NO_USER:
		return ESM_VERIFY_NO_USER;
	case ACF2_VERIFY_BAD_PASSWORD:
		return ESM_VERIFY_BAD_PASSWORD;
	case ACF2_VERIFY_EXPIRED:
		return ESM_VERIFY_EXPIRED;
	case ACF2_VERIFY_BAD_NEWPASSWORD:
		return ESM_VERIFY_BAD_NEWPASSWORD;
	case ACF2_VERIFY_SUSPENDED:
		return ESM_VERIFY_REVOKED;
	default:
		return ESM_VERIFY_OTHER;
	}
}

/* What keeps a user from logging on, as the map names it. */
static const char *const acf2_disabled[] = { "suspend", "cancel", NULL };

static const struct esm_dialect acf2_dialect = {
	.dl_type = "acf2",
	.dl_name = "ACF2",
	.dl_suffix = "dc=acf2,dc=com",
	.dl_pwlen = ACF2_PW_LEN,
	.dl_quote_id = esm_quote_id,
	.dl_quote_name = { [MAP_RESOURCE] = acf2_quote_resource_name },
	.dl_check_password = acf2_check_password,
	.dl_enum_command = acf2_enum_command,
	.dl_enum_line = acf2_enum_line,
	.dl_list_command = acf2_dl_list_command,
	.dl_list_together = acf2_dl_list_together,
	.dl_list_verb = acf2_list_verb,
	.dl_list_new = acf2_dl_list_new,
	.dl_list_feed = acf2_dl_list_feed,
	.dl_list_end = acf2_dl_list_end,
	.dl_list_free = acf2_dl_list_free,
	.dl_plan_add = acf2_plan_add,
	.dl_plan_modify = acf2_plan_modify,
	.dl_plan_delete = acf2_plan_delete,
	.dl_plan_password = acf2_plan_password,
	.dl_result = acf2_result,
	.dl_verify_result = acf2_verify_result,
	.dl_disabled = acf2_disabled,
};

const struct backend_info acf2_backend_info =
    ESMBE_BACKEND_INFO("acf2", "CA ACF2", &acf2_dialect);
