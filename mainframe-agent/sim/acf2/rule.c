/*
 * rule.c - access rules (SET RULE) and resource rules (SET RESOURCE(t)).
 *
 * A rule set is stored whole under its key, as ACF2 stores a compiled
 * rule record, each entry in the canonical form DECOMP prints:
 *
 *   access rule entry:   dsnmask [UID(mask)] [R(x)] [W(x)] [A(x)] [E(x)]
 *	x is A (allow), L (log) or P (prevent); READ, WRITE, ALLOC and
 *	EXEC are accepted for R, W, A and E.
 *   resource rule entry: [namemask] [UID(mask)] [SERVICE(s,...)]
 *	ALLOW|LOG|PREVENT; s is READ, UPDATE, DELETE or EXECUTE.
 *
 * ACF2 reads a rule set's entries one per line after $KEY; a request
 * to the agent is one line, so COMPILE takes the whole rule set on its
 * line (the same text, joined):
 *
 *   COMPILE $KEY(PAY) SALARY.- UID(PAYCLK) R(A) W(L) - UID(-) R(P)
 *   COMPILE $KEY(BPX.SUPERUSER) TYPE(FAC) UID(ALICE) SERVICE(READ) ALLOW
 *
 * In an access rule set every entry begins with its dataset mask, a
 * word without a value, and the keywords after it belong to it; in a
 * resource rule set every entry ends with ALLOW, LOG or PREVENT.  So
 * the one-line form is unambiguous and reads like the lines joined.
 * The other subcommands:
 *
 *   DECOMP key [key ...]	print the rule set(s)
 *   DELETE key			remove it
 *   RECKEY key ADD(entry) DEL(entry) ...
 *				change single entries in order: ADD
 *				replaces the entry with the same mask
 *				and UID, or appends; DEL removes it
 *   LIST [LIKE(mask)]		the keys of the rule sets (a simulator
 *				convenience): "$KEY(k) ENTRIES(n)
 *				STORED-BY(x)", with TYPE(t) after the
 *				key in resource mode; SET RESOURCE(-)
 *				LIST lists the resource rule sets of
 *				every type (LIST is its only
 *				subcommand)
 *
 * DECOMP of several keys is this simulator's extension, for
 * reconciliation at speed (real ACF2 decompiles one key, or all with
 * DECOMP * into a data set): each rule set prints as DECOMP of its key
 * alone does, an empty line between two, in the order named; a key
 * with no rule set gets its ACF6R771W line in its place and the
 * command ends with return code 4.  At most 256 keys, the agent's
 * longest list.
 *
 * COMPILE * and COMPILE 'dsn' (input from a data set) are not
 * simulated.  Rule changes fire no exit events: the exits see logonid
 * changes only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "cmd.h"

#define UID_MAX		24
#define DECOMP_MAXKEYS	256	/* keys one DECOMP may name */

struct rentry {
	char	 re_mask[RULE_KEY_SZ];	/* dataset or resource name mask */
	char	 re_uid[UID_MAX + 1];
	char	 re_acc[4];		/* R W A E: 0, 'A', 'L', 'P' */
	int	 re_svc;		/* bits of arule_svc[] */
	int	 re_action;		/* 'A'llow, 'L'og, 'P'revent */
};

static const char *const arule_acc_long[4] = { "READ", "WRITE", "ALLOC",
	"EXEC" };
static const char arule_acc_short[4] = { 'R', 'W', 'A', 'E' };
static const char *const arule_svc[4] = { "READ", "UPDATE", "DELETE",
	"EXECUTE" };

static int
arule_is_resource(const struct acmd *c)
{
	return c->c_mode == ACF2_MODE_RESOURCE;
}

static int
arule_bad(struct acmd *c, const char *what, const char *v)
{
	return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E INVALID RULE ENTRY: %s "
	    "%.60s", what, v);
}

/* A dataset or resource mask / key: A-Z 0-9 @ # $ . - * + (1-max). */
static int
arule_name_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n > 0 && n <= max &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#$.-*+") == n;
}

static int
arule_access_kw(struct acmd *c, struct rentry *e, const struct lx_node *n)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(n->ln_text, arule_acc_long[i]) == 0 ||
		    (n->ln_text[0] == arule_acc_short[i] &&
		    n->ln_text[1] == '\0'))
			break;
	if (i == 4)
		return arule_bad(c, "UNKNOWN KEYWORD", n->ln_text);
	if (e->re_acc[i] != 0)
		return arule_bad(c, "ACCESS GIVEN TWICE", n->ln_text);
	if (strlen(n->ln_val) != 1 || strchr("ALP", n->ln_val[0]) == NULL)
		return arule_bad(c, "ACCESS MUST BE A, L OR P:", n->ln_val);
	e->re_acc[i] = n->ln_val[0];
	return ACF2_RC_OK;
}

static int
arule_service(struct acmd *c, struct rentry *e, const char *v)
{
	char buf[64], *p, *tok, *save = NULL;
	size_t i;

	if (strlen(v) >= sizeof(buf))
		return arule_bad(c, "SERVICE", v);
	snprintf(buf, sizeof(buf), "%s", v);
	for (p = buf; (tok = strtok_r(p, ", ", &save)) != NULL; p = NULL) {
		for (i = 0; i < 4 && strcmp(tok, arule_svc[i]) != 0; i++)
			;
		if (i == 4)
			return arule_bad(c, "SERVICE", tok);
		e->re_svc |= 1 << i;
	}
	return e->re_svc == 0 ? arule_bad(c, "SERVICE", v) : ACF2_RC_OK;
}

/* A KEYWORD(value) of an entry. */
static int
arule_kw(struct acmd *c, struct rentry *e, const struct lx_node *n)
{
	if (n->ln_quoted || strchr(n->ln_val, '\'') != NULL)
		return arule_bad(c, "QUOTED VALUE IN", n->ln_text);
	if (strcmp(n->ln_text, "UID") == 0) {
		if (e->re_uid[0] != '\0')
			return arule_bad(c, "UID GIVEN TWICE", n->ln_val);
		if (!afield_mask_valid(n->ln_val, UID_MAX))
			return arule_bad(c, "UID", n->ln_val);
		snprintf(e->re_uid, sizeof(e->re_uid), "%s", n->ln_val);
		return ACF2_RC_OK;
	}
	if (arule_is_resource(c)) {
		if (strcmp(n->ln_text, "SERVICE") != 0 || e->re_svc != 0)
			return arule_bad(c, "KEYWORD", n->ln_text);
		return arule_service(c, e, n->ln_val);
	}
	return arule_access_kw(c, e, n);
}

/*
 * One entry from the nodes n up to (not including) end.  An access
 * entry starts with its dataset mask; a resource entry may start with
 * a name mask and ends with its action word.
 */
static int
arule_entry(struct acmd *c, const struct lx_node *n, const struct lx_node *end,
    struct rentry *e)
{
	int rc;

	memset(e, 0, sizeof(*e));
	if (n != end && n->ln_kind == LX_WORD && !n->ln_hasval &&
	    !(arule_is_resource(c) && (strcmp(n->ln_text, "ALLOW") == 0 ||
	    strcmp(n->ln_text, "LOG") == 0 || strcmp(n->ln_text, "PREVENT") ==
	    0))) {
		if (!arule_name_ok(n->ln_text, RULE_KEY_MAX))
			return arule_bad(c, "MASK", n->ln_text);
		snprintf(e->re_mask, sizeof(e->re_mask), "%s", n->ln_text);
		n = n->ln_next;
	} else if (!arule_is_resource(c))
		return arule_bad(c, "AN ENTRY MUST START WITH A DATA SET MASK,",
		    n == end ? "" : n->ln_text);
	for (; n != end; n = n->ln_next) {
		if (n->ln_kind != LX_WORD)
			return arule_bad(c, "QUOTED STRING", n->ln_text);
		if (n->ln_hasval) {
			if ((rc = arule_kw(c, e, n)) != 0)
				return rc;
			continue;
		}
		if (!arule_is_resource(c) || e->re_action != 0 ||
		    n->ln_next != end)
			return arule_bad(c, "UNEXPECTED WORD", n->ln_text);
		e->re_action = n->ln_text[0];
	}
	if (arule_is_resource(c) && e->re_action == 0)
		return arule_bad(c, "ALLOW, LOG OR PREVENT MISSING AFTER",
		    e->re_uid[0] != '\0' ? e->re_uid : e->re_mask);
	return ACF2_RC_OK;
}

/* The canonical text of an entry, as stored and as DECOMP prints it. */
static char *
arule_text(const struct acmd *c, const struct rentry *e)
{
	char buf[RULE_TEXT_MAX + 1] = "";
	size_t i, n;

	if (e->re_mask[0] != '\0')
		acmd_note(buf, sizeof(buf), e->re_mask);
	if (e->re_uid[0] != '\0') {
		n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, "%sUID(%s)", n ? " " : "",
		    e->re_uid);
	}
	if (!arule_is_resource(c)) {
		for (i = 0; i < 4; i++)
			if (e->re_acc[i] != 0) {
				n = strlen(buf);
				snprintf(buf + n, sizeof(buf) - n, " %c(%c)",
				    arule_acc_short[i], e->re_acc[i]);
			}
		return xstrdup(buf);
	}
	for (i = 0; i < 4; i++)
		if (e->re_svc & (1 << i)) {
			n = strlen(buf);
			snprintf(buf + n, sizeof(buf) - n, "%s%s", e->re_svc &
			    ((1 << i) - 1) ? "," : n ? " SERVICE(" :
			    "SERVICE(", arule_svc[i]);
		}
	n = strlen(buf);
	snprintf(buf + n, sizeof(buf) - n, "%s%s%s", e->re_svc ? ")" : "",
	    n ? " " : "", e->re_action == 'A' ? "ALLOW" : e->re_action == 'L' ?
	    "LOG" : "PREVENT");
	return xstrdup(buf);
}

/* Do entry text t and e select the same data (mask and UID)? */
static int
arule_same(struct acmd *c, const char *t, const struct rentry *e)
{
	struct lx_node *nodes = NULL;
	struct rentry x;
	char err[256];
	int same = 0, cut = c->c_o.so_cut;

	if (alex_parse(t, strlen(t), &nodes, err, sizeof(err)) == 0) {
		c->c_o.so_cut = 1;	/* a stored entry parses; say nothing */
		if (arule_entry(c, nodes, NULL, &x) == ACF2_RC_OK)
			same = strcmp(x.re_mask, e->re_mask) == 0 &&
			    strcmp(x.re_uid, e->re_uid) == 0;
		c->c_o.so_cut = cut;
	}
	alex_free(nodes);
	return same;
}

/* The key operand of DECOMP, DELETE, RECKEY. */
static int
arule_key(struct acmd *c, const struct lx_node *n, char *key)
{
	size_t max = arule_is_resource(c) ? RULE_KEY_MAX : ACF2_LID_MAX;

	if (n == NULL)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E %s REQUIRES A "
		    "RULE KEY", c->c_verb);
	if (n->ln_kind != LX_WORD || n->ln_hasval ||
	    !arule_name_ok(n->ln_text, max) || strpbrk(n->ln_text, "*-+"))
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E INVALID RULE KEY "
		    "%.60s", n->ln_text);
	snprintf(key, RULE_KEY_SZ, "%s", n->ln_text);
	return ACF2_RC_OK;
}

static int
arule_store(struct acmd *c, struct ruleset *rs, int existed)
{
	size_t len;
	void *rec;

	snprintf(rs->rs_by, sizeof(rs->rs_by), "%s", c->c_issuer);
	rs->rs_when = c->c_now;
	rec = arec_rule_encode(rs, &len);
	free(rec);
	if (astore_put_rule(c->c_db, c->c_txn, rs) == -1)
		return acmd_dberr(c);
	acmd_line(c, "ACF6R551I RECORD LENGTH %zu, %zu ENTRIES", len,
	    rs->rs_n);
	return acmd_err(c, ACF2_RC_OK, "%s RULE %s %s", existed ? "ACF6R768I" :
	    "ACF6R769I", rs->rs_key, existed ? "REPLACED" : "STORED");
}

/* COMPILE's header: $KEY(key) [TYPE(type)]. */
static int
arule_header(struct acmd *c, const struct lx_node **np, char *key)
{
	const struct lx_node *n = *np;
	size_t max = arule_is_resource(c) ? RULE_KEY_MAX : ACF2_LID_MAX;

	if (n == NULL || n->ln_kind != LX_WORD || !n->ln_hasval ||
	    strcmp(n->ln_text, "$KEY") != 0)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E COMPILE REQUIRES "
		    "$KEY(key) FIRST%s", n != NULL && n->ln_kind == LX_STRING ?
		    ": COMPILE FROM A DATA SET IS NOT SUPPORTED" : "");
	if (!arule_name_ok(n->ln_val, max) || strpbrk(n->ln_val, "*-+"))
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E INVALID RULE KEY "
		    "%.60s", n->ln_val);
	snprintf(key, RULE_KEY_SZ, "%s", n->ln_val);
	n = n->ln_next;
	if (n != NULL && n->ln_kind == LX_WORD && n->ln_hasval &&
	    strcmp(n->ln_text, "TYPE") == 0) {
		if (!arule_is_resource(c) || strcmp(n->ln_val, c->c_rtype) != 0)
			return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E "
			    "TYPE(%.8s) "
			    "DOES NOT MATCH SET %s", n->ln_val,
			    arule_is_resource(c) ? "RESOURCE" : "RULE");
		n = n->ln_next;
	}
	*np = n;
	return ACF2_RC_OK;
}

/* The end of the entry that starts at n (see the header). */
static const struct lx_node *
arule_entry_end(const struct acmd *c, const struct lx_node *n)
{
	if (!arule_is_resource(c)) {
		for (n = n->ln_next; n != NULL; n = n->ln_next)
			if (n->ln_kind != LX_WORD || !n->ln_hasval)
				break;
		return n;
	}
	for (; n != NULL; n = n->ln_next)
		if (n->ln_kind == LX_WORD && !n->ln_hasval &&
		    (strcmp(n->ln_text, "ALLOW") == 0 ||
		    strcmp(n->ln_text, "LOG") == 0 ||
		    strcmp(n->ln_text, "PREVENT") == 0))
			return n->ln_next;
	return NULL;
}

int
arule_compile(struct acmd *c, const struct lx_node *args)
{
	const struct lx_node *n = args, *end;
	struct ruleset rs, old;
	struct rentry e;
	int rc, existed;

	memset(&rs, 0, sizeof(rs));
	if ((rc = acmd_auth(c, AUTH_SECURITY)) != 0 ||
	    (rc = arule_header(c, &n, rs.rs_key)) != 0)
		return rc;
	snprintf(rs.rs_type, sizeof(rs.rs_type), "%s", c->c_rtype);
	acmd_line(c, "ACF6R510I ACF2 RULE COMPILER ENTERED FOR %s", rs.rs_key);
	for (; n != NULL; n = end) {
		end = arule_entry_end(c, n);
		if ((rc = arule_entry(c, n, end, &e)) != 0)
			goto done;
		if (rs.rs_n == RULE_ENTRY_MAX) {
			rc = acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E MORE THAN "
			    "%d ENTRIES IN ONE RULE SET", RULE_ENTRY_MAX);
			goto done;
		}
		rs.rs_entry[rs.rs_n++] = arule_text(c, &e);
	}
	if (rs.rs_n == 0) {
		rc = acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E RULE %s HAS NO "
		    "ENTRIES", rs.rs_key);
		goto done;
	}
	if ((existed = astore_get_rule(c->c_db, c->c_txn, rs.rs_type,
	    rs.rs_key, &old)) == -1) {
		rc = acmd_dberr(c);
		goto done;
	}
	aruleset_free(&old);
	rc = arule_store(c, &rs, existed == 0);
done:
	aruleset_free(&rs);
	return rc;
}

/* One rule set of DECOMP; 1 when it does not exist, -1 on failure. */
static int
arule_decomp_one(struct acmd *c, const char *key, size_t *printed)
{
	struct ruleset rs;
	char tod[24];
	size_t i;
	int rc;

	if ((rc = astore_get_rule(c->c_db, c->c_txn, c->c_rtype, key,
	    &rs)) == -1)
		return -1;
	if (rc == 1) {
		acmd_line(c, "ACF6R771W RULE %s NOT FOUND", key);
		return 1;
	}
	if ((*printed)++ > 0)
		acmd_line(c, "%s", "");
	afield_tod(rs.rs_when, tod, sizeof(tod));
	acmd_line(c, "ACF6R790I RULE %s STORED BY %s ON %s", key, rs.rs_by,
	    tod);
	if (arule_is_resource(c))
		acmd_line(c, "$KEY(%s) TYPE(%s)", key, c->c_rtype);
	else
		acmd_line(c, "$KEY(%s)", key);
	for (i = 0; i < rs.rs_n; i++)
		acmd_line(c, " %s", rs.rs_entry[i]);
	aruleset_free(&rs);
	return 0;
}

int
arule_decomp(struct acmd *c, const struct lx_node *args)
{
	const struct lx_node *n;
	char key[RULE_KEY_SZ];
	size_t printed = 0, named = 1;
	int rc, missing = 0;

	if ((rc = acmd_auth(c, AUTH_READ)) != 0 ||
	    (rc = arule_key(c, args, key)) != 0)
		return rc;
	for (n = args->ln_next; n != NULL; n = n->ln_next)
		if ((rc = arule_key(c, n, key)) != 0)
			return rc;
		else if (++named > DECOMP_MAXKEYS)
			return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E DECOMP "
			    "TAKES AT MOST %d RULE KEYS", DECOMP_MAXKEYS);
	for (n = args; n != NULL && !c->c_o.so_cut; n = n->ln_next) {
		(void)arule_key(c, n, key);
		if ((rc = arule_decomp_one(c, key, &printed)) == -1)
			return acmd_dberr(c);
		missing |= rc;
	}
	return missing ? ACF2_RC_WARNING : ACF2_RC_OK;
}

int
arule_delete(struct acmd *c, const struct lx_node *args)
{
	char key[RULE_KEY_SZ];
	int rc;

	if ((rc = acmd_auth(c, AUTH_SECURITY)) != 0 ||
	    (rc = arule_key(c, args, key)) != 0)
		return rc;
	if (args->ln_next != NULL)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E DELETE TAKES ONE "
		    "RULE KEY, NOT %.40s", args->ln_next->ln_text);
	if ((rc = astore_del_rule(c->c_db, c->c_txn, c->c_rtype, key)) == -1)
		return acmd_dberr(c);
	if (rc == 1)
		return acmd_err(c, ACF2_RC_ERROR, "ACF6R771E RULE %s NOT FOUND",
		    key);
	return acmd_err(c, ACF2_RC_OK, "ACF6R770I RULE %s DELETED", key);
}

/* One ADD(entry) or DEL(entry) of RECKEY applied to rs. */
static int
arule_reckey_one(struct acmd *c, struct ruleset *rs, const struct lx_node *op)
{
	struct lx_node *nodes = NULL;
	struct rentry e;
	char err[256];
	size_t i;
	int rc, add = strcmp(op->ln_text, "ADD") == 0;

	if (!op->ln_hasval || (!add && strcmp(op->ln_text, "DEL") != 0))
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E RECKEY TAKES "
		    "ADD(entry) AND DEL(entry), NOT %.40s", op->ln_text);
	if (alex_parse(op->ln_raw, strlen(op->ln_raw), &nodes, err,
	    sizeof(err)) == -1)
		return acmd_err(c, ACF2_RC_SEVERE, "%s", err);
	rc = arule_entry(c, nodes, NULL, &e);
	alex_free(nodes);
	if (rc != 0)
		return rc;
	for (i = 0; i < rs->rs_n && !arule_same(c, rs->rs_entry[i], &e); i++)
		;
	if (!add && i == rs->rs_n)
		return acmd_err(c, ACF2_RC_ERROR, "ACF6R772E NO ENTRY FOR %s "
		    "UID(%s) IN RULE %s", e.re_mask, e.re_uid, rs->rs_key);
	if (add && i == rs->rs_n && rs->rs_n == RULE_ENTRY_MAX)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E MORE THAN %d "
		    "ENTRIES IN ONE RULE SET", RULE_ENTRY_MAX);
	if (i < rs->rs_n)
		free(rs->rs_entry[i]);
	if (add) {
		rs->rs_entry[i] = arule_text(c, &e);
		if (i == rs->rs_n)
			rs->rs_n++;
		return ACF2_RC_OK;
	}
	memmove(&rs->rs_entry[i], &rs->rs_entry[i + 1],
	    (rs->rs_n - i - 1) * sizeof(rs->rs_entry[0]));
	rs->rs_n--;
	return ACF2_RC_OK;
}

int
arule_reckey(struct acmd *c, const struct lx_node *args)
{
	const struct lx_node *n;
	struct ruleset rs;
	char key[RULE_KEY_SZ];
	int rc, existed;

	if ((rc = acmd_auth(c, AUTH_SECURITY)) != 0 ||
	    (rc = arule_key(c, args, key)) != 0)
		return rc;
	if (args->ln_next == NULL)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E RECKEY %s NEEDS "
		    "ADD(entry) OR DEL(entry)", key);
	if ((existed = astore_get_rule(c->c_db, c->c_txn, c->c_rtype, key,
	    &rs)) == -1)
		return acmd_dberr(c);
	snprintf(rs.rs_type, sizeof(rs.rs_type), "%s", c->c_rtype);
	snprintf(rs.rs_key, sizeof(rs.rs_key), "%s", key);
	for (n = args->ln_next; n != NULL; n = n->ln_next)
		if ((rc = arule_reckey_one(c, &rs, n)) != 0)
			goto done;
	if (rs.rs_n > 0)
		rc = arule_store(c, &rs, existed == 0);
	else if (existed == 0) {
		if (astore_del_rule(c->c_db, c->c_txn, c->c_rtype, key) == -1)
			rc = acmd_dberr(c);
		else
			rc = acmd_err(c, ACF2_RC_OK, "ACF6R770I RULE %s "
			    "DELETED, NO ENTRIES LEFT", key);
	}
done:
	aruleset_free(&rs);
	return rc;
}

struct arule_walk {
	struct acmd	*rw_cmd;
	const char	*rw_mask;
	size_t		 rw_n;
};

/* Every resource type at once: SET RESOURCE(-) LIST. */
static int
arule_all_types(const struct acmd *c)
{
	return arule_is_resource(c) && strcmp(c->c_rtype, "-") == 0;
}

static int
arule_list_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct arule_walk *rw = arg;
	struct acmd *c = rw->rw_cmd;
	struct ruleset rs;
	const char *type = k->mv_data, *nul;
	size_t tl;
	int rc;

	if ((nul = memchr(type, '\0', k->mv_size)) == NULL)
		return 0;
	tl = (size_t)(nul - type) + 1;
	if (k->mv_size <= tl || k->mv_size - tl > RULE_KEY_MAX ||
	    (arule_all_types(c) && strcmp(type, RULE_DS_TYPE) == 0))
		return 0;
	memset(&rs, 0, sizeof(rs));
	memcpy(rs.rs_key, (const char *)k->mv_data + tl, k->mv_size - tl);
	if (!afield_mask_match(rw->rw_mask, rs.rs_key))
		return 0;
	if (arec_rule_decode(v->mv_data, v->mv_size, &rs) == -1)
		return -1;
	rw->rw_n++;
	if (arule_is_resource(c))
		rc = acmd_line(c, "$KEY(%s) TYPE(%s) ENTRIES(%zu) "
		    "STORED-BY(%s)", rs.rs_key, type, rs.rs_n, rs.rs_by);
	else
		rc = acmd_line(c, "$KEY(%s) ENTRIES(%zu) STORED-BY(%s)",
		    rs.rs_key, rs.rs_n, rs.rs_by);
	aruleset_free(&rs);
	return rc == -1 ? 1 : 0;
}

int
arule_list(struct acmd *c, const struct lx_node *args)
{
	struct arule_walk rw = { c, "-", 0 };
	int rc;

	if ((rc = acmd_auth(c, AUTH_READ)) != 0)
		return rc;
	if (args != NULL) {
		if (args->ln_kind != LX_WORD || !args->ln_hasval ||
		    strcmp(args->ln_text, "LIKE") != 0 || args->ln_next !=
		    NULL || !arule_name_ok(args->ln_val, RULE_KEY_MAX))
			return acmd_err(c, ACF2_RC_SEVERE, "ACF6R780E LIST "
			    "TAKES LIKE(mask) ONLY");
		rw.rw_mask = args->ln_val;
	}
	if (simdb_scan(c->c_txn, c->c_db->db_rules, c->c_rtype,
	    arule_all_types(c) ? 0 : strlen(c->c_rtype) + 1, arule_list_cb,
	    &rw) == -1)
		return acmd_dberr(c);
	if (rw.rw_n == 0)
		return acmd_err(c, ACF2_RC_WARNING, "ACF6R771W NO RULES MATCH "
		    "%s", rw.rw_mask);
	return ACF2_RC_OK;
}
