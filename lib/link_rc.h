/*
 * link_rc.h - return codes the agent itself puts in a response, next to
 * the ESM's own (which are >= 0).  The first output line then explains
 * the refusal in words (an ESMAnnnE message).
 */
#ifndef ESM_LINK_RC_H
#define ESM_LINK_RC_H

#define LINK_RC_REFUSED		(-1)	/* not allowed, protected userid */
#define LINK_RC_BUSY		(-2)	/* too many requests in flight */
#define LINK_RC_STOPPING	(-3)	/* the agent is shutting down */
#define LINK_RC_INVALID		(-4)	/* malformed request */
#define LINK_RC_FAILED		(-5)	/* the ESM could not be reached */

#endif
