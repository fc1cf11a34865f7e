/*
 * acl.h - access control: the "group" and "access" lines of
 * esmgated.conf, compiled once at load, and the decisions the operations
 * ask of them.  The syntax and the rules of evaluation are described at
 * the top of acl.c; op_acl.c applies the decisions to operations.
 *
 * With no access line the module is inactive and the gateway keeps its
 * built-in policy (op_route()): administrators everything, ESM users
 * their own entry, anonymous clients the root DSE and cn=Subschema.
 */
#ifndef ESM_ACL_H
#define ESM_ACL_H

#include <stddef.h>
#include <sys/queue.h>
#include <sys/socket.h>	/* for conn.h */

#include "gateway/conn.h"

struct conf_line;
struct schema;
struct schema_at;
struct gateway;

/* What a rule may grant. */
#define ACL_READ		0x01u	/* search, compare, filters */
#define ACL_WRITE		0x02u	/* add, modify, delete, modrdn */
#define ACL_PASSWORD_RESET	0x04u	/* set another user's password */
#define ACL_PASSWORD_EVENTS	0x08u	/* passwords in changelog records */
#define ACL_CHANGELOG		0x10u	/* cn=changelog, psearch, sync */

/* Who a rule names ("by WHO"). */
enum acl_by {
	ACL_BY_DN,		/* dn:DN, the bound identity */
	ACL_BY_CERT,		/* cert:SUBJECT, the verified certificate */
	ACL_BY_GROUP,		/* group:NAME */
	ACL_BY_ADMINS,		/* every "admin" line */
	ACL_BY_USERS,		/* ESM users bound by pass-through */
	ACL_BY_SELF,		/* the bound identity's own entry */
	ACL_BY_ANONYMOUS,	/* not bound, no certificate */
	ACL_BY_AUTHENTICATED,	/* bound, or a verified certificate */
	ACL_BY_ANYONE,		/* "*" */
};

/* A group member: a bound DN or a certificate subject. */
struct acl_member {
	int		 am_cert;	/* cert:SUBJECT, else dn:DN */
	char		*am_dn;		/* owned, as written */
	char		*am_ndn;	/* owned, normalised at compile */
	char		*am_file;	/* owned: the group line naming it */
	int		 am_line;
};

struct acl_group {
	char		*ag_name;	/* owned */
	struct acl_member *ag_members;	/* owned */
	size_t		 ag_nmembers;
	TAILQ_ENTRY(acl_group) ag_entry;
};

struct acl_rule {
	char		*ar_name;	/* owned */
	char		*ar_file;	/* owned */
	int		 ar_line;
	char		*ar_to;		/* owned, as written; NULL: "*" */
	char		*ar_nto;	/* owned, normalised */
	enum acl_by	 ar_by;
	char		*ar_who;	/* owned: DN, subject or group name */
	char		*ar_nwho;	/* owned: normalised DN or subject */
	const struct acl_group *ar_group;	/* borrowed, group:NAME */
	unsigned int	 ar_rights;	/* ACL_* */
	char		**ar_attr_names;	/* owned, as written; freed
						   once compiled (NULL) */
	const struct schema_at **ar_attrs;	/* owned array, borrowed
						   types (schema's) */
	size_t		 ar_nattrs;	/* 0: every attribute */
	TAILQ_ENTRY(acl_rule) ar_entry;
};

struct acl {
	TAILQ_HEAD(, acl_group) a_groups;
	TAILQ_HEAD(, acl_rule) a_rules;
	size_t		 a_nrules;
};

/* Who asks: the connection's identity (strings borrowed). */
struct acl_id {
	enum conn_auth	 ai_auth;
	const char	*ai_ndn;	/* bound DN, normalised, or NULL */
	const char	*ai_cert;	/* certificate subject, normalised,
					   or NULL */
};

struct acl	*acl_new(void);
void		 acl_free(struct acl *);
/* Any access line: the rules decide (else the built-in policy). */
int		 acl_is_active(const struct acl *);
/*
 * A configuration line.  Returns 1 when the keyword is not "group" or
 * "access", 0 when taken, -1 with a reason (the caller adds file:line).
 */
int		 acl_conf_line(struct acl *, const struct conf_line *,
		    char *err, size_t errlen);
/*
 * Once the schema is loaded: normalise the DNs, resolve the attribute
 * types, find the groups, refuse rules that can never match (below no
 * naming context, or after a rule that takes all their accesses).
 * nsuffixes are the naming contexts, normalised.  -1 with "file:line:
 * reason".
 */
int		 acl_compile(struct acl *, const struct schema *,
		    const char *const *nsuffixes, size_t nsuffixes_n,
		    char *err, size_t errlen);

/* The configuration word of one right ("password-reset"). */
const char	*acl_rights_name(unsigned int right);

/*
 * One decision.  Entry accesses (at_access 0) are seeing the entry,
 * deleting or renaming it, resetting its password, password events and
 * the changelog; they are decided by the first rule whose "to" holds ndn
 * and whose "by" names the identity; a write of the entry (delete,
 * modrdn) is granted only by a rule without an attribute list.
 * Attribute accesses also need the type in the rule's list (at NULL: a
 * type the schema does not know, in rules without a list only).
 * Returns 1 granted, 0 denied; *rule the deciding rule or NULL (no rule
 * matched: default deny).
 */
int	acl_decide(const struct acl *, const struct acl_id *, const char *ndn,
	    unsigned int right, int at_access, const struct schema_at *at,
	    const struct acl_rule **rule);

/*
 * A search's view: the rules naming its identity that may hold entries
 * of its scope, chosen once per search, so that each entry costs a walk
 * over a few rules and no allocation.  When every chosen rule holds the
 * whole scope the decisions do not depend on the entry ("uniform") and
 * acl_view_entry() needs no DN.
 */
struct acl_view {
	const struct acl_rule **av_rules;	/* owned array, borrowed */
	unsigned char	*av_on;		/* owned: av_rules[i] holds the
					   current entry */
	size_t		 av_n;
	int		 av_uniform;
	int		 av_visible;	/* the current entry may be seen */
	size_t		 av_first;	/* the rule deciding the current
					   entry's accesses; av_n: none */
	struct acl_id	 av_id;		/* borrowed strings */
};

/*
 * Choose the rules for a search of nbase with this scope (LDAP_SCOPE_*).
 * Returns 1 when an entry of the scope may be seen (uniform: the first
 * rule grants read; partial: some rule does), 0 when none can (*rule:
 * the rule deciding for the base, or NULL).
 */
int	acl_view_open(struct acl_view *, const struct acl *,
	    const struct acl_id *, const char *nbase, int scope,
	    const struct acl_rule **rule);
void	acl_view_close(struct acl_view *);
/* Does the next entry need its normalised DN for acl_view_entry()? */
int	acl_view_needs_dn(const struct acl_view *);
/* The entry (ndn may be NULL when uniform): 1 may be seen, else 0. */
int	acl_view_entry(struct acl_view *, const char *ndn);
/* May an attribute of the current entry be read (at NULL: unknown)? */
int	acl_view_readable(const struct acl_view *, const struct schema_at *);
/* May every attribute of the current entry be read (one rule says so)? */
int	acl_view_reads_all(const struct acl_view *);
/* Is an entry access (ACL_*, as acl_decide) to the current entry granted? */
int	acl_view_grants(const struct acl_view *, unsigned int right);

#endif
