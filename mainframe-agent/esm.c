/*
 * esm.c - what every ESM driver shares with the agent: the names of the
 * exit event types, as the agent logs them and the link carries them.
 */
#include "config.h"

#include "mainframe-agent/esm.h"

const char *
esm_event_type_name(enum esm_event_type type)
{
	switch (type) {
	case ESM_EV_CREATE:
		return "create";
	case ESM_EV_MODIFY:
		return "modify";
	case ESM_EV_DELETE:
		return "delete";
	case ESM_EV_PASSWORD_CHANGE:
		return "password-change";
	case ESM_EV_PASSWORD_RESET:
		return "password-reset";
	case ESM_EV_PASSWORD_RESET_NOEXPIRE:
		return "password-reset-noexpire";
	case ESM_EV_REVOKE:
		return "revoke";
	case ESM_EV_RESUME:
		return "resume";
	case ESM_EV_LOGON_FAILURE:
		return "logon-failure";
	case ESM_EV_CONNECT:
		return "connect";
	case ESM_EV_REMOVE:
		return "remove";
	case ESM_EV_GROUP_CREATE:
		return "group-create";
	case ESM_EV_GROUP_MODIFY:
		return "group-modify";
	case ESM_EV_GROUP_DELETE:
		return "group-delete";
	case ESM_EV_PASSWORD_EXPIRED:
		return "password-expired";
	}
	return "unknown";
}
