/*
 * exec.c - run a plan's native commands one by one over the link, and
 * turn what the agent answers into LDAP result codes.
 *
 * Commands run in order, each only after the previous one returned
 * RC 0, under the operation's distributed identity.  When one fails the
 * plan stops, and the diagnostic names the failed command, carries the
 * ESM's message lines, and says what was applied and what was not:
 *   "CONNECT JSMITH GROUP(PAYROLL): ICH51003I NAME NOT FOUND IN RACF
 *    DATA SET; applied: ADDUSER JSMITH; not applied: ALTUSER JSMITH"
 * Secret commands (passwords) are logged and reported by their ec_what
 * only; the ESM's output never echoes a password.
 *
 * Result mapping (esmbe_exec_map):
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
#include "backends/esmbe/esmbe.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/op.h"

void
esmbe_msg_add(char *buf, size_t buflen, const struct berval *lines,
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

int
esmbe_exec_map(const struct esmbe_agent *ra, const char *what, int rc,
    const char *msg, int write, char *text, size_t textlen)
{
	const struct esm_dialect *dl = ra->ra_rb->rb_dl;
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
		snprintf(text, textlen, "agent %s cannot reach %s; %s was "
		    "not run: %s", name, dl->dl_name, what, msg);
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
	snprintf(text, textlen, "%s: %s (%s return code %d)", what, msg,
	    dl->dl_name, rc);
	return dl->dl_result(what, msg, write);
}

int
esmbe_exec_map_status(const struct esmbe_agent *ra, const char *what,
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

static void	esmbe_exec_next(struct esmbe_op *);

/* Append "applied: ...; not applied: ..." for a failure at index i. */
static void
esmbe_exec_report(struct esmbe_op *ro, size_t failed)
{
	struct op *op = ro->ro_op;
	const struct esm_plan *p = &ro->ro_plan;
	char *t = op->o_text;
	size_t len, i, sz = sizeof(op->o_text);

	if (p->ep_n == 1)
		return;
	len = strlen(t);
	snprintf(t + len, sz - len, "; applied: %s", failed == 0 ? "none" :
	    "");
	for (i = 0; i < failed; i++) {
		len = strlen(t);
		snprintf(t + len, sz - len, "%s%s", i > 0 ? ", " : "",
		    p->ep_cmds[i].ec_what);
	}
	if (failed + 1 >= p->ep_n)
		return;
	len = strlen(t);
	snprintf(t + len, sz - len, "; not applied: ");
	for (i = failed + 1; i < p->ep_n; i++) {
		len = strlen(t);
		snprintf(t + len, sz - len, "%s%s", i > failed + 1 ? ", " :
		    "", p->ep_cmds[i].ec_what);
	}
}

/*
 * The op ends (abandon, connection closed) while its plan runs: the
 * change is half done, so say at once what was and was not applied.
 * The op sends no response, so its text is free to build the line.
 */
void
esmbe_exec_log_abandoned(struct esmbe_op *ro)
{
	struct op *op = ro->ro_op;

	if (ro->ro_plan.ep_n == 0 || ro->ro_next >= ro->ro_plan.ep_n)
		return;
	snprintf(op->o_text, sizeof(op->o_text), "%s may or may not have "
	    "run", ro->ro_plan.ep_cmds[ro->ro_next].ec_what);
	esmbe_exec_report(ro, ro->ro_next);
	log_warnx("conn=%llu op=%llu ended during a change to %s: %s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    ro->ro_rb->rb_dl->dl_name, op->o_text);
}

static void
esmbe_exec_fail(struct esmbe_op *ro, int rc)
{
	struct op *op = ro->ro_op;

	ro->ro_agent->ra_failed++;
	ro->ro_rb->rb_cmds_failed++;
	esmbe_exec_report(ro, ro->ro_next);
	log_info("conn=%llu op=%llu agent=%s %s failed: %s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    ro->ro_agent->ra_name, ro->ro_what, op->o_text);
	esmbe_op_end(ro, rc);
}

static void
esmbe_exec_cb(void *arg, enum link_req_status st, const struct link_msg *m,
    const char *why)
{
	struct esmbe_op *ro = arg;
	struct op *op = ro->ro_op;
	int rc;

	if (st == LINK_REQ_CANCELLED)
		return;
	if (st != LINK_REQ_OK) {
		ro->ro_req = 0;
		esmbe_exec_fail(ro, esmbe_exec_map_status(ro->ro_agent,
		    ro->ro_what, st, why, 1, op->o_text, sizeof(op->o_text)));
		return;
	}
	esmbe_msg_add(ro->ro_msg, sizeof(ro->ro_msg), m->lm_lines,
	    m->lm_nlines);
	if (m->lm_more)
		return;
	ro->ro_req = 0;
	if (m->lm_rc != 0) {
		rc = esmbe_exec_map(ro->ro_agent, ro->ro_what, m->lm_rc,
		    ro->ro_msg, 1, op->o_text, sizeof(op->o_text));
		esmbe_exec_fail(ro, rc);
		return;
	}
	log_debug(LOG_CAT_BACKEND, "conn=%llu op=%llu %s: RC 0",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    ro->ro_what);
	ro->ro_next++;
	esmbe_exec_next(ro);
}

static void
esmbe_exec_next(struct esmbe_op *ro)
{
	const struct esm_cmd *c;
	int rc;

	if (ro->ro_next >= ro->ro_plan.ep_n) {
		if (ro->ro_then != NULL)
			ro->ro_then(ro);
		else
			esmbe_op_end(ro, LDAP_SUCCESS);
		return;
	}
	c = &ro->ro_plan.ep_cmds[ro->ro_next];
	snprintf(ro->ro_what, sizeof(ro->ro_what), "%s", c->ec_what);
	ro->ro_msg[0] = '\0';
	rc = esmbe_request(ro->ro_rb, ro->ro_op, LINK_REQ_COMMAND,
	    c->ec_text, c->ec_secret, c->ec_what, NULL, 0, esmbe_exec_cb, ro,
	    &ro->ro_agent, &ro->ro_req);
	if (rc != 0) {
		/* Nothing of this command reached an agent. */
		esmbe_exec_report(ro, ro->ro_next);
		esmbe_op_end(ro, rc);
	}
}

void
esmbe_exec(struct esmbe_op *ro, esmbe_then_fn *then)
{
	ro->ro_then = then;
	ro->ro_next = 0;
	esmbe_exec_next(ro);
}
