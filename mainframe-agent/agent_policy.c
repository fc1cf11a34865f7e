/*
 * agent_policy.c - what an inbound request may do: only ESM commands from
 * the allowlist, and never touch a protected userid.
 *
 * Protected are the userids of "protect" lines (always the agent's own
 * userid and IBMUSER), those on the exclude list, and, when an include
 * list is given, every userid not on it.  Lists hold userids or masks
 * ending in '*' ("SYS*"), one per line, '#' comments; the operator
 * reloads them without a restart.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "link_rc.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"

static int
agent_id_is_valid(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n > 8)
		return 0;
	for (i = 0; i < n; i++) {
		if (id[i] == '*' && i == n - 1)
			continue;
		if (!isalnum((unsigned char)id[i]) && id[i] != '@' &&
		    id[i] != '#' && id[i] != '$')
			return 0;
	}
	return 1;
}

int
agent_idlist_add(struct agent_idlist *l, const char *id)
{
	char *up;
	size_t i;

	if (!agent_id_is_valid(id))
		return -1;
	if (agent_idlist_match(l, id) && strchr(id, '*') == NULL)
		return 0;
	up = xstrdup(id);
	for (i = 0; up[i] != '\0'; i++)
		up[i] = (char)toupper((unsigned char)up[i]);
	l->il_ids = xreallocarray(l->il_ids, l->il_n + 1, sizeof(char *));
	l->il_ids[l->il_n++] = up;
	return 0;
}

void
agent_idlist_clear(struct agent_idlist *l)
{
	size_t i;

	for (i = 0; i < l->il_n; i++)
		free(l->il_ids[i]);
	free(l->il_ids);
	l->il_ids = NULL;
	l->il_n = 0;
}

int
agent_idlist_match(const struct agent_idlist *l, const char *id)
{
	size_t i, n;

	for (i = 0; i < l->il_n; i++) {
		n = strlen(l->il_ids[i]);
		if (n > 0 && l->il_ids[i][n - 1] == '*') {
			if (strncasecmp(l->il_ids[i], id, n - 1) == 0)
				return 1;
		} else if (strcasecmp(l->il_ids[i], id) == 0)
			return 1;
	}
	return 0;
}

int
agent_idlist_load(const char *path, struct agent_idlist *l, char *err,
    size_t errlen)
{
	struct agent_idlist fresh = { NULL, 0 };
	FILE *fp;
	char line[256], *p, *end;
	int lineno = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		for (p = line; isspace((unsigned char)*p); p++)
			;
		for (end = p + strlen(p); end > p &&
		    isspace((unsigned char)end[-1]); end--)
			;
		*end = '\0';
		if (*p == '\0')
			continue;
		if (agent_idlist_add(&fresh, p) == -1) {
			snprintf(err, errlen, "%s:%d: %s is not a userid or a "
			    "mask ending in *", path, lineno, p);
			agent_idlist_clear(&fresh);
			fclose(fp);
			return -1;
		}
	}
	fclose(fp);
	agent_idlist_clear(l);
	*l = fresh;
	return 0;
}

/* Both lists are read aside and swapped only when both are good. */
int
agent_policy_reload(struct agent *ag, char *err, size_t errlen)
{
	struct agent_idlist inc = { NULL, 0 }, exc = { NULL, 0 };

	if (ag->ag_conf.ac_include_file != NULL &&
	    agent_idlist_load(ag->ag_conf.ac_include_file, &inc, err,
	    errlen) == -1)
		return -1;
	if (ag->ag_conf.ac_exclude_file != NULL &&
	    agent_idlist_load(ag->ag_conf.ac_exclude_file, &exc, err,
	    errlen) == -1) {
		agent_idlist_clear(&inc);
		return -1;
	}
	agent_idlist_clear(&ag->ag_include);
	agent_idlist_clear(&ag->ag_exclude);
	ag->ag_include = inc;
	ag->ag_exclude = exc;
	return 0;
}

int
agent_is_protected(struct agent *ag, const char *userid)
{
	if (agent_idlist_match(&ag->ag_conf.ac_protect, userid) ||
	    agent_idlist_match(&ag->ag_exclude, userid))
		return 1;
	return ag->ag_conf.ac_include_file != NULL &&
	    !agent_idlist_match(&ag->ag_include, userid);
}

static int
agent_verb_allowed(struct agent *ag, const char *canon)
{
	int i;

	for (i = 0; i < ag->ag_conf.ac_nallow; i++)
		if (strcasecmp(ag->ag_conf.ac_allow[i], canon) == 0)
			return 1;
	return 0;
}

/* Reads list every user; the only verbs that may name '*' or masks. */
static int
agent_verb_reads(const struct esm_driver *d, const char *canon)
{
	size_t i;

	for (i = 0; d->ed_reads[i] != NULL; i++)
		if (strcmp(canon, d->ed_reads[i]) == 0)
			return 1;
	return 0;
}

/*
 * The first words of a command a refusal quotes, each without its
 * parenthesised operand or quoted string, cut to fit: "TSS FOO(X)
 * PASSWORD(Y)" -> "TSS FOO PASSWORD".  cmd is the driver's masked
 * text, so a password written as a bare word is "********" here.
 */
static void
agent_cmd_words(const char *cmd, size_t len, char *out, size_t outlen)
{
	size_t i = 0, start, n, used = 0;
	int words = 0, depth, quoted;

	out[0] = '\0';
	while (i < len && words < 3 && used + 2 < outlen) {
		while (i < len && (cmd[i] == ' ' || cmd[i] == ',' ||
		    cmd[i] == '\t'))
			i++;
		start = i;
		while (i < len && strchr(" ,\t()'", cmd[i]) == NULL)
			i++;
		n = i - start < outlen - used - 2 ? i - start :
		    outlen - used - 2;
		if (n > 0) {
			used += (size_t)snprintf(out + used, outlen - used,
			    "%s%.*s", used > 0 ? " " : "", (int)n,
			    cmd + start);
			words++;
		}
		for (depth = quoted = 0; i < len; i++) {
			if (cmd[i] == '\'')
				quoted = !quoted;
			else if (!quoted && cmd[i] == '(')
				depth++;
			else if (!quoted && cmd[i] == ')')
				depth--;
			if (!quoted && depth <= 0 &&
			    strchr(" ,\t", cmd[i]) != NULL)
				break;
		}
	}
}

static int
agent_check_command(struct agent *ag, const struct link_msg *m, char *verb,
    size_t verblen, char *why, size_t whylen)
{
	const struct esm_driver *d = ag->ag_driver;
	struct driver_targets t;
	const char *canon;
	char head[48], masked[256];
	int i;

	if (m->lm_command.bv_len == 0 ||
	    m->lm_command.bv_len > AGENT_MAX_COMMAND ||
	    memchr(m->lm_command.bv_val, '\0', m->lm_command.bv_len) ||
	    memchr(m->lm_command.bv_val, '\n', m->lm_command.bv_len) ||
	    memchr(m->lm_command.bv_val, '\r', m->lm_command.bv_len)) {
		snprintf(why, whylen, "ESMA100E A COMMAND MUST BE ONE LINE OF "
		    "1 TO %d BYTES WITHOUT NUL, CR OR LF", AGENT_MAX_COMMAND);
		return LINK_RC_INVALID;
	}
	if ((canon = d->ed_canonical(m->lm_command.bv_val,
	    m->lm_command.bv_len)) == NULL) {
		d->ed_mask(m->lm_command.bv_val, m->lm_command.bv_len,
		    masked, sizeof(masked));
		agent_cmd_words(masked, strlen(masked), head, sizeof(head));
		snprintf(why, whylen, "ESMA101E %s IS NOT A %s COMMAND",
		    head[0] != '\0' ? head : "THE LINE", d->ed_esm);
		return LINK_RC_REFUSED;
	}
	snprintf(verb, verblen, "%s", canon);
	if (!agent_verb_allowed(ag, canon)) {
		snprintf(why, whylen, "ESMA102E %s IS NOT ALLOWED THROUGH "
		    "THE AGENT", canon);
		return LINK_RC_REFUSED;
	}
	if (d->ed_targets(m->lm_command.bv_val, m->lm_command.bv_len,
	    &t) == -1) {
		snprintf(why, whylen, "ESMA103E THE USERIDS OF THIS %s "
		    "COMMAND CANNOT BE READ; IT IS REFUSED", canon);
		return LINK_RC_REFUSED;
	}
	if (t.dt_all && !agent_verb_reads(d, canon)) {
		snprintf(why, whylen, "ESMA105E %s MAY NOT NAME EVERY USER "
		    "OR A MASK", canon);
		return LINK_RC_REFUSED;
	}
	if (t.dt_self) {
		snprintf(why, whylen, "ESMA104E USERID %s IS PROTECTED",
		    ag->ag_conf.ac_userid);
		return LINK_RC_REFUSED;
	}
	for (i = 0; i < t.dt_n; i++)
		if (strchr(t.dt_ids[i], '*') == NULL &&
		    agent_is_protected(ag, t.dt_ids[i])) {
			snprintf(why, whylen, "ESMA104E USERID %s IS "
			    "PROTECTED", t.dt_ids[i]);
			return LINK_RC_REFUSED;
		}
	return 0;
}

static int
agent_check_verify(struct agent *ag, const struct link_msg *m, char *why,
    size_t whylen)
{
	char id[9];
	size_t i;

	if (m->lm_nargs < 2 || m->lm_nargs > 3 || m->lm_args[0].bv_len == 0 ||
	    m->lm_args[0].bv_len > 8) {
		snprintf(why, whylen, "ESMA106E A VERIFY REQUEST TAKES A "
		    "USERID, A PASSWORD AND AN OPTIONAL NEW PASSWORD");
		return LINK_RC_INVALID;
	}
	for (i = 0; i < m->lm_nargs; i++)
		if (memchr(m->lm_args[i].bv_val, '\0', m->lm_args[i].bv_len)) {
			snprintf(why, whylen, "ESMA106E A VERIFY ARGUMENT "
			    "HOLDS A NUL BYTE");
			return LINK_RC_INVALID;
		}
	memcpy(id, m->lm_args[0].bv_val, m->lm_args[0].bv_len);
	id[m->lm_args[0].bv_len] = '\0';
	for (i = 0; id[i] != '\0'; i++)
		id[i] = (char)toupper((unsigned char)id[i]);
	if (agent_is_protected(ag, id)) {
		snprintf(why, whylen, "ESMA104E USERID %s IS PROTECTED", id);
		return LINK_RC_REFUSED;
	}
	return 0;
}

/*
 * Returns 0 when the request may run, else a LINK_RC_* code with the
 * reason for the gateway in why.
 */
int
agent_policy_check(struct agent *ag, const struct link_msg *m, char *verb,
    size_t verblen, char *why, size_t whylen)
{
	switch (m->lm_kind) {
	case LINK_REQ_COMMAND:
		return agent_check_command(ag, m, verb, verblen, why, whylen);
	case LINK_REQ_VERIFY:
		snprintf(verb, verblen, "VERIFY");
		return agent_check_verify(ag, m, why, whylen);
	}
	snprintf(why, whylen, "ESMA107E UNKNOWN REQUEST KIND %d",
	    (int)m->lm_kind);
	return LINK_RC_INVALID;
}
