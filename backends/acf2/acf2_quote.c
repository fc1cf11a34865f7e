/*
 * acf2_quote.c - CA ACF2's rules for operand values, and their quoting.
 *
 * The ACF command processor (and the simulator's lexer, mainframe-agent/
 * sim/acf2/lex.c) reads blanks and commas as separators, a word written
 * before '(' as owning everything up to the matching ')', and '...' as
 * one string in which '' stands for a quote; unquoted text is folded to
 * upper case, and an unquoted ';' or slash-asterisk is refused.  So a
 * value can leave its operand only through a quote, a parenthesis, a
 * separator or a character that ends the line.  Here every value
 * becomes either a bare word made only of A-Z 0-9 # $ @ (ids, numbers,
 * dates, flag words, passwords; a rule entry adds its mask characters
 * . - * + and its own KEYWORD(x) operands, built here), which holds no
 * delimiter, or a quoted string of printable ASCII with each quote
 * doubled (esm_quote_string), which the lexer reads back as exactly
 * the value.  Control characters, DEL and anything outside ASCII are
 * refused: ACF2 holds EBCDIC, a newline would end the command.
 *
 * Field rules come from the simulator's field table (sim/acf2/field.c)
 * and ACF2's: a logonid is 1-8 characters, a password 1-8 of A-Z 0-9
 * # $ @, NAME 20 characters, TSOACCT 40; the map carries the rest per
 * field.  Rule entries follow sim/acf2/rule.c, which stores them in
 * the canonical form written here.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "backends/map.h"
#include "backends/quote.h"

#include "acf2_quote.h"

#define ACF2_ENTRY_MAX	255	/* an entry's text, as ACF2 stores it */

int
acf2_quote_password(const char *s, size_t len, char **out, const char **why)
{
	char *q;
	size_t i;

	if (len < 1 || len > ACF2_PW_LEN) {
		*why = "is not 1 to 8 characters";
		return -1;
	}
	q = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		q[i] = s[i] >= 'a' && s[i] <= 'z' ? s[i] - ('a' - 'A') : s[i];
		if (!esm_quote_is_national(q[i])) {
			xfree_secret(q, len + 1);
			*why = "holds a character other than A-Z, 0-9, #, $ "
			    "and @";
			return -1;
		}
	}
	q[len] = '\0';
	*out = q;
	return 0;
}

/* One rule entry, as sim/acf2/rule.c keeps it. */
struct acf2_entry {
	int	ae_resource;		/* a resource rule's entry */
	char	ae_mask[ACF2_MASK_LEN + 1];
	char	ae_uid[ACF2_UID_LEN + 1];
	char	ae_acc[4];		/* access: R W A E: 0, 'A', 'L', 'P' */
	int	ae_svc;			/* resource: bits of acf2_svc[] */
	const char *ae_action;		/* resource: ALLOW, LOG, PREVENT */
};

static const char *const acf2_acc_long[4] = { "READ", "WRITE", "ALLOC",
	"EXEC" };
static const char acf2_acc_short[4] = { 'R', 'W', 'A', 'E' };
static const char *const acf2_svc[4] = { "READ", "UPDATE", "DELETE",
	"EXECUTE" };
static const char *const acf2_actions[3] = { "ALLOW", "LOG", "PREVENT" };

/* The action word w (n bytes) of a resource entry, or NULL. */
static const char *
acf2_entry_action_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (n == strlen(acf2_actions[i]) &&
		    memcmp(w, acf2_actions[i], n) == 0)
			return acf2_actions[i];
	return NULL;
}

/*
 * A data set or resource name mask: 1-44 of A-Z 0-9 # $ @ . - * +
 * (ACF2's masks).
 */
static int
acf2_entry_mask(struct acf2_entry *e, const char *w, size_t n,
    const char **why)
{
	size_t i;

	if (n > ACF2_MASK_LEN) {
		*why = "has a name mask longer than 44 characters";
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!esm_quote_is_national(w[i]) && strchr(".-*+", w[i]) ==
		    NULL) {
			*why = e->ae_resource ? "has a word that is neither "
			    "a name mask of A-Z, 0-9, #, $, @ and . - * + "
			    "nor KEYWORD(value) nor ALLOW, LOG or PREVENT" :
			    "must start with a data set mask of A-Z, 0-9, "
			    "#, $, @ and . - * +";
			return -1;
		}
	memcpy(e->ae_mask, w, n);
	e->ae_mask[n] = '\0';
	return 0;
}

/* UID(mask): 1-24 of A-Z 0-9 # $ @ * -, at most four - (ACF2's). */
static int
acf2_entry_uid(struct acf2_entry *e, const char *v, size_t n,
    const char **why)
{
	size_t i, dashes = 0;

	*why = "has a UID that is not 1 to 24 of A-Z, 0-9, #, $, @, * and "
	    "at most four -";
	if (e->ae_uid[0] != '\0') {
		*why = "gives UID twice";
		return -1;
	}
	if (n < 1 || n > ACF2_UID_LEN)
		return -1;
	for (i = 0; i < n; i++) {
		dashes += v[i] == '-';
		if (!esm_quote_is_national(v[i]) && v[i] != '*' && v[i] != '-')
			return -1;
	}
	if (dashes > 4)
		return -1;
	memcpy(e->ae_uid, v, n);
	e->ae_uid[n] = '\0';
	return 0;
}

/* R(x) W(x) A(x) E(x), or READ(x) WRITE(x) ALLOC(x) EXEC(x). */
static int
acf2_entry_access(struct acf2_entry *e, const char *k, size_t kn,
    const char *v, size_t vn, const char **why)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if ((kn == 1 && k[0] == acf2_acc_short[i]) ||
		    (kn == strlen(acf2_acc_long[i]) &&
		    memcmp(k, acf2_acc_long[i], kn) == 0))
			break;
	if (i == 4) {
		*why = "has a keyword other than UID, R, W, A, E (READ, "
		    "WRITE, ALLOC, EXEC)";
		return -1;
	}
	if (e->ae_acc[i] != 0) {
		*why = "gives an access twice";
		return -1;
	}
	if (vn != 1 || strchr("ALP", v[0]) == NULL) {
		*why = "has an access other than A (allow), L (log) or P "
		    "(prevent)";
		return -1;
	}
	e->ae_acc[i] = v[0];
	return 0;
}

/* SERVICE(s,...): READ, UPDATE, DELETE, EXECUTE, each at most once. */
static int
acf2_entry_service(struct acf2_entry *e, const char *v, size_t vn,
    const char **why)
{
	const char *comma;
	size_t i, n;

	*why = "has a SERVICE other than a comma-separated list of READ, "
	    "UPDATE, DELETE and EXECUTE";
	if (e->ae_svc != 0) {
		*why = "gives SERVICE twice";
		return -1;
	}
	for (;;) {
		comma = memchr(v, ',', vn);
		n = comma != NULL ? (size_t)(comma - v) : vn;
		for (i = 0; i < 4; i++)
			if (n == strlen(acf2_svc[i]) &&
			    memcmp(v, acf2_svc[i], n) == 0)
				break;
		if (i == 4 || (e->ae_svc & (1 << i)))
			return -1;
		e->ae_svc |= 1 << i;
		if (comma == NULL)
			return 0;
		v = comma + 1;
		vn -= n + 1;
	}
}

/* KEYWORD(value), the whole word: value without parentheses. */
static int
acf2_entry_keyword(struct acf2_entry *e, const char *w, size_t n,
    const char **why)
{
	const char *open = memchr(w, '(', n);
	size_t kn, vn;

	if (open == NULL || w[n - 1] != ')' || open == w) {
		*why = "has a word after the mask that is not KEYWORD(value)";
		return -1;
	}
	kn = (size_t)(open - w);
	vn = n - kn - 2;
	if (memchr(open + 1, '(', vn) != NULL ||
	    memchr(open + 1, ')', vn) != NULL) {
		*why = "has a parenthesis inside a value";
		return -1;
	}
	if (kn == 3 && memcmp(w, "UID", 3) == 0)
		return acf2_entry_uid(e, open + 1, vn, why);
	if (!e->ae_resource)
		return acf2_entry_access(e, w, kn, open + 1, vn, why);
	if (kn == 7 && memcmp(w, "SERVICE", 7) == 0)
		return acf2_entry_service(e, open + 1, vn, why);
	*why = "has a keyword other than UID and SERVICE";
	return -1;
}

/*
 * One word of a resource entry: the optional name mask first, then
 * KEYWORD(value)s, then the action word last.
 */
static int
acf2_entry_resource_word(struct acf2_entry *e, const char *w, size_t n,
    int first, const char **why)
{
	const char *action = acf2_entry_action_word(w, n);

	if (e->ae_action != NULL) {
		*why = "has a word after ALLOW, LOG or PREVENT, which ends "
		    "a resource rule entry";
		return -1;
	}
	if (action != NULL) {
		e->ae_action = action;
		return 0;
	}
	if (memchr(w, '(', n) != NULL || memchr(w, ')', n) != NULL)
		return acf2_entry_keyword(e, w, n, why);
	if (!first) {
		*why = "has a name mask that is not its first word";
		return -1;
	}
	return acf2_entry_mask(e, w, n, why);
}

/* The entry's words, separated by blanks; b is folded already. */
static int
acf2_entry_parse(struct acf2_entry *e, const char *b, size_t len,
    const char **why)
{
	size_t i = 0, n;
	int first = 1, rc;

	for (;;) {
		while (i < len && b[i] == ' ')
			i++;
		if (i == len)
			break;
		for (n = 0; i + n < len && b[i + n] != ' '; n++)
			;
		if (e->ae_resource)
			rc = acf2_entry_resource_word(e, b + i, n, first, why);
		else
			rc = first ? acf2_entry_mask(e, b + i, n, why) :
			    acf2_entry_keyword(e, b + i, n, why);
		if (rc == -1)
			return -1;
		first = 0;
		i += n;
	}
	if (first) {
		*why = e->ae_resource ? "is empty (a resource rule entry "
		    "ends with ALLOW, LOG or PREVENT)" : "is empty (a rule "
		    "entry starts with its data set mask)";
		return -1;
	}
	if (e->ae_resource && e->ae_action == NULL) {
		*why = "does not end with ALLOW, LOG or PREVENT";
		return -1;
	}
	return 0;
}

/* Append " word" to buf (no blank before the first word). */
static size_t
acf2_entry_add(char *buf, size_t size, size_t n, const char *word)
{
	if (n >= size)
		return n;
	return n + (size_t)snprintf(buf + n, size - n, "%s%s", n > 0 ? " " :
	    "", word);
}

/* The canonical text, as sim/acf2/rule.c stores and DECOMP prints it. */
static char *
acf2_entry_text(const struct acf2_entry *e)
{
	char buf[ACF2_ENTRY_MAX + 1], w[64];
	size_t i, n = 0;

	buf[0] = '\0';
	if (e->ae_mask[0] != '\0')
		n = acf2_entry_add(buf, sizeof(buf), n, e->ae_mask);
	if (e->ae_uid[0] != '\0') {
		snprintf(w, sizeof(w), "UID(%s)", e->ae_uid);
		n = acf2_entry_add(buf, sizeof(buf), n, w);
	}
	for (i = 0; i < 4; i++)
		if (e->ae_acc[i] != 0) {
			snprintf(w, sizeof(w), "%c(%c)", acf2_acc_short[i],
			    e->ae_acc[i]);
			n = acf2_entry_add(buf, sizeof(buf), n, w);
		}
	if (!e->ae_resource)
		return xstrdup(buf);
	if (e->ae_svc != 0) {
		snprintf(w, sizeof(w), "SERVICE(");
		for (i = 0; i < 4; i++)
			if (e->ae_svc & (1 << i))
				snprintf(w + strlen(w), sizeof(w) - strlen(w),
				    "%s%s", e->ae_svc & ((1 << i) - 1) ? "," :
				    "", acf2_svc[i]);
		snprintf(w + strlen(w), sizeof(w) - strlen(w), ")");
		n = acf2_entry_add(buf, sizeof(buf), n, w);
	}
	(void)acf2_entry_add(buf, sizeof(buf), n, e->ae_action);
	return xstrdup(buf);
}

/* An access (resource 0) or resource rule entry, checked, canonical. */
static int
acf2_quote_entry(int resource, const char *s, size_t len, char **out,
    const char **why)
{
	struct acf2_entry e;
	char buf[ACF2_ENTRY_MAX + 1];
	size_t i;

	if (esm_quote_unprintable(s, len, why))
		return -1;
	if (len > ACF2_ENTRY_MAX) {
		*why = "is longer than 255 characters";
		return -1;
	}
	for (i = 0; i < len; i++)
		buf[i] = s[i] >= 'a' && s[i] <= 'z' ? s[i] - ('a' - 'A') :
		    s[i];
	memset(&e, 0, sizeof(e));
	e.ae_resource = resource;
	if (acf2_entry_parse(&e, buf, len, why) == -1)
		return -1;
	*out = acf2_entry_text(&e);
	return 0;
}

int
acf2_quote_rule_entry(const char *s, size_t len, char **out, const char **why)
{
	return acf2_quote_entry(0, s, len, out, why);
}

int
acf2_quote_resource_entry(const char *s, size_t len, char **out,
    const char **why)
{
	return acf2_quote_entry(1, s, len, out, why);
}

int
acf2_quote_resource_name(const char *s, size_t len, char *out,
    const char **why)
{
	size_t i;

	*why = "is not TYPE/KEY: a type of 3 of A-Z, 0-9, #, $ and @, a /, "
	    "and a key of 1 to 44 of A-Z, 0-9, #, $, @ and dots between "
	    "qualifiers";
	if (len < ACF2_RTYPE_LEN + 2 || len > ACF2_RTYPE_LEN + 1 +
	    ACF2_RKEY_LEN || s[ACF2_RTYPE_LEN] != '/')
		return -1;
	for (i = 0; i < len; i++) {
		out[i] = s[i] >= 'a' && s[i] <= 'z' ? s[i] - ('a' - 'A') :
		    s[i];
		if (i == ACF2_RTYPE_LEN)
			continue;
		if (esm_quote_is_national(out[i]))
			continue;
		/* A dot only between two qualifiers of the key. */
		if (out[i] != '.' || i < ACF2_RTYPE_LEN + 2 ||
		    out[i - 1] == '.' || i + 1 == len)
			return -1;
	}
	out[len] = '\0';
	return 0;
}

size_t
acf2_rule_entry_slot(const char *canon)
{
	size_t n = strcspn(canon, " ");
	const char *p, *close;

	/* The mask: a first word that is neither KEYWORD(value) nor an
	   action (resource entries may have none). */
	if (memchr(canon, '(', n) != NULL ||
	    acf2_entry_action_word(canon, n) != NULL)
		n = 0;
	p = canon + n + (n > 0 && canon[n] == ' ');
	if (strncmp(p, "UID(", 4) == 0 && (close = strchr(p, ')')) != NULL)
		n = (size_t)(close + 1 - canon);
	return n;
}

/* q_grant_key: a rule entry's mask and UID. */
static int
acf2_grant_key(const struct map_attr *ma, const char *grant, char **out)
{
	(void)ma;
	*out = xstrndup(grant, acf2_rule_entry_slot(grant));
	return 0;
}

/*
 * q_grant: the grants of access rule sets (group) are access rule
 * entries, those of resource rule sets resource rule entries.
 */
static int
acf2_quote_grant(const struct map_attr *ma, const char *s, size_t len,
    char **out, const char **why)
{
	return acf2_quote_entry(ma->ma_class == MAP_RESOURCE, s, len, out,
	    why);
}

const struct esm_quoting acf2_quoting = {
	.q_esm = "ACF2",
	.q_id = esm_quote_id,
	.q_string = esm_quote_string,
	.q_password = acf2_quote_password,
	.q_grant = acf2_quote_grant,
	.q_grant_key = acf2_grant_key,
};
