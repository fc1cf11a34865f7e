/*
 * rootdse.c - the root DSE (RFC 4512 §5.1) and the subschema subentry
 * cn=Subschema (§4.2), built on each request from the configuration and
 * the loaded schema, so generic LDAP browsers can find their way.
 *
 * The root DSE returns its attributes for "*" as well as for "+": it has
 * no user attributes to speak of, and a newcomer's plain
 * `ldapsearch -b "" -s base` should show the naming contexts.  With a
 * changelog backend, administrators also find draft-good-ldap-changelog's
 * "changelog" and the first and last change numbers here.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <ldap.h>

#include "gateway/changelog.h"
#include "gateway/gw.h"
#include "gateway/conn.h"
#include "gateway/entry.h"
#include "gateway/op.h"
#include "gateway/pdu.h"
#include "gateway/sync.h"
#include "gateway/schema.h"

/* RFC 3673 "+" and RFC 4526 absolute true and false filters. */
#define FEATURE_ALL_OP_ATTRS	"1.3.6.1.4.1.4203.1.5.1"
#define FEATURE_TRUE_FALSE	"1.3.6.1.4.1.4203.1.5.3"

static void
rootdse_add(struct entry *e, const struct schema *s, const char *name,
    const char *value)
{
	entry_add_str(e, name, schema_find_at(s, name), value);
}

/*
 * draft-good-ldap-changelog's pointer and the changelog's bounds, for
 * those who may read it (administrators): to others the changelog is
 * not there at all.
 */
static void
rootdse_changelog(struct entry *e, const struct gateway *gw)
{
	const struct schema *s = gw->gw_schema;
	char n[24];

	rootdse_add(e, s, "changelog", gw->gw_changelog_be->be_suffix);
	snprintf(n, sizeof(n), "%llu",
	    (unsigned long long)changelog_first(gw->gw_changelog));
	rootdse_add(e, s, "firstChangeNumber", n);
	snprintf(n, sizeof(n), "%llu",
	    (unsigned long long)changelog_last(gw->gw_changelog));
	rootdse_add(e, s, "lastChangeNumber", n);
}

static struct entry *
rootdse_build(struct gateway *gw, int admin)
{
	const struct schema *s = gw->gw_schema;
	struct backend *be;
	struct entry *e = entry_new("");

	rootdse_add(e, s, "objectClass", "top");
	rootdse_add(e, s, "objectClass", "extensibleObject");
	/* The changelog is no naming context: "changelog" names it. */
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry)
		if (be != gw->gw_changelog_be)
			rootdse_add(e, s, "namingContexts", be->be_suffix);
	if (gw->gw_changelog != NULL && admin)
		rootdse_changelog(e, gw);
	rootdse_add(e, s, "subschemaSubentry", SUBSCHEMA_DN);
	rootdse_add(e, s, "supportedLDAPVersion", "3");
	rootdse_add(e, s, "supportedControl", PDU_OID_PAGED_RESULTS);
	rootdse_add(e, s, "supportedControl", PDU_OID_MANAGE_DSAIT);
	rootdse_add(e, s, "supportedControl", PDU_OID_PSEARCH);
	rootdse_add(e, s, "supportedControl", PDU_OID_SYNC_REQUEST);
	if (gw->gw_ssl_ctx != NULL)
		rootdse_add(e, s, "supportedExtension", PDU_OID_STARTTLS);
	rootdse_add(e, s, "supportedExtension", PDU_OID_WHOAMI);
	rootdse_add(e, s, "supportedExtension", PDU_OID_PASSWD_MODIFY);
	/* RFC 4513 §5.2.1: EXTERNAL, where client certificates are asked. */
	if (gw->gw_ssl_ctx != NULL && gw->gw_tls_verify != GW_TLS_VERIFY_NONE)
		rootdse_add(e, s, "supportedSASLMechanisms", "EXTERNAL");
	rootdse_add(e, s, "supportedFeatures", FEATURE_ALL_OP_ATTRS);
	rootdse_add(e, s, "supportedFeatures", FEATURE_TRUE_FALSE);
	rootdse_add(e, s, "vendorName", "esmgate");
	rootdse_add(e, s, "vendorVersion", PACKAGE_STRING);
	return e;
}

static struct entry *
subschema_build(struct gateway *gw)
{
	const struct schema *s = gw->gw_schema;
	struct entry *e = entry_new(SUBSCHEMA_DN);
	size_t i;

	rootdse_add(e, s, "objectClass", "top");
	rootdse_add(e, s, "objectClass", "subschema");
	rootdse_add(e, s, "cn", "Subschema");
	for (i = 0; i < schema_count_syntax(s); i++)
		rootdse_add(e, s, "ldapSyntaxes",
		    schema_syntax_index(s, i)->sx_def);
	for (i = 0; i < schema_count_mr(s); i++)
		rootdse_add(e, s, "matchingRules",
		    schema_mr_index(s, i)->mr_def);
	for (i = 0; i < schema_count_at(s); i++)
		rootdse_add(e, s, "attributeTypes",
		    schema_at_index(s, i)->at_def);
	for (i = 0; i < schema_count_oc(s); i++)
		rootdse_add(e, s, "objectClasses",
		    schema_oc_index(s, i)->oc_def);
	return e;
}

int
rootdse_is_subschema(const char *ndn)
{
	return strcmp(ndn, "cn=subschema") == 0;
}

int
rootdse_search(struct op *op)
{
	struct gateway *gw = op->o_conn->c_gw;
	struct entry *e;
	int rc;

	if (op->o_ndn[0] == '\0') {
		op->o_search.os_dse = 1;
		e = rootdse_build(gw, op_is_admin(op));
	} else
		e = subschema_build(gw);
	rc = op_send_entry(op, e);
	entry_free(e);
	return rc == 0 || rc == OP_WAIT || rc == OP_PAGE_FULL ?
	    LDAP_SUCCESS : rc;
}
