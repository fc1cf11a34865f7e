/*
 * simchar.h - the characters mainframe security databases accept, the
 * same for every simulator: text is UTF-8 of characters of the EBCDIC
 * code page IBM-1047 (U+0020-U+00FF without the C1 controls), ids are
 * national characters.
 */
#ifndef SIM_SIMCHAR_H
#define SIM_SIMCHAR_H

#include <stddef.h>

enum simchar_rc {
	SIMCHAR_OK = 0,
	SIMCHAR_NOT_UTF8,	/* not valid UTF-8 */
	SIMCHAR_NOT_1047,	/* a character beyond U+00FF */
	SIMCHAR_CONTROL		/* a control character (C0, DEL, C1) */
};

/*
 * Check the len bytes of s.  On failure *off is the offset of the
 * offending byte and *cp the character (for NOT_1047 and CONTROL); each
 * ESM words its own message.
 */
enum simchar_rc simchar_check(const char *s, size_t len, size_t *off,
	    long *cp);
/*
 * simchar_check() with the reason worded as TSO does: "<msgid> INVALID
 * UTF-8 IN <what> AT OFFSET n" and so on.  0, or -1 with err.
 */
int		simchar_check_msg(const char *s, size_t len, const char *msgid,
		    const char *what, char *err, size_t errlen);
/* Characters (not bytes) of a string simchar_check() accepted. */
size_t		simchar_count(const char *s);
/* A-Z 0-9 @ # $ */
int		simchar_is_national(char c);
/* 1 to max national characters; a digit first only when digit_first. */
int		simchar_is_id(const char *s, size_t max, int digit_first);

#endif
