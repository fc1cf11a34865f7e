/*
 * driver_acf2.c - the "sim" driver for CA ACF2, and what the agent knows
 * of the ACF command language without running a command: the verb of
 * a line, the logonids a command names, and where passwords stand.
 *
 * Verbs.  A one-line request runs in LID mode, or in the mode a
 * leading "SET mode" names (see sim/acf2/acf2.c), and a subcommand's
 * meaning depends on the mode: DELETE X removes a logonid in LID mode
 * and a rule set in RULE mode.  So the canonical verb carries the mode:
 *
 *	INSERT CHANGE DELETE LIST		LID mode, with or without
 *						SET LID (INS, CH, DEL)
 *	RULE-COMPILE RULE-DECOMP RULE-DELETE	SET RULE ... (COMP,
 *	RULE-RECKEY RULE-LIST			DECOMPILE, DEL)
 *	RESOURCE-COMPILE ... RESOURCE-LIST	SET RESOURCE(type) ..., any
 *						type
 *	GSO-CHANGE GSO-LIST			SET CONTROL(GSO) ...
 *	SET					"SET mode" alone
 *
 * Each is one word, so an allow line names it as it is and an audit
 * record shows it without quotes.
 *
 * The target scan reads a line with the simulator's own lexer, so it
 * sees the operands exactly as the simulator will, and it is stricter
 * than ACF2: anything it cannot read with certainty makes it answer -1
 * and the agent refuses the command.  That covers a SET without a
 * subcommand (it would change the mode of every later request),
 * IF(...) selections, and any operand it does not understand in a
 * position where a logonid may stand.  CHANGE *, CHANGE LIKE(mask),
 * CHANGE UID(mask), LIST LIKE(mask), rule entries with a UID mask (or
 * none: they apply to everyone) and GSO commands (their settings hold
 * for every logonid) set dt_all.
 *
 * The driver's handle keeps one ACF session (its mode) for callers
 * that send a session line by line (esmconsole); see acf2.c.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/driver.h"
#include "mainframe-agent/sim/acf2/acf2.h"
#include "mainframe-agent/sim/acf2/field.h"
#include "mainframe-agent/sim/acf2/lex.h"

/*
 * The subcommands of each mode and their canonical verbs.  LID mode,
 * the default, keeps the bare names the gateway's logonid commands
 * have always had; the others carry their mode, because the same word
 * does another thing there (DELETE a rule set, LIST rule keys).
 */
static const struct {
	enum acf2_mode	 mode;
	const char	*alias;
	const char	*verb;
} acf2_verbs[] = {
	{ ACF2_MODE_LID, "INSERT", "INSERT" },
	{ ACF2_MODE_LID, "INS", "INSERT" },
	{ ACF2_MODE_LID, "CHANGE", "CHANGE" },
	{ ACF2_MODE_LID, "CH", "CHANGE" },
	{ ACF2_MODE_LID, "DELETE", "DELETE" },
	{ ACF2_MODE_LID, "DEL", "DELETE" },
	{ ACF2_MODE_LID, "LIST", "LIST" },
	{ ACF2_MODE_RULE, "COMPILE", "RULE-COMPILE" },
	{ ACF2_MODE_RULE, "COMP", "RULE-COMPILE" },
	{ ACF2_MODE_RULE, "DECOMP", "RULE-DECOMP" },
	{ ACF2_MODE_RULE, "DECOMPILE", "RULE-DECOMP" },
	{ ACF2_MODE_RULE, "DELETE", "RULE-DELETE" },
	{ ACF2_MODE_RULE, "DEL", "RULE-DELETE" },
	{ ACF2_MODE_RULE, "RECKEY", "RULE-RECKEY" },
	{ ACF2_MODE_RULE, "LIST", "RULE-LIST" },
	{ ACF2_MODE_RESOURCE, "COMPILE", "RESOURCE-COMPILE" },
	{ ACF2_MODE_RESOURCE, "COMP", "RESOURCE-COMPILE" },
	{ ACF2_MODE_RESOURCE, "DECOMP", "RESOURCE-DECOMP" },
	{ ACF2_MODE_RESOURCE, "DECOMPILE", "RESOURCE-DECOMP" },
	{ ACF2_MODE_RESOURCE, "DELETE", "RESOURCE-DELETE" },
	{ ACF2_MODE_RESOURCE, "DEL", "RESOURCE-DELETE" },
	{ ACF2_MODE_RESOURCE, "RECKEY", "RESOURCE-RECKEY" },
	{ ACF2_MODE_RESOURCE, "LIST", "RESOURCE-LIST" },
	{ ACF2_MODE_GSO, "CHANGE", "GSO-CHANGE" },
	{ ACF2_MODE_GSO, "CH", "GSO-CHANGE" },
	{ ACF2_MODE_GSO, "LIST", "GSO-LIST" },
};

/* A SET that names a mode and no subcommand: a session's mode switch. */
#define ACF2_VERB_SET	"SET"

static const char *
acf2_lookup(enum acf2_mode mode, const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(acf2_verbs) / sizeof(acf2_verbs[0]); i++)
		if (acf2_verbs[i].mode == mode &&
		    strlen(acf2_verbs[i].alias) == len &&
		    strncasecmp(acf2_verbs[i].alias, word, len) == 0)
			return acf2_verbs[i].verb;
	return NULL;
}

/* The operand of SET: LID, RULE, RESOURCE(type) or CONTROL(GSO). */
static int
acf2_mode_of(const char *w, size_t n, int hasval, const char *v, size_t vn,
    enum acf2_mode *mode)
{
	while (vn > 0 && *v == ' ')
		v++, vn--;
	while (vn > 0 && v[vn - 1] == ' ')
		vn--;
	if (!hasval && n == 3 && strncasecmp(w, "LID", 3) == 0)
		*mode = ACF2_MODE_LID;
	else if (!hasval && n == 4 && strncasecmp(w, "RULE", 4) == 0)
		*mode = ACF2_MODE_RULE;
	else if (hasval && n == 8 && strncasecmp(w, "RESOURCE", 8) == 0)
		*mode = ACF2_MODE_RESOURCE;
	else if (hasval && n == 7 && strncasecmp(w, "CONTROL", 7) == 0 &&
	    vn == 3 && strncasecmp(v, "GSO", 3) == 0)
		*mode = ACF2_MODE_GSO;
	else
		return -1;
	return 0;
}

/* One word of the head of a line, split as ACF's lexer splits it. */
struct acf2_word {
	const char	*aw_w;
	size_t		 aw_n;
	int		 aw_hasval;
	const char	*aw_v;		/* the value between ( and ) */
	size_t		 aw_vn;
};

/*
 * The next word at *p: 0, or 1 at the end of the line, or -1 for what
 * no verb or mode word is (a quoted string, a nested or open value).
 */
static int
acf2_next_word(const char **p, const char *end, struct acf2_word *w)
{
	const char *q = *p;

	while (q < end && (*q == ' ' || *q == ','))
		q++;
	if (q == end)
		return 1;
	w->aw_w = q;
	while (q < end && *q != ' ' && *q != ',' && *q != '(' && *q != ')' &&
	    *q != '\'')
		q++;
	w->aw_n = (size_t)(q - w->aw_w);
	w->aw_hasval = q < end && *q == '(';
	w->aw_v = "";
	w->aw_vn = 0;
	if (w->aw_n == 0 || (q < end && (*q == ')' || *q == '\'')))
		return -1;
	if (w->aw_hasval) {
		w->aw_v = ++q;
		while (q < end && *q != ')' && *q != '(' && *q != '\'')
			q++;
		if (q == end || *q != ')')
			return -1;
		w->aw_vn = (size_t)(q++ - w->aw_v);
	}
	*p = q;
	return 0;
}

/*
 * "SUBCOMMAND ..." runs in LID mode; "SET mode SUBCOMMAND ..." in the
 * mode named (see acf2.c).  "SET mode" alone is the verb SET.
 */
static const char *
acf2_canonical(const char *cmd, size_t len)
{
	const char *p = cmd, *end = cmd + len;
	enum acf2_mode mode = ACF2_MODE_LID;
	struct acf2_word w;
	int rc;

	if (acf2_next_word(&p, end, &w) != 0)
		return NULL;
	if (!w.aw_hasval && w.aw_n == 3 && strncasecmp(w.aw_w, "SET",
	    3) == 0) {
		if (acf2_next_word(&p, end, &w) != 0 || acf2_mode_of(w.aw_w,
		    w.aw_n, w.aw_hasval, w.aw_v, w.aw_vn, &mode) == -1)
			return NULL;
		if ((rc = acf2_next_word(&p, end, &w)) != 0)
			return rc == 1 ? ACF2_VERB_SET : NULL;
	}
	return w.aw_hasval ? NULL : acf2_lookup(mode, w.aw_w, w.aw_n);
}

/* ---- the logonids a command names ------------------------------------ */

static int
acf2_add_target(struct driver_targets *t, const char *id)
{
	int i;

	if (!afield_is_lid(id))
		return -1;
	for (i = 0; i < t->dt_n; i++)
		if (strcmp(t->dt_ids[i], id) == 0)
			return 0;
	if (t->dt_n == DRIVER_MAX_TARGETS) {
		t->dt_overflow = 1;
		return -1;
	}
	snprintf(t->dt_ids[t->dt_n++], sizeof(t->dt_ids[0]), "%s", id);
	return 0;
}

/* A UID(x) of a rule entry: one logonid, or a mask (every user). */
static int
acf2_uid_target(const struct lx_node *n, struct driver_targets *t)
{
	const char *v = n->ln_val;

	if (n->ln_quoted || strchr(v, '\'') != NULL)
		return -1;
	if (afield_is_mask(v)) {
		if (!afield_mask_valid(v, 24))
			return -1;
		t->dt_all = 1;
		return 0;
	}
	return acf2_add_target(t, v);
}

static int
acf2_is_word(const struct lx_node *n, const char *w)
{
	return n != NULL && n->ln_kind == LX_WORD && !n->ln_hasval &&
	    strcmp(n->ln_text, w) == 0;
}

/*
 * LID mode: INSERT/CHANGE/DELETE/LIST name their logonid first; CHANGE
 * and LIST may name a mask instead.  Later operands are fields, which
 * never name a logonid, except in a LIST, where every operand is one
 * (the simulator's LIST lid1 lid2 ...).  IF(...) could select any, so
 * it is refused.
 */
static int
acf2_lid_targets(const struct lx_node *verb, const char *canon,
    struct driver_targets *t)
{
	const struct lx_node *n = verb->ln_next, *o;
	int change = strcmp(canon, "CHANGE") == 0;
	int list = strcmp(canon, "LIST") == 0;

	for (o = n; o != NULL; o = o->ln_next)
		if (o->ln_kind != LX_WORD || strcmp(o->ln_text, "IF") == 0)
			return -1;
	if (n == NULL)
		return list ? 0 : -1;
	if ((change || list) && acf2_is_word(n, "*")) {
		t->dt_all = 1;
		return 0;
	}
	if ((change || list) && n->ln_hasval && (strcmp(n->ln_text,
	    "LIKE") == 0 || (change && strcmp(n->ln_text, "UID") == 0))) {
		if (!afield_mask_valid(n->ln_val, 8))
			return -1;
		t->dt_all = 1;
		return 0;
	}
	for (o = n; o != NULL; o = list ? o->ln_next : NULL)
		if (o->ln_hasval || acf2_add_target(t, o->ln_text) == -1)
			return -1;
	return 0;
}

/* The UID(...) operands of rule entries, nested in ADD()/DEL() too. */
static int
acf2_rule_uids(const struct lx_node *n, int resource, int depth,
    struct driver_targets *t)
{
	struct lx_node *sub;
	char err[128];
	int uid = 0, rc;

	for (; n != NULL; n = n->ln_next) {
		if (!n->ln_hasval)
			continue;
		if (strcmp(n->ln_text, "UID") == 0) {
			uid = 1;
			if (acf2_uid_target(n, t) == -1)
				return -1;
		} else if (depth == 0 && (strcmp(n->ln_text, "ADD") == 0 ||
		    strcmp(n->ln_text, "DEL") == 0)) {
			if (alex_parse(n->ln_raw, strlen(n->ln_raw), &sub, err,
			    sizeof(err)) == -1)
				return -1;
			rc = acf2_rule_uids(sub, resource, 1, t);
			alex_free(sub);
			if (rc == -1)
				return -1;
		}
	}
	/* An entry without UID() applies to every user. */
	if (depth == 1 && !uid)
		t->dt_all = 1;
	return 0;
}

/* sub: the subcommand of a RULE- or RESOURCE- verb ("COMPILE"). */
static int
acf2_rule_targets(const struct lx_node *verb, const char *sub,
    int resource, struct driver_targets *t)
{
	const struct lx_node *n;
	int entries = 0, uids = 0;

	if (strcmp(sub, "RECKEY") == 0)
		return acf2_rule_uids(verb->ln_next, resource, 0, t);
	if (strcmp(sub, "COMPILE") != 0)
		return 0;	/* DECOMP, DELETE, LIST name a key */
	/* COMPILE: each entry without UID() applies to everyone. */
	for (n = verb->ln_next; n != NULL; n = n->ln_next) {
		if (n->ln_kind != LX_WORD)
			return -1;
		if (n->ln_hasval && strcmp(n->ln_text, "UID") == 0) {
			uids++;
			if (acf2_uid_target(n, t) == -1)
				return -1;
		} else if (!n->ln_hasval && (!resource ||
		    strcmp(n->ln_text, "ALLOW") == 0 ||
		    strcmp(n->ln_text, "LOG") == 0 ||
		    strcmp(n->ln_text, "PREVENT") == 0))
			entries++;
	}
	if (uids < entries || entries == 0)
		t->dt_all = 1;
	return 0;
}

/* The mode a parsed SET operand names; -1 if none. */
static int
acf2_node_mode(const struct lx_node *m, enum acf2_mode *mode)
{
	const char *v = m != NULL && m->ln_hasval ? m->ln_val : "";

	if (m == NULL || m->ln_kind != LX_WORD)
		return -1;
	return acf2_mode_of(m->ln_text, strlen(m->ln_text), m->ln_hasval, v,
	    strlen(v), mode);
}

/*
 * The subcommand node of a parsed line, its mode and canonical verb,
 * read from the lexer's operands as the simulator reads them.  The
 * verb must be the one acf2_canonical() read from the text, so that
 * the verb the agent allowed is the one that runs.
 */
static const struct lx_node *
acf2_tree_verb(const struct lx_node *tree, const char *cmd, size_t len,
    enum acf2_mode *mode, const char **canon)
{
	const struct lx_node *verb = tree;
	const char *text;

	*mode = ACF2_MODE_LID;
	if (acf2_is_word(tree, "SET")) {
		if (acf2_node_mode(tree->ln_next, mode) == -1)
			return NULL;
		verb = tree->ln_next->ln_next;
	}
	if (verb == NULL || verb->ln_kind != LX_WORD || verb->ln_hasval)
		return NULL;
	*canon = acf2_lookup(*mode, verb->ln_text, strlen(verb->ln_text));
	text = acf2_canonical(cmd, len);
	if (*canon == NULL || text == NULL || strcmp(*canon, text) != 0)
		return NULL;
	return verb;
}

/*
 * A lone SET, or one whose mode is not known, answers -1 (a mode
 * switch would hold for every later request of the agent's session);
 * GSO settings apply to every user.
 */
static int
acf2_targets(const char *cmd, size_t len, struct driver_targets *t)
{
	struct lx_node *tree = NULL;
	const struct lx_node *verb;
	enum acf2_mode mode;
	const char *canon;
	char err[256];
	int rc = -1;

	memset(t, 0, sizeof(*t));
	if (alex_parse(cmd, len, &tree, err, sizeof(err)) == -1 ||
	    tree == NULL || (verb = acf2_tree_verb(tree, cmd, len, &mode,
	    &canon)) == NULL)
		goto done;
	switch (mode) {
	case ACF2_MODE_LID:
		rc = acf2_lid_targets(verb, canon, t);
		break;
	case ACF2_MODE_RULE:
	case ACF2_MODE_RESOURCE:
		rc = acf2_rule_targets(verb, strchr(canon, '-') + 1,
		    mode == ACF2_MODE_RESOURCE, t);
		break;
	case ACF2_MODE_GSO:
		t->dt_all = 1;
		rc = 0;
		break;
	}
done:
	alex_free(tree);
	if (rc == -1)
		memset(t, 0, sizeof(*t));
	return rc;
}

/* ---- masking passwords ------------------------------------------------ */

/* A keyword that carries a secret: PASSWORD and its short forms. */
static int
acf2_is_secret_kw(const char *w, size_t n)
{
	return (n >= 2 && n <= 8 && strncasecmp(w, "PASSWORD", n) == 0) ||
	    (n == 4 && strncasecmp(w, "PSWD", 4) == 0) ||
	    (n >= 6 && n <= 10 && strncasecmp(w, "PASSPHRASE", n) == 0) ||
	    (n == 6 && strncasecmp(w, "PHRASE", 6) == 0);
}

/*
 * Copy cmd with the value of every PASSWORD(...) replaced by eight
 * asterisks, e.g. "CHANGE X PASSWORD(SECRET) NOPSWD-EXP" ->
 * "CHANGE X PASSWORD(********) NOPSWD-EXP".  The scan follows the
 * lexer's rules (quotes with '', nested parentheses); from a secret
 * keyword whose value does not close, the rest of the line is masked.
 */
static void
acf2_mask(const char *cmd, size_t len, char *out, size_t outlen)
{
	size_t i = 0, used = 0, n, start;
	int depth;

#define EMIT(p, l) do {						\
	n = (l) < outlen - 1 - used ? (l) : outlen - 1 - used;	\
	memcpy(out + used, (p), n);				\
	used += n;						\
} while (0)
	if (outlen == 0)
		return;
	while (i < len) {
		if (cmd[i] == '\'') {
			start = i++;
			while (i < len && !(cmd[i] == '\'' && (i + 1 >= len ||
			    cmd[i + 1] != '\'')))
				i += cmd[i] == '\'' ? 2 : 1;
			i = i < len ? i + 1 : len;
			EMIT(cmd + start, i - start);
			continue;
		}
		start = i;
		while (i < len && cmd[i] != ' ' && cmd[i] != ',' &&
		    cmd[i] != '(' && cmd[i] != ')' && cmd[i] != '\'')
			i++;
		if (i == start) {
			EMIT(cmd + i, 1);
			i++;
			continue;
		}
		EMIT(cmd + start, i - start);
		if (i >= len || cmd[i] != '(' ||
		    !acf2_is_secret_kw(cmd + start, i - start))
			continue;
		EMIT("(********", 9);
		for (i++, depth = 1; i < len && depth > 0; i++) {
			if (cmd[i] == '\'') {
				for (i++; i < len && !(cmd[i] == '\'' &&
				    (i + 1 >= len || cmd[i + 1] != '\''));)
					i += cmd[i] == '\'' ? 2 : 1;
				continue;
			}
			depth += cmd[i] == '(' ? 1 : cmd[i] == ')' ? -1 : 0;
		}
		if (depth == 0)
			EMIT(")", 1);
		else
			i = len;
	}
#undef EMIT
	out[used] = '\0';
}

/* ---- the embedded simulator ------------------------------------------- */

struct acf2_sim {
	struct acf2_db		*as_db;
	pthread_mutex_t		 as_lock;	/* guards as_ses */
	struct acf2_session	 as_ses;
};

static void *
acf2_sim_open(const struct driver_opts *o, char *err, size_t errlen)
{
	struct acf2_opts ao;
	struct acf2_sim *s;

	memset(&ao, 0, sizeof(ao));
	ao.ao_path = o->do_path;
	ao.ao_nosync = o->do_nosync;
	ao.ao_kdf_iterations = o->do_kdf_iterations;
	s = xcalloc(1, sizeof(*s));
	if ((s->as_db = acf2_open(&ao, err, errlen)) == NULL) {
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->as_lock, NULL);
	return s;
}

static void
acf2_sim_close(void *h)
{
	struct acf2_sim *s = h;

	if (s == NULL)
		return;
	acf2_close(s->as_db);
	pthread_mutex_destroy(&s->as_lock);
	free(s);
}

static int
acf2_sim_command(void *h, const char *issuer, const char *cmd, size_t len,
    const struct esm_out *out)
{
	struct acf2_sim *s = h;
	struct acf2_session ses;
	int rc;

	pthread_mutex_lock(&s->as_lock);
	ses = s->as_ses;
	pthread_mutex_unlock(&s->as_lock);
	rc = acf2_command(s->as_db, &ses, issuer, cmd, len, out);
	pthread_mutex_lock(&s->as_lock);
	s->as_ses = ses;
	pthread_mutex_unlock(&s->as_lock);
	return rc;
}

static int
acf2_sim_verify(void *h, const char *lid, const char *pw, const char *newpw,
    const struct esm_out *out)
{
	return acf2_verify(((struct acf2_sim *)h)->as_db, lid, pw, newpw,
	    out);
}

static void
acf2_sim_set_exit(void *h, esm_exit_fn fn, void *arg)
{
	acf2_set_exit(((struct acf2_sim *)h)->as_db, fn, arg);
}

static void
acf2_sim_trim(void *h)
{
	acf2_trim(((struct acf2_sim *)h)->as_db);
}

/*
 * By default the agent runs logonid commands and access and resource
 * rule commands; neither GSO changes, which act on every user, nor a
 * lone SET, which would change the mode of the agent's later requests.
 */
static const char *const acf2_allow[] = {
	"INSERT", "CHANGE", "DELETE", "LIST",
	"RULE-COMPILE", "RULE-DECOMP", "RULE-DELETE", "RULE-RECKEY",
	"RULE-LIST", "RESOURCE-COMPILE", "RESOURCE-DECOMP",
	"RESOURCE-DELETE", "RESOURCE-RECKEY", "RESOURCE-LIST", NULL
};

/* The reads: they alone may name every user or a mask (LIST LIKE(-)). */
static const char *const acf2_reads[] = {
	"LIST", "RULE-DECOMP", "RULE-LIST", "RESOURCE-DECOMP",
	"RESOURCE-LIST", "GSO-LIST", NULL
};

static int
acf2_quiet_line(void *arg, const char *line, size_t len)
{
	(void)arg;
	log_debug(LOG_CAT_SIM, "setup: %.*s", (int)len, line);
	return 0;
}

/* The agent's logonid, inserted with SECURITY by ACF2ADM when missing. */
static int
acf2_ensure_user(void *h, const char *lid, char *err, size_t errlen)
{
	struct acf2_sim *s = h;
	struct esm_out out = { acf2_quiet_line, NULL };
	char cmd[128];
	int rc;

	snprintf(cmd, sizeof(cmd), "LIST %s", lid);
	if (acf2_command(s->as_db, NULL, lid, cmd, strlen(cmd), &out) == 0)
		return 0;
	snprintf(cmd, sizeof(cmd), "INSERT %s NAME(ESMGATE AGENT) SECURITY "
	    "ACCOUNT STC", lid);
	rc = acf2_command(s->as_db, NULL, ACF2_ADMIN_LID, cmd, strlen(cmd),
	    &out);
	if (rc != 0) {
		snprintf(err, errlen, "the agent's logonid %s is not defined "
		    "and could not be defined (RC %d)", lid, rc);
		return -1;
	}
	log_info("defined the agent's logonid %s with SECURITY", lid);
	return 0;
}

const struct esm_driver driver_sim_acf2 = {
	.ed_name = "sim",
	.ed_esm = "acf2",
	.ed_admin = ACF2_ADMIN_LID,
	.ed_allow = acf2_allow,
	.ed_reads = acf2_reads,
	.ed_ensure_user = acf2_ensure_user,
	.ed_open = acf2_sim_open,
	.ed_close = acf2_sim_close,
	.ed_command = acf2_sim_command,
	.ed_verify = acf2_sim_verify,
	.ed_set_exit = acf2_sim_set_exit,
	.ed_trim = acf2_sim_trim,
	.ed_canonical = acf2_canonical,
	.ed_targets = acf2_targets,
	.ed_mask = acf2_mask,
};
