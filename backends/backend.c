/*
 * backend.c - the registry of backend types and backend instances.
 *
 * The table below lists every ESM this gateway was built with; each
 * entry is the ESM's static struct backend_info (its dialect file).  An
 * instance (struct backend) is made for each "backend TYPE" section and
 * selected for an operation by the longest suffix holding the target
 * DN.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "link.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "gateway/dn.h"
#include "gateway/gw.h"

/* Each ESM's table (its dialect file). */
extern const struct backend_info racf_backend_info;
extern const struct backend_info acf2_backend_info;
extern const struct backend_info tss_backend_info;
/* The gateway's own changelog (backends/changelog/). */
extern const struct backend_info changelog_backend_info;

static const struct backend_info *const backend_infos[] = {
	&racf_backend_info,
	&acf2_backend_info,
	&tss_backend_info,
	&changelog_backend_info,
};
#define BACKEND_NINFOS	(sizeof(backend_infos) / sizeof(backend_infos[0]))

const struct backend_info *
backend_find_info(const char *type)
{
	size_t i;

	for (i = 0; i < BACKEND_NINFOS; i++)
		if (strcasecmp(backend_infos[i]->bi_type, type) == 0)
			return backend_infos[i];
	return NULL;
}

const char *
backend_types(void)
{
	static char types[128];
	size_t i, len = 0;

	if (types[0] != '\0')
		return types;
	for (i = 0; i < BACKEND_NINFOS && len < sizeof(types); i++) {
		snprintf(types + len, sizeof(types) - len, "%s%s",
		    i > 0 ? ", " : "", backend_infos[i]->bi_type);
		len = strlen(types);
	}
	return types;
}

/*
 * A new instance; bi_init gives it its defaults (be_private).  bi_init
 * is idempotent, so a caller that calls it again does no harm.
 */
struct backend *
backend_new(const struct backend_info *bi, struct gateway *gw,
    const char *file, int line)
{
	struct backend *be;

	be = xcalloc(1, sizeof(*be));
	be->be_info = bi;
	be->be_gw = gw;
	be->be_file = file != NULL ? xstrdup(file) : NULL;
	be->be_line = line;
	if (bi->bi_init != NULL && bi->bi_init(be) == -1) {
		free(be->be_file);
		free(be->be_suffix);
		free(be);
		return NULL;
	}
	return be;
}

/* bi_destroy (if be_private is still there), then the instance. */
void
backend_free(struct backend *be)
{
	if (be == NULL)
		return;
	if (be->be_private != NULL && be->be_info->bi_destroy != NULL)
		be->be_info->bi_destroy(be);
	free(be->be_suffix);
	free(be->be_nsuffix);
	free(be->be_file);
	free(be);
}

struct backend *
backend_select(struct backend_list *list, const char *ndn)
{
	struct backend *be, *best = NULL;
	size_t len, bestlen = 0;

	TAILQ_FOREACH(be, list, be_entry) {
		if (be->be_nsuffix == NULL || !dn_is_within(ndn,
		    be->be_nsuffix))
			continue;
		len = strlen(be->be_nsuffix);
		if (best == NULL || len > bestlen) {
			best = be;
			bestlen = len;
		}
	}
	return best;
}

int
backend_set_suffix(struct backend *be, const char *s, char *err,
    size_t errlen)
{
	char *ndn;
	const char *why;

	if (dn_normalize_str(s, strlen(s), be->be_gw->gw_schema, &ndn,
	    &why) == -1) {
		snprintf(err, errlen, "suffix %s is not a DN: %s", s, why);
		return -1;
	}
	if (*ndn == '\0') {
		free(ndn);
		snprintf(err, errlen, "the suffix may not be the root DSE");
		return -1;
	}
	free(be->be_nsuffix);
	be->be_nsuffix = ndn;
	if (s != be->be_suffix) {	/* re-normalising keeps it */
		free(be->be_suffix);
		be->be_suffix = xstrdup(s);
	}
	return 0;
}

int
backend_conf_keyfile(const struct conf_line *l, struct link_key *key,
    char **pathp, char *err, size_t errlen)
{
	char *path, why[256];

	if (conf_want_args(l, 1, 1, err, errlen) == -1)
		return -1;
	path = conf_relative_path(l->cl_file, l->cl_argv[1]);
	link_key_clear(key);
	if (link_key_load(path, key, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s %s: %s", l->cl_argv[0], path, why);
		free(path);
		return -1;
	}
	free(*pathp);
	*pathp = path;
	return 0;
}
