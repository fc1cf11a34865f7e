/*
 * driver_acf2.c - the "sim" driver for CA ACF2, and what the agent knows
 * of the ACF command language without running a command: verb
 * aliases, the logonids a command names, and where passwords stand.
 *
 * The target scan reads a line with the simulator's own lexer, so it
 * sees the operands exactly as the simulator will, and it is stricter
 * than ACF2: anything it cannot read with certainty makes it answer -1
 * and the agent refuses the command.  That covers a SET without a
 * subcommand (it would change the mode of every later request),
 * SET CONTROL(GSO), IF(...) selections, and any operand it does not
 * understand in a position where a logonid may stand.  CHANGE *,
 * CHANGE LIKE(mask), CHANGE UID(mask), LIST LIKE(mask), and rule
 * entries with a UID mask (or none: they apply to everyone) set dt_all.
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

/* The first words of a one-line request and their canonical verbs. */
static const struct {
	const char	*alias;
	const char	*verb;
} acf2_verbs[] = {
	{ "INSERT", "INSERT" }, { "INS", "INSERT" },
	{ "CHANGE", "CHANGE" }, { "CH", "CHANGE" },
	{ "DELETE", "DELETE" }, { "DEL", "DELETE" },
	{ "LIST", "LIST" },
	{ "SET", "SET" },
};

static const char *
acf2_canonical(const char *verb, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(acf2_verbs) / sizeof(acf2_verbs[0]); i++)
		if (strlen(acf2_verbs[i].alias) == len &&
		    strncasecmp(acf2_verbs[i].alias, verb, len) == 0)
			return acf2_verbs[i].verb;
	return NULL;
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
acf2_lid_targets(const struct lx_node *verb, struct driver_targets *t)
{
	const struct lx_node *n = verb->ln_next, *o;
	const char *v = verb->ln_text;
	int change = strcmp(v, "CHANGE") == 0 || strcmp(v, "CH") == 0;
	int list = strcmp(v, "LIST") == 0;

	if (!change && !list && strcmp(v, "INSERT") != 0 &&
	    strcmp(v, "INS") != 0 && strcmp(v, "DELETE") != 0 &&
	    strcmp(v, "DEL") != 0)
		return -1;
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

static int
acf2_rule_targets(const struct lx_node *verb, int resource,
    struct driver_targets *t)
{
	const char *v = verb->ln_text;
	const struct lx_node *n;
	int entries = 0, uids = 0;

	if (strcmp(v, "DECOMP") == 0 || strcmp(v, "DECOMPILE") == 0 ||
	    strcmp(v, "DELETE") == 0 || strcmp(v, "DEL") == 0 ||
	    strcmp(v, "LIST") == 0)
		return 0;
	if (strcmp(v, "RECKEY") == 0)
		return acf2_rule_uids(verb->ln_next, resource, 0, t);
	if (strcmp(v, "COMPILE") != 0 && strcmp(v, "COMP") != 0)
		return -1;
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

static int
acf2_targets(const char *cmd, size_t len, struct driver_targets *t)
{
	struct lx_node *tree = NULL;
	const struct lx_node *verb, *mode;
	char err[256];
	int rc = -1, resource = 0;

	memset(t, 0, sizeof(*t));
	if (alex_parse(cmd, len, &tree, err, sizeof(err)) == -1 ||
	    tree == NULL || tree->ln_kind != LX_WORD || tree->ln_hasval)
		goto done;
	verb = tree;
	if (strcmp(verb->ln_text, "SET") == 0) {
		mode = verb->ln_next;
		if (mode == NULL || mode->ln_next == NULL ||
		    mode->ln_kind != LX_WORD)
			goto done;
		verb = mode->ln_next;
		if (verb->ln_kind != LX_WORD || verb->ln_hasval)
			goto done;
		if (acf2_is_word(mode, "LID"))
			rc = acf2_lid_targets(verb, t);
		else if (acf2_is_word(mode, "RULE") ||
		    (mode->ln_hasval && strcmp(mode->ln_text, "RESOURCE") ==
		    0 && (resource = 1)))
			rc = acf2_rule_targets(verb, resource, t);
		goto done;
	}
	rc = acf2_lid_targets(verb, t);
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

static const char *const acf2_allow[] = {
	"INSERT", "CHANGE", "DELETE", "LIST", "SET", NULL
};

static const char *const acf2_reads[] = { "LIST", NULL };

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
