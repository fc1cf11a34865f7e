/*
 * acl.c - access control rules: parsed from esmgated.conf, compiled once
 * the schema is loaded, and the decisions made from them.
 *
 *	group	NAME  MEMBER...
 *		MEMBER: dn:DN (a bound identity) | cert:SUBJECT (a verified
 *		client certificate's subject).  A second line of the same
 *		NAME adds members.
 *	access	RULE  to DN|*  by WHO  RIGHT[,RIGHT...]  [attrs ATTR,...|*]
 *		to: the entry DN and everything below it (dc=racf,dc=com
 *		holds uid=x,ou=People,dc=racf,dc=com, not dc=xracf,dc=com),
 *		or * for every entry.
 *		WHO: dn:DN | cert:SUBJECT | group:NAME | admins (every admin
 *		line) | users (ESM users bound by pass-through) | self (the
 *		bound identity's own entry) | anonymous (not bound, no
 *		certificate) | authenticated (bound or a certificate) | *
 *		RIGHT: read (search, compare, filters), write (add, modify,
 *		delete, modrdn), password-reset (set another user's
 *		password: userPassword in a modify, Password Modify naming
 *		another user), password-events (the new password in
 *		cn=changelog's password records), changelog (search
 *		cn=changelog; open a persistent search or a content
 *		synchronization on the rule's entries).
 *		attrs: the attribute types (and their subtypes) the rule
 *		is about; none or * is every type.
 *
 * Evaluation.  A rule matches an access when its "to" holds the entry,
 * its "by" names the identity and, for an access to one attribute (read
 * or write of cn), its attrs list holds the attribute.  Accesses to the
 * entry as a whole -- seeing it, deleting or renaming it, resetting its
 * password, its password events, the changelog -- are matched by "to"
 * and "by" alone.  The first rule that matches decides: granted when it
 * lists the right, denied by that rule otherwise; when no rule matches,
 * the access is denied (default deny).  Deleting or renaming an entry
 * writes every attribute of it: only a rule without an attrs list grants
 * it.  An add writes each attribute it carries.  Attributes a search may
 * not read are left out of the entries, and a filter item on one is
 * Undefined, so filters cannot test what cannot be read.  A change
 * record of cn=changelog is judged both as an entry of cn=changelog and
 * as the entry its targetDN names (op_acl.c).  The root DSE
 * and cn=Subschema are readable by everyone whatever the rules say.
 *
 * Rules are compiled at load: DNs normalised, attribute types resolved
 * to the schema's, groups found; a rule that an earlier rule takes every
 * access of is refused, since it could only mislead its reader.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>

#include "conf.h"
#include "xmalloc.h"
#include "gateway/acl.h"
#include "gateway/dn.h"
#include "gateway/schema.h"

static const struct acl_right_def {
	const char	*rd_name;
	unsigned int	 rd_right;
} acl_right_defs[] = {
	{ "read", ACL_READ },
	{ "write", ACL_WRITE },
	{ "password-reset", ACL_PASSWORD_RESET },
	{ "password-events", ACL_PASSWORD_EVENTS },
	{ "changelog", ACL_CHANGELOG },
};
#define ACL_NRIGHTS	(sizeof(acl_right_defs) / sizeof(acl_right_defs[0]))

static const struct acl_by_def {
	const char	*bd_name;
	enum acl_by	 bd_by;
} acl_by_defs[] = {
	{ "admins", ACL_BY_ADMINS },
	{ "users", ACL_BY_USERS },
	{ "self", ACL_BY_SELF },
	{ "anonymous", ACL_BY_ANONYMOUS },
	{ "authenticated", ACL_BY_AUTHENTICATED },
	{ "*", ACL_BY_ANYONE },
};

struct acl *
acl_new(void)
{
	struct acl *a;

	a = xcalloc(1, sizeof(*a));
	TAILQ_INIT(&a->a_groups);
	TAILQ_INIT(&a->a_rules);
	return a;
}

static void
acl_group_free(struct acl_group *ag)
{
	size_t i;

	for (i = 0; i < ag->ag_nmembers; i++) {
		free(ag->ag_members[i].am_dn);
		free(ag->ag_members[i].am_ndn);
		free(ag->ag_members[i].am_file);
	}
	free(ag->ag_members);
	free(ag->ag_name);
	free(ag);
}

/* The attribute names as written, once resolved or on failure. */
static void
acl_rule_free_names(struct acl_rule *ar)
{
	size_t i;

	for (i = 0; ar->ar_attr_names != NULL && i < ar->ar_nattrs; i++)
		free(ar->ar_attr_names[i]);
	free(ar->ar_attr_names);
	ar->ar_attr_names = NULL;
}

static void
acl_rule_free(struct acl_rule *ar)
{
	acl_rule_free_names(ar);
	free(ar->ar_attrs);
	free(ar->ar_name);
	free(ar->ar_file);
	free(ar->ar_to);
	free(ar->ar_nto);
	free(ar->ar_who);
	free(ar->ar_nwho);
	free(ar);
}

void
acl_free(struct acl *a)
{
	struct acl_group *ag;
	struct acl_rule *ar;

	if (a == NULL)
		return;
	while ((ar = TAILQ_FIRST(&a->a_rules)) != NULL) {
		TAILQ_REMOVE(&a->a_rules, ar, ar_entry);
		acl_rule_free(ar);
	}
	while ((ag = TAILQ_FIRST(&a->a_groups)) != NULL) {
		TAILQ_REMOVE(&a->a_groups, ag, ag_entry);
		acl_group_free(ag);
	}
	free(a);
}

int
acl_is_active(const struct acl *a)
{
	return a != NULL && a->a_nrules > 0;
}

const char *
acl_rights_name(unsigned int right)
{
	size_t i;

	for (i = 0; i < ACL_NRIGHTS; i++)
		if (acl_right_defs[i].rd_right == right)
			return acl_right_defs[i].rd_name;
	return "access";
}

/* ---- parsing ------------------------------------------------------- */

static struct acl_group *
acl_find_group(const struct acl *a, const char *name)
{
	struct acl_group *ag;

	TAILQ_FOREACH(ag, &a->a_groups, ag_entry)
		if (strcasecmp(ag->ag_name, name) == 0)
			return ag;
	return NULL;
}

static struct acl_rule *
acl_find_rule(const struct acl *a, const char *name)
{
	struct acl_rule *ar;

	TAILQ_FOREACH(ar, &a->a_rules, ar_entry)
		if (strcasecmp(ar->ar_name, name) == 0)
			return ar;
	return NULL;
}

/* Group and rule names: letters, digits, '-', '_', '.'. */
static int
acl_name_ok(const char *s)
{
	return *s != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen(s);
}

/* "dn:DN" or "cert:SUBJECT": 0, 1 for cert, -1 for neither. */
static int
acl_dn_or_cert(const char *s, const char **rest)
{
	if (strncasecmp(s, "dn:", 3) == 0 && s[3] != '\0') {
		*rest = s + 3;
		return 0;
	}
	if (strncasecmp(s, "cert:", 5) == 0 && s[5] != '\0') {
		*rest = s + 5;
		return 1;
	}
	return -1;
}

static int
acl_conf_group(struct acl *a, const struct conf_line *l, char *err,
    size_t errlen)
{
	struct acl_group *ag;
	struct acl_member *am;
	const char *dn;
	int i, cert;

	if (l->cl_argc < 3 || !acl_name_ok(l->cl_argv[1])) {
		snprintf(err, errlen, "group wants NAME MEMBER..., a name of "
		    "letters, digits, '-', '_' or '.' and members dn:DN or "
		    "cert:SUBJECT");
		return -1;
	}
	for (i = 2; i < l->cl_argc; i++)
		if (acl_dn_or_cert(l->cl_argv[i], &dn) == -1) {
			snprintf(err, errlen, "group %s: member \"%s\" is "
			    "neither dn:DN nor cert:SUBJECT", l->cl_argv[1],
			    l->cl_argv[i]);
			return -1;
		}
	if ((ag = acl_find_group(a, l->cl_argv[1])) == NULL) {
		ag = xcalloc(1, sizeof(*ag));
		ag->ag_name = xstrdup(l->cl_argv[1]);
		TAILQ_INSERT_TAIL(&a->a_groups, ag, ag_entry);
	}
	ag->ag_members = xreallocarray(ag->ag_members, ag->ag_nmembers +
	    (size_t)l->cl_argc - 2, sizeof(*ag->ag_members));
	for (i = 2; i < l->cl_argc; i++) {
		cert = acl_dn_or_cert(l->cl_argv[i], &dn);
		am = &ag->ag_members[ag->ag_nmembers++];
		am->am_cert = cert;
		am->am_dn = xstrdup(dn);
		am->am_ndn = NULL;
		am->am_file = xstrdup(l->cl_file);
		am->am_line = l->cl_lineno;
	}
	return 0;
}

static int
acl_parse_who(struct acl_rule *ar, const char *s, char *err, size_t errlen)
{
	const char *rest;
	size_t i;
	int cert;

	for (i = 0; i < sizeof(acl_by_defs) / sizeof(acl_by_defs[0]); i++)
		if (strcasecmp(s, acl_by_defs[i].bd_name) == 0) {
			ar->ar_by = acl_by_defs[i].bd_by;
			return 0;
		}
	if ((cert = acl_dn_or_cert(s, &rest)) != -1) {
		ar->ar_by = cert ? ACL_BY_CERT : ACL_BY_DN;
		ar->ar_who = xstrdup(rest);
		return 0;
	}
	if (strncasecmp(s, "group:", 6) == 0 && acl_name_ok(s + 6)) {
		ar->ar_by = ACL_BY_GROUP;
		ar->ar_who = xstrdup(s + 6);
		return 0;
	}
	snprintf(err, errlen, "access %s: \"by %s\" names no one: say dn:DN, "
	    "cert:SUBJECT, group:NAME, admins, users, self, anonymous, "
	    "authenticated or *", ar->ar_name, s);
	return -1;
}

static int
acl_parse_rights(struct acl_rule *ar, const char *s, char *err,
    size_t errlen)
{
	const char *p = s, *comma;
	size_t i, len;

	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		for (i = 0; i < ACL_NRIGHTS; i++)
			if (strlen(acl_right_defs[i].rd_name) == len &&
			    strncasecmp(p, acl_right_defs[i].rd_name, len) ==
			    0)
				break;
		if (i == ACL_NRIGHTS) {
			snprintf(err, errlen, "access %s: \"%.*s\" is not a "
			    "right: say read, write, password-reset, "
			    "password-events or changelog, separated by commas",
			    ar->ar_name, (int)len, p);
			return -1;
		}
		ar->ar_rights |= acl_right_defs[i].rd_right;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

static int
acl_parse_attrs(struct acl_rule *ar, const char *s, char *err,
    size_t errlen)
{
	const char *p = s, *comma;
	size_t len;

	if (strcmp(s, "*") == 0)
		return 0;
	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (len == 0) {
			snprintf(err, errlen, "access %s: an empty attribute "
			    "name in \"attrs %s\"", ar->ar_name, s);
			return -1;
		}
		ar->ar_attr_names = xreallocarray(ar->ar_attr_names,
		    ar->ar_nattrs + 1, sizeof(*ar->ar_attr_names));
		ar->ar_attr_names[ar->ar_nattrs++] = xstrndup(p, len);
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* access RULE to DN|* by WHO RIGHTS [attrs LIST] */
static int
acl_conf_access(struct acl *a, const struct conf_line *l, char *err,
    size_t errlen)
{
	char *const *v = l->cl_argv;
	struct acl_rule *ar;

	if ((l->cl_argc != 7 && l->cl_argc != 9) ||
	    strcasecmp(v[2], "to") != 0 || strcasecmp(v[4], "by") != 0 ||
	    (l->cl_argc == 9 && strcasecmp(v[7], "attrs") != 0)) {
		snprintf(err, errlen, "access wants RULE to DN|* by WHO "
		    "RIGHT[,RIGHT...] [attrs ATTR[,ATTR...]|*]");
		return -1;
	}
	if (!acl_name_ok(v[1])) {
		snprintf(err, errlen, "access: \"%s\" is not a rule name "
		    "(letters, digits, '-', '_', '.')", v[1]);
		return -1;
	}
	if (acl_find_rule(a, v[1]) != NULL) {
		snprintf(err, errlen, "access %s: a rule of that name exists "
		    "already; each rule needs its own name (the logs name "
		    "rules)", v[1]);
		return -1;
	}
	ar = xcalloc(1, sizeof(*ar));
	ar->ar_name = xstrdup(v[1]);
	ar->ar_file = xstrdup(l->cl_file);
	ar->ar_line = l->cl_lineno;
	if (strcmp(v[3], "*") != 0)
		ar->ar_to = xstrdup(v[3]);
	if (acl_parse_who(ar, v[5], err, errlen) == -1 ||
	    acl_parse_rights(ar, v[6], err, errlen) == -1 ||
	    (l->cl_argc == 9 && acl_parse_attrs(ar, v[8], err,
	    errlen) == -1)) {
		acl_rule_free(ar);
		return -1;
	}
	TAILQ_INSERT_TAIL(&a->a_rules, ar, ar_entry);
	a->a_nrules++;
	return 0;
}

int
acl_conf_line(struct acl *a, const struct conf_line *l, char *err,
    size_t errlen)
{
	if (strcasecmp(l->cl_argv[0], "group") == 0)
		return acl_conf_group(a, l, err, errlen);
	if (strcasecmp(l->cl_argv[0], "access") == 0)
		return acl_conf_access(a, l, err, errlen);
	return 1;
}

/* ---- compiling ----------------------------------------------------- */

static int
acl_normalize(const char *dn, const struct schema *s, char **ndn,
    const char **why)
{
	free(*ndn);
	*ndn = NULL;
	return dn_normalize_str(dn, strlen(dn), s, ndn, why);
}

static int
acl_compile_groups(struct acl *a, const struct schema *s, char *err,
    size_t errlen)
{
	struct acl_group *ag;
	struct acl_member *am;
	const char *why;
	size_t i;

	TAILQ_FOREACH(ag, &a->a_groups, ag_entry)
		for (i = 0; i < ag->ag_nmembers; i++) {
			am = &ag->ag_members[i];
			if (acl_normalize(am->am_dn, s, &am->am_ndn,
			    &why) == -1) {
				snprintf(err, errlen, "%s:%d: group %s: \"%s\" "
				    "is not a DN: %s", am->am_file,
				    am->am_line, ag->ag_name, am->am_dn, why);
				return -1;
			}
		}
	return 0;
}

/* The rule's "to" holds or lies above some naming context. */
static int
acl_to_served(const char *nto, const char *const *nsuffixes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dn_is_within(nto, nsuffixes[i]) ||
		    dn_is_within(nsuffixes[i], nto))
			return 1;
	return 0;
}

static int
acl_compile_to(struct acl_rule *ar, const struct schema *s,
    const char *const *nsuffixes, size_t n, char *err, size_t errlen)
{
	const char *why;

	if (ar->ar_to == NULL)
		return 0;
	if (acl_normalize(ar->ar_to, s, &ar->ar_nto, &why) == -1) {
		snprintf(err, errlen, "%s:%d: access %s: \"to %s\" is not a "
		    "DN: %s", ar->ar_file, ar->ar_line, ar->ar_name,
		    ar->ar_to, why);
		return -1;
	}
	if (!acl_to_served(ar->ar_nto, nsuffixes, n)) {
		snprintf(err, errlen, "%s:%d: access %s: no naming context of "
		    "this gateway holds %s or lies below it: the rule could "
		    "never match (check the suffix lines)", ar->ar_file,
		    ar->ar_line, ar->ar_name, ar->ar_to);
		return -1;
	}
	return 0;
}

static int
acl_compile_who(struct acl *a, struct acl_rule *ar, const struct schema *s,
    char *err, size_t errlen)
{
	const char *why;

	if (ar->ar_by == ACL_BY_GROUP) {
		if ((ar->ar_group = acl_find_group(a, ar->ar_who)) == NULL) {
			snprintf(err, errlen, "%s:%d: access %s: group %s is "
			    "not defined (a group line before the access "
			    "lines names its members)", ar->ar_file,
			    ar->ar_line, ar->ar_name, ar->ar_who);
			return -1;
		}
		return 0;
	}
	if (ar->ar_by != ACL_BY_DN && ar->ar_by != ACL_BY_CERT)
		return 0;
	if (acl_normalize(ar->ar_who, s, &ar->ar_nwho, &why) == -1) {
		snprintf(err, errlen, "%s:%d: access %s: \"%s\" is not a DN: "
		    "%s", ar->ar_file, ar->ar_line, ar->ar_name, ar->ar_who,
		    why);
		return -1;
	}
	return 0;
}

static int
acl_compile_attrs(struct acl_rule *ar, const struct schema *s, char *err,
    size_t errlen)
{
	size_t i;

	if (ar->ar_attrs != NULL)
		return 0;	/* resolved by an earlier compile */
	ar->ar_attrs = xcalloc(ar->ar_nattrs + 1, sizeof(*ar->ar_attrs));
	for (i = 0; i < ar->ar_nattrs; i++)
		if ((ar->ar_attrs[i] = schema_find_at(s,
		    ar->ar_attr_names[i])) == NULL) {
			snprintf(err, errlen, "%s:%d: access %s: attribute "
			    "type %s is not in the schema", ar->ar_file,
			    ar->ar_line, ar->ar_name, ar->ar_attr_names[i]);
			return -1;
		}
	/* Decisions use the types; the names served the message above. */
	acl_rule_free_names(ar);
	return 0;
}

/* Does "by" of a name everyone "by" of b names? */
static int
acl_by_covers(const struct acl_rule *a, const struct acl_rule *b)
{
	if (a->ar_by == ACL_BY_ANYONE)
		return 1;
	if (a->ar_by == ACL_BY_AUTHENTICATED)
		return b->ar_by != ACL_BY_ANONYMOUS &&
		    b->ar_by != ACL_BY_ANYONE;
	if (a->ar_by != b->ar_by)
		return 0;
	if (a->ar_by == ACL_BY_GROUP)
		return a->ar_group == b->ar_group;
	if (a->ar_by == ACL_BY_DN || a->ar_by == ACL_BY_CERT)
		return strcmp(a->ar_nwho, b->ar_nwho) == 0;
	return 1;
}

/* Does the attrs list of a hold every attribute b is about? */
static int
acl_attrs_cover(const struct acl_rule *a, const struct acl_rule *b)
{
	size_t i, j;

	if (a->ar_nattrs == 0)
		return 1;
	if (b->ar_nattrs == 0)
		return 0;
	for (i = 0; i < b->ar_nattrs; i++) {
		for (j = 0; j < a->ar_nattrs; j++)
			if (schema_at_is_a(b->ar_attrs[i], a->ar_attrs[j]))
				break;
		if (j == a->ar_nattrs)
			return 0;
	}
	return 1;
}

/* Would a, before b, take every access b matches? */
static int
acl_shadows(const struct acl_rule *a, const struct acl_rule *b)
{
	if (a->ar_nto != NULL && (b->ar_nto == NULL ||
	    !dn_is_within(b->ar_nto, a->ar_nto)))
		return 0;
	return acl_by_covers(a, b) && acl_attrs_cover(a, b);
}

static int
acl_check_reachable(const struct acl *a, const struct acl_rule *ar,
    char *err, size_t errlen)
{
	const struct acl_rule *prev;

	TAILQ_FOREACH(prev, &a->a_rules, ar_entry) {
		if (prev == ar)
			return 0;
		if (acl_shadows(prev, ar)) {
			snprintf(err, errlen, "%s:%d: access %s can never "
			    "match: rule %s (%s:%d) before it matches every "
			    "access it names (first match wins: move it above "
			    "%s, or narrow %s)", ar->ar_file, ar->ar_line,
			    ar->ar_name, prev->ar_name, prev->ar_file,
			    prev->ar_line, prev->ar_name, prev->ar_name);
			return -1;
		}
	}
	return 0;
}

int
acl_compile(struct acl *a, const struct schema *s,
    const char *const *nsuffixes, size_t n, char *err, size_t errlen)
{
	struct acl_rule *ar;

	if (acl_compile_groups(a, s, err, errlen) == -1)
		return -1;
	TAILQ_FOREACH(ar, &a->a_rules, ar_entry)
		if (acl_compile_to(ar, s, nsuffixes, n, err, errlen) == -1 ||
		    acl_compile_who(a, ar, s, err, errlen) == -1 ||
		    acl_compile_attrs(ar, s, err, errlen) == -1 ||
		    acl_check_reachable(a, ar, err, errlen) == -1)
			return -1;
	return 0;
}

/* ---- decisions ----------------------------------------------------- */

static int
acl_is_bound_as(const struct acl_id *id, const char *ndn)
{
	return id->ai_auth != CONN_ANONYMOUS && id->ai_ndn != NULL &&
	    strcmp(id->ai_ndn, ndn) == 0;
}

static int
acl_group_has(const struct acl_group *ag, const struct acl_id *id)
{
	const struct acl_member *am;
	size_t i;

	for (i = 0; i < ag->ag_nmembers; i++) {
		am = &ag->ag_members[i];
		if (am->am_cert ? id->ai_cert != NULL &&
		    strcmp(id->ai_cert, am->am_ndn) == 0 :
		    acl_is_bound_as(id, am->am_ndn))
			return 1;
	}
	return 0;
}

/* Does the rule's "by" name the identity (self: any bound one)? */
static int
acl_names(const struct acl_rule *ar, const struct acl_id *id)
{
	switch (ar->ar_by) {
	case ACL_BY_DN:
		return acl_is_bound_as(id, ar->ar_nwho);
	case ACL_BY_CERT:
		return id->ai_cert != NULL &&
		    strcmp(id->ai_cert, ar->ar_nwho) == 0;
	case ACL_BY_GROUP:
		return acl_group_has(ar->ar_group, id);
	case ACL_BY_ADMINS:
		return id->ai_auth == CONN_ADMIN;
	case ACL_BY_USERS:
		return id->ai_auth == CONN_USER;
	case ACL_BY_SELF:
		return id->ai_auth != CONN_ANONYMOUS && id->ai_ndn != NULL;
	case ACL_BY_ANONYMOUS:
		return id->ai_auth == CONN_ANONYMOUS && id->ai_cert == NULL;
	case ACL_BY_AUTHENTICATED:
		return id->ai_auth != CONN_ANONYMOUS || id->ai_cert != NULL;
	case ACL_BY_ANYONE:
		return 1;
	}
	return 0;
}

/* Does the rule hold the entry ndn, for this identity (self)? */
static int
acl_holds(const struct acl_rule *ar, const struct acl_id *id,
    const char *ndn)
{
	if (ar->ar_nto != NULL && !dn_is_within(ndn, ar->ar_nto))
		return 0;
	return ar->ar_by != ACL_BY_SELF || strcmp(id->ai_ndn, ndn) == 0;
}

/* Is the attribute (NULL: unknown to the schema) in the rule's list? */
static int
acl_covers(const struct acl_rule *ar, const struct schema_at *at)
{
	size_t i;

	if (ar->ar_nattrs == 0)
		return 1;
	for (i = 0; at != NULL && i < ar->ar_nattrs; i++)
		if (schema_at_is_a(at, ar->ar_attrs[i]))
			return 1;
	return 0;
}

/* What the deciding rule says about the right. */
static int
acl_grants(const struct acl_rule *ar, unsigned int right, int at_access)
{
	if (!(ar->ar_rights & right))
		return 0;
	/* Deleting or renaming writes every attribute of the entry. */
	return right != ACL_WRITE || at_access || ar->ar_nattrs == 0;
}

int
acl_decide(const struct acl *a, const struct acl_id *id, const char *ndn,
    unsigned int right, int at_access, const struct schema_at *at,
    const struct acl_rule **rule)
{
	const struct acl_rule *ar;

	TAILQ_FOREACH(ar, &a->a_rules, ar_entry) {
		if (!acl_names(ar, id) || !acl_holds(ar, id, ndn) ||
		    (at_access && !acl_covers(ar, at)))
			continue;
		*rule = ar;
		return acl_grants(ar, right, at_access);
	}
	*rule = NULL;
	return 0;
}

/* ---- a search's view ----------------------------------------------- */

/*
 * How a rule (naming the identity) meets the scope: 0 it holds none of
 * its entries, 1 it holds all of them, 2 some.
 */
static int
acl_view_meets(const struct acl_rule *ar, const struct acl_id *id,
    const char *nbase, int scope)
{
	const char *top = ar->ar_by == ACL_BY_SELF ? id->ai_ndn : ar->ar_nto;
	int depth;

	if (ar->ar_by == ACL_BY_SELF && ar->ar_nto != NULL &&
	    !dn_is_within(id->ai_ndn, ar->ar_nto))
		return 0;
	if (top == NULL || (ar->ar_by != ACL_BY_SELF &&
	    dn_is_within(nbase, top)))
		return 1;
	if ((depth = dn_depth_below(top, nbase)) == -1)
		return 0;
	if (depth == 0 && scope == LDAP_SCOPE_BASE)
		return 1;	/* self, searching its own entry */
	if (scope == LDAP_SCOPE_BASE ||
	    (scope == LDAP_SCOPE_ONELEVEL && depth > 1))
		return 0;
	return 2;
}

int
acl_view_open(struct acl_view *v, const struct acl *a,
    const struct acl_id *id, const char *nbase, int scope,
    const struct acl_rule **rule)
{
	const struct acl_rule *ar;
	int meets, readable = 0;

	memset(v, 0, sizeof(*v));
	v->av_id = *id;
	v->av_uniform = 1;
	v->av_rules = xcalloc(a->a_nrules + 1, sizeof(*v->av_rules));
	v->av_on = xcalloc(a->a_nrules + 1, 1);
	*rule = NULL;
	TAILQ_FOREACH(ar, &a->a_rules, ar_entry) {
		if (!acl_names(ar, id) ||
		    (meets = acl_view_meets(ar, id, nbase, scope)) == 0)
			continue;
		if (meets == 2)
			v->av_uniform = 0;
		else if (*rule == NULL)
			*rule = ar;	/* decides for the base */
		if (ar->ar_rights & ACL_READ)
			readable = 1;
		v->av_on[v->av_n] = 1;
		v->av_rules[v->av_n++] = ar;
	}
	/* Uniform: the first rule decides every entry's visibility, and
	   when it does not grant read no entry can be seen, whatever the
	   later rules say of attributes: nothing to list from the ESM. */
	v->av_first = v->av_n;		/* none until an entry is judged */
	if (!v->av_uniform)
		return readable;
	if (v->av_n > 0) {
		v->av_first = 0;
		v->av_visible = (v->av_rules[0]->ar_rights & ACL_READ) != 0;
	}
	return v->av_visible;
}

void
acl_view_close(struct acl_view *v)
{
	free(v->av_rules);
	free(v->av_on);
	memset(v, 0, sizeof(*v));
}

int
acl_view_needs_dn(const struct acl_view *v)
{
	return !v->av_uniform;
}

int
acl_view_entry(struct acl_view *v, const char *ndn)
{
	size_t i;

	if (v->av_uniform)
		return v->av_visible;
	v->av_visible = 0;
	v->av_first = v->av_n;
	for (i = 0; i < v->av_n; i++) {
		v->av_on[i] = acl_holds(v->av_rules[i], &v->av_id, ndn);
		if (v->av_on[i] && v->av_first == v->av_n) {
			v->av_first = i;
			v->av_visible = (v->av_rules[i]->ar_rights &
			    ACL_READ) != 0;
		}
	}
	return v->av_visible;
}

int
acl_view_readable(const struct acl_view *v, const struct schema_at *at)
{
	size_t i;

	for (i = 0; i < v->av_n; i++)
		if (v->av_on[i] && acl_covers(v->av_rules[i], at))
			return (v->av_rules[i]->ar_rights & ACL_READ) != 0;
	return 0;
}

int
acl_view_reads_all(const struct acl_view *v)
{
	const struct acl_rule *ar;

	if (v->av_first >= v->av_n)
		return 0;
	/* The first rule holding the entry covers every type: it decides
	   them all. */
	ar = v->av_rules[v->av_first];
	return ar->ar_nattrs == 0 && (ar->ar_rights & ACL_READ) != 0;
}

int
acl_view_grants(const struct acl_view *v, unsigned int right)
{
	return v->av_first < v->av_n &&
	    acl_grants(v->av_rules[v->av_first], right, 0);
}
