/*
 * fuzz_link_session.c - the link's framing and hello (lib/
 * link_session.c) on the bytes a peer sends before it holds the key:
 * length prefixes, the clear hello, and whatever follows it.
 *
 * The first input byte picks the side: even, an agent (server) waiting
 * for a gateway's hello; odd, a gateway (client) that sent its hello
 * and waits for the agent's.  Its second bit feeds the rest one byte at
 * a time instead of all at once, as a slow peer would.  The session
 * must take every byte or fail, and say why when it fails.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "link_int.h"

#include "fuzzenv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct link_session *
fuzz_session_new(enum link_role role)
{
	static const struct link_key key = { "0123456789abcdef", 16 };
	struct link_params p;

	memset(&p, 0, sizeof(p));
	p.lp_role = role;
	p.lp_identity = role == LINK_ROLE_SERVER ? "SYS1" : "GW1";
	p.lp_key = &key;
	p.lp_cipher = LINK_CIPHER_AES128_GCM;
	p.lp_max_frame = 64 * 1024;
	return link_session_new(&p, "127.0.0.1:40000");
}

/* Feed len bytes in pieces of at most step; stop when the session
   fails. */
static void
fuzz_session_feed(struct link_session *s, const uint8_t *data, size_t len,
    size_t step)
{
	enum link_session_event ev = LINK_SESSION_MORE;
	size_t used, n, out;

	while (len > 0 && ev != LINK_SESSION_FAILED) {
		n = len < step ? len : step;
		ev = link_session_feed(s, data, n, &used);
		if (used > n)
			fuzz_fail("the session used %zu of %zu bytes", used,
			    n);
		if (ev == LINK_SESSION_MORE && used != n)
			fuzz_fail("the session asked for more with %zu of "
			    "%zu bytes unused", n - used, n);
		(void)link_session_output(s, &out);
		link_session_output_drain(s, out);
		data += used;
		len -= used;
	}
	if (ev == LINK_SESSION_FAILED && link_session_reason(s) == NULL)
		fuzz_fail("the session failed without a reason");
	if (ev != LINK_SESSION_FAILED)
		(void)link_session_eof_reason(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link_session *s;

	if (size < 1)
		return 0;
	s = fuzz_session_new(data[0] & 1 ? LINK_ROLE_CLIENT :
	    LINK_ROLE_SERVER);
	link_session_start(s);
	fuzz_session_feed(s, data + 1, size - 1, data[0] & 2 ? 1 : size);
	link_session_free(s);
	return 0;
}
