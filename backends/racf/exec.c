/*
 * exec.c - run a plan's RACF commands one by one over the link, and
 * turn what the agent answers into LDAP result codes.
 *
 * Commands run in order, each only after the previous one returned
 * RC 0, under the operation's distributed identity.  When one fails the
 * plan stops, and the diagnostic names the failed command, carries the
 * ESM's message lines, and says what was applied and what was not:
 *   "CONNECT JSMITH GROUP(PAYROLL): ICH51003I NAME NOT FOUND IN RACF
 *    DATA SET; applied: ADDUSER JSMITH; not applied: ALTUSER JSMITH"
 * Secret commands (passwords) are logged and reported by their rc_what
 * only; the ESM's output never echoes a password.
 *
 * Result mapping (racf_exec_map):
 *   native RC 0                    success
 *   RC >= 4, by the message:
 *     IKJ56702I INVALID USERID/GROUP on ADDUSER/ADDGROUP
 *                                  entryAlreadyExists (created meanwhile)
 *     IKJ56702I INVALID USERID/GROUP, ICH30001I, on other commands
 *                                  noSuchObject (deleted meanwhile)
 *     ICH51003I NAME NOT FOUND, IKJ56702I INVALID <operand>, and other
 *     messages about a value      constraintViolation: a value RACF
 *                                  refused (unknown group, bad field)
 *     ...NOT AUTHORIZED...         insufficientAccessRights
 *     anything else                unwillingToPerform: RACF refused the
 *                                  change as such (DELUSER of an owner)
 *   agent refusals (link_rc.h):
 *     REFUSED ESMA104E (protected userid)  insufficientAccessRights
 *     REFUSED otherwise (command not allowed)  unwillingToPerform
 *     BUSY                         busy
 *     STOPPING, FAILED             unavailable
 *     INVALID                      other (a request we should not send)
 *   no answer: link lost or down   unavailable ("agent SYS1 is not
 *                                  connected")
 *              timeout             unavailable ("did not answer ... the
 *                                  change may or may not have been
 *                                  applied")
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "link.h"
#include "link_rc.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/racf/racf_be.h"
#include "backends/racf/racf_cmd.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/op.h"

void
racf_msg_add(char *buf, size_t buflen, const struct berval *lines,
    size_t nlines)
{
	size_t i, len = strlen(buf), n;
	const char *s;

	for (i = 0; i < nlines && len + 1 < buflen; i++) {
		s = lines[i].bv_val;
		n = lines[i].bv_len;
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		snprintf(buf + len, buflen - len, "%s%.*s",
		    len > 0 ? "; " : "", (int)n, s);
		len = strlen(buf);
	}
}

static int
racf_verb_is(const char *what, const char *verb)
{
	size_t n = strlen(verb);

	return strncmp(what, verb, n) == 0 && (what[n] == ' ' ||
	    what[n] == '\0');
}

/* RC >= 4: decide by the ESM's message. */
static int
racf_exec_map_esm(const char *what, const char *msg, int write)
{
	int adds = racf_verb_is(what, "ADDUSER") ||
	    racf_verb_is(what, "ADDGROUP");

	if (strstr(msg, "NOT AUTHORIZED") != NULL)
		return LDAP_INSUFFICIENT_ACCESS;
	if (strstr(msg, "INVALID USERID") != NULL ||
	    strstr(msg, "INVALID GROUP") != NULL)
		return adds ? LDAP_ALREADY_EXISTS : LDAP_NO_SUCH_OBJECT;
	if (strstr(msg, "ICH30001I") != NULL)
		return LDAP_NO_SUCH_OBJECT;
	if (strstr(msg, "ICH51003I") != NULL ||
	    strstr(msg, "IKJ56702I") != NULL ||
	    strstr(msg, "IKJ56712I") != NULL)
		return write ? LDAP_CONSTRAINT_VIOLATION : LDAP_NO_SUCH_OBJECT;
	return write ? LDAP_UNWILLING_TO_PERFORM : LDAP_OTHER;
}

int
racf_exec_map(const struct racf_agent *ra, const char *what, int rc,
    const char *msg, int write, char *text, size_t textlen)
{
	const char *name = ra->ra_name;

	if (msg == NULL || *msg == '\0')
		msg = "no message";
	switch (rc) {
	case 0:
		return LDAP_SUCCESS;
	case LINK_RC_REFUSED:
		snprintf(text, textlen, "agent %s refused %s: %s", name, what,
		    msg);
		return strncmp(msg, "ESMA104E", 8) == 0 ?
		    LDAP_INSUFFICIENT_ACCESS : LDAP_UNWILLING_TO_PERFORM;
	case LINK_RC_BUSY:
		snprintf(text, textlen, "agent %s is busy and did not run "
		    "%s; try again: %s", name, what, msg);
		return LDAP_BUSY;
	case LINK_RC_STOPPING:
		snprintf(text, textlen, "agent %s is stopping and did not run "
		    "%s: %s", name, what, msg);
		return LDAP_UNAVAILABLE;
	case LINK_RC_FAILED:
		snprintf(text, textlen, "agent %s cannot reach RACF; %s was "
		    "not run: %s", name, what, msg);
		return LDAP_UNAVAILABLE;
	case LINK_RC_INVALID:
		snprintf(text, textlen, "agent %s rejected the request for "
		    "%s as malformed: %s", name, what, msg);
		return LDAP_OTHER;
	}
	if (rc < 0) {
		snprintf(text, textlen, "agent %s answered %s with code %d: "
		    "%s", name, what, rc, msg);
		return LDAP_OTHER;
	}
	snprintf(text, textlen, "%s: %s (RACF return code %d)", what, msg,
	    rc);
	return racf_exec_map_esm(what, msg, write);
}

int
racf_exec_map_status(const struct racf_agent *ra, const char *what,
    enum link_req_status st, const char *why, int write, char *text,
    size_t textlen)
{
	const char *maybe = write ? "; the change may or may not have been "
	    "applied" : "";

	switch (st) {
	case LINK_REQ_TIMEOUT:
		snprintf(text, textlen, "agent %s did not answer %s within "
		    "%us%s", ra->ra_name, what, ra->ra_rb->rb_timeout, maybe);
		break;
	case LINK_REQ_DOWN:
		snprintf(text, textlen, "agent %s is not connected: the link "
		    "was lost during %s (%s)%s", ra->ra_name, what,
		    why != NULL ? why : "closed", maybe);
		break;
	default:
		snprintf(text, textlen, "%s was cancelled", what);
		break;
	}
	return LDAP_UNAVAILABLE;
}

/* ---- running a plan ------------------------------------------------ */

static void	racf_exec_next(struct racf_op *);

/* Append "applied: ...; not applied: ..." for a failure at index i. */
static void
racf_exec_report(struct racf_op *ro, size_t failed)
{
	struct op *op = ro->ro_op;
	const struct racf_plan *p = &ro->ro_plan;
	char *t = op->o_text;
	size_t len, i, sz = sizeof(op->o_text);

	if (p->rp_n == 1)
		return;
	len = strlen(t);
	snprintf(t + len, sz - len, "; applied: %s", failed == 0 ? "none" :
	    "");
	for (i = 0; i < failed; i++) {
		len = strlen(t);
		snprintf(t + len, sz - len, "%s%s", i > 0 ? ", " : "",
		    p->rp_cmds[i].rc_what);
	}
	if (failed + 1 >= p->rp_n)
		return;
	len = strlen(t);
	snprintf(t + len, sz - len, "; not applied: ");
	for (i = failed + 1; i < p->rp_n; i++) {
		len = strlen(t);
		snprintf(t + len, sz - len, "%s%s", i > failed + 1 ? ", " :
		    "", p->rp_cmds[i].rc_what);
	}
}

/*
 * The op ends (abandon, connection closed) while its plan runs: the
 * change is half done, so say at once what was and was not applied.
 * The op sends no response, so its text is free to build the line.
 */
void
racf_exec_log_abandoned(struct racf_op *ro)
{
	struct op *op = ro->ro_op;

	if (ro->ro_plan.rp_n == 0 || ro->ro_next >= ro->ro_plan.rp_n)
		return;
	snprintf(op->o_text, sizeof(op->o_text), "%s may or may not have "
	    "run", ro->ro_plan.rp_cmds[ro->ro_next].rc_what);
	racf_exec_report(ro, ro->ro_next);
	log_warnx("conn=%llu op=%llu ended during a change to RACF: %s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    op->o_text);
}

static void
racf_exec_fail(struct racf_op *ro, int rc)
{
	struct op *op = ro->ro_op;

	ro->ro_agent->ra_failed++;
	ro->ro_rb->rb_cmds_failed++;
	racf_exec_report(ro, ro->ro_next);
	log_info("conn=%llu op=%llu agent=%s %s failed: %s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    ro->ro_agent->ra_name, ro->ro_what, op->o_text);
	racf_op_end(ro, rc);
}

static void
racf_exec_cb(void *arg, enum link_req_status st, const struct link_msg *m,
    const char *why)
{
	struct racf_op *ro = arg;
	struct op *op = ro->ro_op;
	int rc;

	if (st == LINK_REQ_CANCELLED)
		return;
	if (st != LINK_REQ_OK) {
		ro->ro_req = 0;
		racf_exec_fail(ro, racf_exec_map_status(ro->ro_agent,
		    ro->ro_what, st, why, 1, op->o_text, sizeof(op->o_text)));
		return;
	}
	racf_msg_add(ro->ro_msg, sizeof(ro->ro_msg), m->lm_lines,
	    m->lm_nlines);
	if (m->lm_more)
		return;
	ro->ro_req = 0;
	if (m->lm_rc != 0) {
		rc = racf_exec_map(ro->ro_agent, ro->ro_what, m->lm_rc,
		    ro->ro_msg, 1, op->o_text, sizeof(op->o_text));
		racf_exec_fail(ro, rc);
		return;
	}
	log_debug(LOG_CAT_BACKEND, "conn=%llu op=%llu %s: RC 0",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    ro->ro_what);
	ro->ro_next++;
	racf_exec_next(ro);
}

static void
racf_exec_next(struct racf_op *ro)
{
	const struct racf_cmd *c;
	int rc;

	if (ro->ro_next >= ro->ro_plan.rp_n) {
		if (ro->ro_then != NULL)
			ro->ro_then(ro);
		else
			racf_op_end(ro, LDAP_SUCCESS);
		return;
	}
	c = &ro->ro_plan.rp_cmds[ro->ro_next];
	snprintf(ro->ro_what, sizeof(ro->ro_what), "%s", c->rc_what);
	ro->ro_msg[0] = '\0';
	rc = racf_be_request(ro->ro_rb, ro->ro_op, LINK_REQ_COMMAND,
	    c->rc_text, c->rc_secret, c->rc_what, NULL, 0, racf_exec_cb, ro,
	    &ro->ro_agent, &ro->ro_req);
	if (rc != 0) {
		/* Nothing of this command reached an agent. */
		racf_exec_report(ro, ro->ro_next);
		racf_op_end(ro, rc);
	}
}

void
racf_exec(struct racf_op *ro, racf_then_fn *then)
{
	ro->ro_then = then;
	ro->ro_next = 0;
	racf_exec_next(ro);
}
