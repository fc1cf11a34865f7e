/*
 * fuzz_link_msg.c - the link's message codec (lib/link_msg.c): the input
 * is the plaintext of one sealed frame, as link_session.c hands it to
 * link_msg_decode() once the frame opened.
 *
 * A message that decodes must encode, and what it encodes to must
 * decode and encode to the same bytes: the agent answers with messages
 * built from what it decoded, so the codec may not drift between the
 * two directions.  An event's body goes through its own codec (lib/
 * link_event.c), which is strict: a body that decodes is the one the
 * encoder writes for what it holds.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "link_event.h"

#include "fuzzenv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Encode m; a decoded message must be encodable. */
static unsigned char *
fuzz_link_encode(const struct link_msg *m, size_t *len, const char *what)
{
	unsigned char *out;

	if (link_msg_encode(m, &out, len) == -1)
		fuzz_fail("a %s message of type %d does not encode", what,
		    (int)m->lm_type);
	return out;
}

static void
fuzz_link_round_trip(const struct link_msg *m)
{
	struct link_msg again;
	unsigned char *e1, *e2;
	size_t l1, l2;
	const char *why;

	e1 = fuzz_link_encode(m, &l1, "decoded");
	if (link_msg_decode(e1, l1, &again, &why) == -1)
		fuzz_fail("a re-encoded message does not decode: %s", why);
	e2 = fuzz_link_encode(&again, &l2, "re-decoded");
	if (l1 != l2 || memcmp(e1, e2, l1) != 0)
		fuzz_fail("a message of type %d encodes differently after a "
		    "round trip", (int)m->lm_type);
	link_msg_clear(&again);
	free(e2);
	free(e1);
}

static void
fuzz_link_event(const struct berval *body)
{
	struct link_event ev;
	unsigned char *again;
	size_t len;
	char err[256];

	if (link_event_decode((const unsigned char *)body->bv_val,
	    body->bv_len, &ev, err, sizeof(err)) == -1)
		return;
	if (link_event_encode(&ev, &again, &len, err, sizeof(err)) == -1)
		fuzz_fail("a decoded event does not encode: %s", err);
	if (len != body->bv_len || memcmp(again, body->bv_val, len) != 0)
		fuzz_fail("an event body decodes to one encoded otherwise");
	free(again);
	link_event_clear(&ev);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link_msg m;
	const char *why = NULL;

	if (link_msg_decode(data, size, &m, &why) == 0) {
		fuzz_link_round_trip(&m);
		if (m.lm_type == LINK_MSG_EVENT)
			fuzz_link_event(&m.lm_body);
		link_msg_clear(&m);
	} else if (why == NULL)
		fuzz_fail("link_msg_decode failed without a reason");
	return 0;
}
