/*
 * changelog_event.c - an agent's event and the entry fetched for it,
 * made into a changelog record (changelog_event.h).
 *
 * The event is minimal (who, what kind of change, which native fields);
 * the record says what the entry looks like after it, as LDIF in the
 * draft's "changes": an add carries the entry's attributes, a modify
 * what differs from the entry's state at its last record.  Native field
 * names do not map one to one onto attributes (NAME feeds cn, sn and
 * givenName; a new password changes the password date), so the store
 * compares whole states (cr_state); only for an entry it has no state
 * of yet does a modify replace every attribute with its values as
 * fetched.  The record keeps the native names besides
 * (esmChangedFields).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <openssl/evp.h>

#include "link_event.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "gateway/changelog_event.h"
#include "gateway/entry.h"
#include "gateway/schema.h"

/* ---- LDIF ------------------------------------------------------------ */

/* RFC 2849 SAFE-STRING: else the value goes base64 ("attr:: ..."). */
static int
changelog_ldif_is_safe(const struct berval *v)
{
	const unsigned char *p = (const unsigned char *)v->bv_val;
	size_t i;

	if (v->bv_len == 0)
		return 1;
	if (p[0] == ' ' || p[0] == ':' || p[0] == '<' ||
	    p[v->bv_len - 1] == ' ')
		return 0;
	for (i = 0; i < v->bv_len; i++)
		if (p[i] == '\0' || p[i] == '\n' || p[i] == '\r' || p[i] > 0x7f)
			return 0;
	return 1;
}

static void
changelog_ldif_value(struct evbuffer *out, const char *name,
    const struct berval *v)
{
	unsigned char *b64;

	if (v->bv_len == 0) {
		evbuffer_add_printf(out, "%s:\n", name);
		return;
	}
	if (changelog_ldif_is_safe(v)) {
		evbuffer_add_printf(out, "%s: ", name);
		evbuffer_add(out, v->bv_val, v->bv_len);
		evbuffer_add(out, "\n", 1);
		return;
	}
	b64 = xmalloc(4 * ((v->bv_len + 2) / 3) + 1);
	EVP_EncodeBlock(b64, (const unsigned char *)v->bv_val,
	    (int)v->bv_len);
	evbuffer_add_printf(out, "%s:: %s\n", name, b64);
	free(b64);
}

static int
changelog_ldif_is(const struct attr *a, const char *name)
{
	return strcasecmp(a->a_name, name) == 0 ||
	    (a->a_at != NULL && schema_at_is_named(a->a_at, name));
}

static int
changelog_ldif_skips(const struct attr *a, enum changelog_type type,
    const char *skip)
{
	if (a->a_nvals == 0 ||
	    (a->a_at != NULL && schema_at_is_operational(a->a_at)))
		return 1;
	if (type != CHANGELOG_MODIFY)
		return 0;
	return changelog_ldif_is(a, "objectClass") ||
	    (skip != NULL && changelog_ldif_is(a, skip));
}

char *
changelog_event_ldif(const struct entry *e, enum changelog_type type,
    const char *skip)
{
	struct evbuffer *out;
	const struct attr *a;
	size_t i, j, len;
	char *s;

	if ((out = evbuffer_new()) == NULL)
		return NULL;
	for (i = 0; i < e->e_nattrs; i++) {
		a = &e->e_attrs[i];
		if (changelog_ldif_skips(a, type, skip))
			continue;
		if (type == CHANGELOG_MODIFY)
			evbuffer_add_printf(out, "replace: %s\n", a->a_name);
		for (j = 0; j < a->a_nvals; j++)
			changelog_ldif_value(out, a->a_name, &a->a_vals[j]);
		if (type == CHANGELOG_MODIFY)
			evbuffer_add(out, "-\n", 2);
	}
	len = evbuffer_get_length(out);
	s = xmalloc(len + 1);
	evbuffer_remove(out, s, len);
	s[len] = '\0';
	evbuffer_free(out);
	return s;
}

/* ---- the record ------------------------------------------------------ */

static enum changelog_type
changelog_event_type(enum link_event_type t)
{
	switch (t) {
	case LINK_EV_CREATE:
	case LINK_EV_GROUP_CREATE:
		return CHANGELOG_ADD;
	case LINK_EV_DELETE:
	case LINK_EV_GROUP_DELETE:
		return CHANGELOG_DELETE;
	default:
		return CHANGELOG_MODIFY;
	}
}

/*
 * The entry's state after the change, an add's LDIF (malloc'ed), or
 * NULL when there is none to keep: a delete, no entry, or one so large
 * that the changes from it might pass CHANGELOG_CHANGES_MAX.
 */
static char *
changelog_event_state(const struct entry *e, enum changelog_type type)
{
	char *ldif;

	if (e == NULL || type == CHANGELOG_DELETE)
		return NULL;
	if ((ldif = changelog_event_ldif(e, CHANGELOG_ADD, NULL)) != NULL &&
	    strlen(ldif) > CHANGELOG_CHANGES_MAX / 2) {
		free(ldif);
		ldif = NULL;
	}
	return ldif;
}

/* The changes of the record (malloc'ed, "" for none). */
static char *
changelog_event_changes(const struct link_event *ev, const struct entry *e,
    enum changelog_type type, const char *target)
{
	char rdn[64], *ldif;
	size_t n = strcspn(target, "=");

	if (e == NULL || type == CHANGELOG_DELETE)
		return xstrdup("");
	snprintf(rdn, sizeof(rdn), "%.*s", (int)(n < sizeof(rdn) ? n :
	    sizeof(rdn) - 1), target);
	if ((ldif = changelog_event_ldif(e, type, rdn)) == NULL)
		return xstrdup("");
	if (strlen(ldif) > CHANGELOG_CHANGES_MAX) {
		/* The event must not be lost for the size of its entry. */
		log_warnx("changelog: event %llu of agent %s: the changes of "
		    "%s take %zu bytes, more than %d: recorded without them",
		    (unsigned long long)ev->le_seq, ev->le_agent, target,
		    strlen(ldif), CHANGELOG_CHANGES_MAX);
		free(ldif);
		return xstrdup("");
	}
	return ldif;
}

static void
changelog_event_fields(const struct link_event *ev, char *out, size_t len)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < ev->le_nfields && o < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i > 0 ? " " :
		    "", ev->le_fields[i]);
}

/* Is the event one the record can be built from?  -1 with a reason. */
static int
changelog_event_usable(const struct link_event *ev,
    const struct berval *password, const struct backend *be, char *err,
    size_t errlen)
{
	char why[256];

	if (link_event_check(ev, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "event %llu of agent %.64s: %s",
		    (unsigned long long)ev->le_seq, ev->le_agent, why);
		return -1;
	}
	if (password != NULL && password->bv_val != NULL &&
	    !link_event_is_password(ev->le_type)) {
		snprintf(err, errlen, "event %llu of agent %s: a password "
		    "came with a %s event", (unsigned long long)ev->le_seq,
		    ev->le_agent, link_event_type_name(ev->le_type));
		return -1;
	}
	if (be->be_info->bi_event_dn == NULL) {
		snprintf(err, errlen, "event %llu of agent %s: the %s backend "
		    "(%s) names no entries for events",
		    (unsigned long long)ev->le_seq, ev->le_agent,
		    be->be_info->bi_type, be->be_suffix);
		return -1;
	}
	return 0;
}

static void
changelog_event_log(const struct changelog_rec *rec,
    enum changelog_added added)
{
	if (added != CHANGELOG_NEW)
		return;
	log_info("changelog: change %llu: %s %s (%s %s by %s, %s, event %llu "
	    "of agent %s)%s", (unsigned long long)rec->cr_number,
	    changelog_type_name(rec->cr_type), rec->cr_target,
	    link_event_esm_name(rec->cr_esm),
	    link_event_type_name(rec->cr_event),
	    rec->cr_issuer[0] != '\0' ? rec->cr_issuer : "?",
	    rec->cr_by_gateway ? "through the gateway" : "native",
	    (unsigned long long)rec->cr_seq, rec->cr_agent,
	    rec->cr_password.bv_val != NULL ? ", new password sealed" : "");
}

int
changelog_event_record(const struct link_event *ev,
    const struct berval *password, const struct entry *e,
    struct backend *be, struct changelog_event_rec *er, char *err,
    size_t errlen)
{
	struct changelog_rec *rec = &er->er_rec;
	char why[256];

	memset(er, 0, sizeof(*er));
	if (changelog_event_usable(ev, password, be, err, errlen) == -1)
		return -1;
	if ((er->er_target = be->be_info->bi_event_dn(be, link_event_is_group(
	    ev->le_type) ? BE_TARGET_GROUP : BE_TARGET_USER, ev->le_userid,
	    why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "event %llu of agent %s: %s",
		    (unsigned long long)ev->le_seq, ev->le_agent, why);
		return -1;
	}
	rec->cr_type = changelog_event_type(ev->le_type);
	rec->cr_time = ev->le_time;
	rec->cr_target = er->er_target;
	er->er_changes = changelog_event_changes(ev, e, rec->cr_type,
	    er->er_target);
	rec->cr_changes = er->er_changes;
	er->er_state = changelog_event_state(e, rec->cr_type);
	rec->cr_state = er->er_state;
	rec->cr_by_gateway = ev->le_via == LINK_EVENT_GATEWAY;
	rec->cr_esm = ev->le_esm;
	rec->cr_agent = ev->le_agent;
	rec->cr_seq = ev->le_seq;
	rec->cr_event = ev->le_type;
	rec->cr_issuer = ev->le_origin;
	changelog_event_fields(ev, er->er_fields, sizeof(er->er_fields));
	rec->cr_fields = er->er_fields;
	if (password != NULL && password->bv_val != NULL)
		rec->cr_password = *password;
	rec->cr_entry = e;
	return 0;
}

void
changelog_event_record_clear(struct changelog_event_rec *er)
{
	free(er->er_target);
	free(er->er_changes);
	free(er->er_state);
	free(er->er_rec.cr_diff);
	memset(er, 0, sizeof(*er));
}

int
changelog_event_append_batch(struct changelog *cl,
    struct changelog_event_rec *const *ers, size_t n,
    enum changelog_added *added, char *err, size_t errlen)
{
	struct changelog_rec **recs;
	size_t i;
	int rc;

	recs = xreallocarray(NULL, n != 0 ? n : 1, sizeof(*recs));
	for (i = 0; i < n; i++)
		recs[i] = &ers[i]->er_rec;
	if ((rc = changelog_append_batch(cl, recs, n, added, err,
	    errlen)) == 0)
		for (i = 0; i < n; i++)
			changelog_event_log(recs[i], added[i]);
	free(recs);
	return rc;
}

int
changelog_event_append(struct changelog *cl, const struct link_event *ev,
    const struct berval *password, const struct entry *e,
    struct backend *be, uint64_t *number, enum changelog_added *added,
    char *err, size_t errlen)
{
	struct changelog_event_rec er, *erp = &er;
	int rc;

	*number = 0;
	if (changelog_event_record(ev, password, e, be, &er, err,
	    errlen) == -1) {
		changelog_event_record_clear(&er);
		return -1;
	}
	if ((rc = changelog_event_append_batch(cl, &erp, 1, added, err,
	    errlen)) == 0)
		*number = er.er_rec.cr_number;
	changelog_event_record_clear(&er);
	return rc;
}
