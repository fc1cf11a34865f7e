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

#include "gateway/conn.h"
#include "gateway/op.h"
#include "backends/backend.h"

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
	if ((rc = op_route(op, OP_WRITE)) != LDAP_SUCCESS)
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
