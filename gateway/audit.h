/*
 * audit.h - the gateway's security audit feed, in the formats SIEMs
 * read: ArcSight's CEF (default) or QRadar's LEEF 2.0, one record per
 * security-relevant event, to a file, to syslog, or both.
 *
 * Events: a bind (success or failure), every write (add, modify,
 * delete, modrdn) and its outcome, a password change or reset, an
 * access denied by the gateway's rules, an agent link lost or back, a
 * malformed PDU.  A record names who (the bound identity and the client
 * address), what (the operation and its target DN), the outcome and the
 * LDAP result with its reason, and the connection and operation numbers
 * that find the same request in the log and in the agent's audit.  It
 * never holds a password: nothing the client sent as a credential is
 * ever one of its fields.
 *
 *	audit-file FILE		append, created 0600
 *	audit-syslog FACILITY	auth, authpriv, daemon, local0 .. local7
 *	audit-format cef|leef
 */
#ifndef ESM_AUDIT_H
#define ESM_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct gateway;
struct op;
struct conn;

enum audit_format {
	AUDIT_CEF = 0,
	AUDIT_LEEF
};

/* One event, its strings borrowed (NULL: absent). */
struct audit_rec {
	const char	*ar_event;	/* signature id: "bind-failure" */
	const char	*ar_name;	/* what happened, in words */
	int		 ar_severity;	/* 0-10, CEF's scale */
	time_t		 ar_time;
	const char	*ar_src;	/* client "ip:port" */
	const char	*ar_user;	/* bound identity, or the bind DN */
	const char	*ar_action;	/* "bind", "modify", "link" ... */
	const char	*ar_target;	/* DN, agent */
	const char	*ar_outcome;	/* "success", "failure" */
	int		 ar_result;	/* LDAP result code; -1: none */
	const char	*ar_reason;	/* the diagnostic */
	uint64_t	 ar_conn;	/* 0: none */
	uint64_t	 ar_op;
	const char	*ar_realm;	/* realm of ar_user (a certificate's
					   issuer, the gateway's realm) */
};

/*
 * The record as one line (no newline) in buf: 0, or -1 when it does
 * not fit.  Values are escaped as the format requires (CEF: | and \ in
 * the header, \ = and line ends in extensions; LEEF: its delimiter,
 * tab, never appears in a value), so no value can forge a field.
 */
int	audit_format_rec(enum audit_format, const struct audit_rec *,
	    char *buf, size_t len);

/* Configuration keywords; 0, 1 when the line is not one, -1 + err. */
int	audit_config(struct gateway *, const char *keyword, const char *arg,
	    char *err, size_t errlen);
/* Open the sinks (at start and on reopen); -1 + err. */
int	audit_open(struct gateway *, char *err, size_t errlen);
void	audit_close(struct gateway *);

/* Write one record to every sink. */
void	audit_emit(struct gateway *, const struct audit_rec *);
/* The record of an operation that ended with rc (op_finish). */
void	audit_op(const struct op *, int rc, const char *text);
/* A bind reached bind-fail-limit; reason says which and how. */
void	audit_bind_limit(const struct op *, const char *reason);
/* A malformed PDU (rc protocolError) or a request over a limit
   (adminLimitExceeded) from a connection. */
void	audit_bad_pdu(const struct conn *, int rc, const char *why);
/* An agent link of a backend went down (up 0) or came back. */
void	audit_link(struct gateway *, const char *agent, const char *suffix,
	    int up, const char *why);

#endif
