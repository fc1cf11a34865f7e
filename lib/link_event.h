/*
 * link_event.h - the body of a LINK_MSG_EVENT: one change an exit saw on
 * the mainframe, as the agent sends it to the gateway (lm_id is the same
 * sequence, lm_body this encoding).
 *
 * The event is minimal, as the exit wrote it: who, what kind of change,
 * which native fields; the gateway fetches the whole entry itself.
 *
 *	EventBody ::= SEQUENCE {
 *		agent     OCTET STRING (SIZE (1..64)),
 *		seq       INTEGER (0..18446744073709551615),
 *		time      INTEGER (0..9223372036854775807),
 *		esm       ENUMERATED { racf(1), acf2(2), tss(3) },
 *		type      ENUMERATED { create(1) .. passwordExpired(15) },
 *		userid    OCTET STRING (SIZE (1..64)),
 *		group     OCTET STRING (SIZE (0..64)),
 *		fields    SEQUENCE SIZE (0..64) OF
 *				OCTET STRING (SIZE (1..32)),
 *		origin    OCTET STRING (SIZE (0..64)),
 *		via       ENUMERATED { native(0), gateway(1) },
 *		password  [0] IMPLICIT OCTET STRING (SIZE (17..272))
 *				OPTIONAL,
 *		keyid     [1] IMPLICIT OCTET STRING (SIZE (4))
 *				OPTIONAL }	-- only with a password
 *
 * agent: the sharing group's id (as Voyager's VOYAGER_ID: every LPAR of
 * one security database sends the same), the first half of the key the
 * gateway deduplicates by; seq: the second half, never reused by that
 * agent.  time: when the change committed, seconds since the epoch.
 * type: the values of mainframe-agent/esm.h's enum esm_event_type.
 * userid: the user, or the group of a group event.  group: the group of
 * a connect or remove, empty for every other type.  fields: the native
 * field names the change touched ("NAME", "DFLTGRP").  origin: the task
 * or user that issued the change.  via: gateway when a gateway's request
 * over a link made the change (a command or a logon the agent ran for
 * it), native for everything else (consoles, TSO, batch, terminals).
 * password: only on password events, the new password as the exit
 * sealed it for the gateway (lib/event_seal.h); absent when the password
 * was not carried.  keyid: the id (link_key_id) of the link key the
 * password was sealed under, so that a gateway holding two keys during a
 * key change opens it with the right one; absent from events of agents
 * that predate key changes (the gateway then tries each of its keys).
 *
 * Every string is printable ASCII (0x21..0x7e; origin may be empty).  The
 * decoder is strict (asn.h) and then checks the event as the encoder
 * does: a body that decodes is one the encoder could have written.
 */
#ifndef ESM_LINK_EVENT_H
#define ESM_LINK_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "event_seal.h"
#include "link.h"

#define LINK_EVENT_ID_MAX	64	/* userid, group, origin */
#define LINK_EVENT_FIELDS_MAX	64	/* field names in one event */
#define LINK_EVENT_FIELD_MAX	32	/* bytes of one field name */
#define LINK_EVENT_SEALED_MIN	(CRYPT_TAG_LEN + 1)

enum link_event_esm {
	LINK_EVENT_RACF = 1,
	LINK_EVENT_ACF2,
	LINK_EVENT_TSS,
};

/* The same values as enum esm_event_type (mainframe-agent/esm.h). */
enum link_event_type {
	LINK_EV_CREATE = 1,
	LINK_EV_MODIFY,
	LINK_EV_DELETE,
	LINK_EV_PASSWORD_CHANGE,	/* the user, at logon */
	LINK_EV_PASSWORD_RESET,		/* an admin, expired */
	LINK_EV_PASSWORD_RESET_NOEXPIRE, /* an admin, not expired */
	LINK_EV_REVOKE,
	LINK_EV_RESUME,
	LINK_EV_LOGON_FAILURE,
	LINK_EV_CONNECT,		/* group connection added */
	LINK_EV_REMOVE,			/* group connection removed */
	LINK_EV_GROUP_CREATE,
	LINK_EV_GROUP_MODIFY,
	LINK_EV_GROUP_DELETE,
	LINK_EV_PASSWORD_EXPIRED,	/* a logon found it expired */
};
#define LINK_EV_MAX	LINK_EV_PASSWORD_EXPIRED

enum link_event_via {
	LINK_EVENT_NATIVE = 0,
	LINK_EVENT_GATEWAY = 1,
};

/* One event, holding copies of everything (no pointers). */
struct link_event {
	char			 le_agent[LINK_MAX_IDENTITY + 1];
	uint64_t		 le_seq;
	int64_t			 le_time;
	enum link_event_esm	 le_esm;
	enum link_event_type	 le_type;
	char			 le_userid[LINK_EVENT_ID_MAX + 1];
	char			 le_group[LINK_EVENT_ID_MAX + 1];
	char			 le_fields[LINK_EVENT_FIELDS_MAX]
				    [LINK_EVENT_FIELD_MAX + 1];
	size_t			 le_nfields;
	char			 le_origin[LINK_EVENT_ID_MAX + 1];
	enum link_event_via	 le_via;
	unsigned char		 le_sealed[EVENT_SEALED_MAX];
	size_t			 le_sealed_len;	/* 0: no password */
	unsigned char		 le_keyid[LINK_KEY_ID_LEN];
	int			 le_has_keyid;	/* le_keyid is given */
};

/* Is the event coherent (the rules above)?  0, or -1 with a reason. */
int	link_event_check(const struct link_event *, char *err, size_t errlen);
/* Check, then encode into a malloc'ed buffer the caller owns. */
int	link_event_encode(const struct link_event *, unsigned char **out,
	    size_t *outlen, char *err, size_t errlen);
/* Decode and check; -1 with a reason naming the field. */
int	link_event_decode(const unsigned char *buf, size_t len,
	    struct link_event *, char *err, size_t errlen);
/* Zero the event (the sealed password with it). */
void	link_event_clear(struct link_event *);

/* Password change, reset or reset-noexpire: may carry a password. */
int	link_event_is_password(enum link_event_type);
/* Connect or remove: names a group besides the user. */
int	link_event_is_connection(enum link_event_type);
/* Group create, modify or delete: the userid is a group's name. */
int	link_event_is_group(enum link_event_type);

/* "password-reset" as esm_event_type_name() spells it; NULL if unknown. */
const char *link_event_type_name(enum link_event_type);
/* And back: 0, or -1 for an unknown name. */
int	link_event_type_parse(const char *, enum link_event_type *);
/* "racf", "acf2", "tss"; NULL if unknown. */
const char *link_event_esm_name(enum link_event_esm);
int	link_event_esm_parse(const char *, enum link_event_esm *);

#endif
