/*
 * op_write.c - add, modify, delete and modrdn: the frontend's half.
 *
 * Each checks the target DN and the identity, then hands the operation
 * to the backend holding the DN.  The backend validates everything
 * before its first native command, so bad input changes nothing.
 */
#include "config.h"

#include <stdio.h>

#include <ldap.h>

#include "utf8.h"
#include "gateway/conn.h"
#include "gateway/gw.h"
#include "gateway/op.h"
#include "gateway/schema.h"
#include "backends/backend.h"

/* Values of a binary syntax are bytes, not UTF-8 strings (RFC 4517). */
static int
op_write_is_binary(const struct schema *sch, const struct berval *type)
{
	const struct schema_at *at;

	at = schema_find_at_len(sch, type->bv_val, type->bv_len);
	return at != NULL && at->at_syntax != NULL &&
	    at->at_syntax->sx_binary;
}

/*
 * Values of string syntaxes are UTF-8 (RFC 4517 §3.1): one that is not
 * is invalidAttributeSyntax here, whatever the ESM could store.  The
 * value itself is not quoted (it may be a password).
 */
static int
op_write_check_values(struct op *op, const struct berval *type,
    const struct berval *vals, size_t n)
{
	const struct schema *sch = op->o_conn->c_gw->gw_schema;
	size_t i;

	if (op_write_is_binary(sch, type))
		return LDAP_SUCCESS;
	for (i = 0; i < n; i++)
		if (!utf8_valid(vals[i].bv_val, vals[i].bv_len)) {
			snprintf(op->o_text, sizeof(op->o_text), "%.*s: value "
			    "%zu is not UTF-8", (int)(type->bv_len > 100 ? 100 :
			    type->bv_len), type->bv_val, i + 1);
			return LDAP_INVALID_SYNTAX;
		}
	return LDAP_SUCCESS;
}

static int
op_write_check_utf8(struct op *op)
{
	const struct pdu_req *r = &op->o_req;
	size_t i;
	int rc = LDAP_SUCCESS;

	if (op->o_tag == LDAP_REQ_ADD)
		for (i = 0; i < r->r.add.nattrs && rc == LDAP_SUCCESS; i++)
			rc = op_write_check_values(op,
			    &r->r.add.attrs[i].pa_type,
			    r->r.add.attrs[i].pa_vals,
			    r->r.add.attrs[i].pa_nvals);
	if (op->o_tag == LDAP_REQ_MODIFY)
		for (i = 0; i < r->r.modify.nmods && rc == LDAP_SUCCESS; i++)
			rc = op_write_check_values(op,
			    &r->r.modify.mods[i].pm_type,
			    r->r.modify.mods[i].pm_vals,
			    r->r.modify.mods[i].pm_nvals);
	return rc;
}

static int
op_write_hook(struct op *op, const struct berval *dn, be_op_fn *(*pick)
    (const struct backend_info *), const char *what)
{
	int rc;

	if ((rc = op_target(op, dn)) != LDAP_SUCCESS)
		goto done;
	if (op->o_ndn[0] == '\0' || rootdse_is_subschema(op->o_ndn)) {
		snprintf(op->o_text, sizeof(op->o_text), "%s is maintained by "
		    "the gateway and cannot be changed", op->o_ndn[0] == '\0' ?
		    "the root DSE" : SUBSCHEMA_DN);
		rc = LDAP_UNWILLING_TO_PERFORM;
		goto done;
	}
	if ((rc = op_route(op, OP_WRITE)) != LDAP_SUCCESS ||
	    (rc = op_write_check_utf8(op)) != LDAP_SUCCESS)
		goto done;
	if ((rc = op_call_backend(op, pick(op->o_be->be_info), what)) ==
	    OP_PENDING)
		return OP_PENDING;
done:
	op_finish(op, rc, NULL);
	return rc;
}

static be_op_fn *
pick_add(const struct backend_info *bi)
{
	return bi->bi_add;
}

static be_op_fn *
pick_modify(const struct backend_info *bi)
{
	return bi->bi_modify;
}

static be_op_fn *
pick_delete(const struct backend_info *bi)
{
	return bi->bi_delete;
}

static be_op_fn *
pick_modrdn(const struct backend_info *bi)
{
	return bi->bi_modrdn;
}

int
op_add_run(struct op *op)
{
	return op_write_hook(op, &op->o_req.r.add.dn, pick_add, "add");
}

int
op_modify_run(struct op *op)
{
	return op_write_hook(op, &op->o_req.r.modify.dn, pick_modify,
	    "modify");
}

int
op_delete_run(struct op *op)
{
	return op_write_hook(op, &op->o_req.r.del.dn, pick_delete, "delete");
}

int
op_modrdn_run(struct op *op)
{
	return op_write_hook(op, &op->o_req.r.modrdn.dn, pick_modrdn,
	    "modrdn (renaming entries)");
}
