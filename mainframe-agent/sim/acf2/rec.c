/*
 * rec.c - the compact record form of logonid records, rule sets and
 * GSO records.
 *
 * The form is every simulator's (sim/common/recbuf.h).  Each array of
 * fields is preceded by its count, so a record written with fewer
 * fields (an older layout) still reads, the missing ones unset.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/recbuf.h"

#include "store.h"

#define REC_VERSION	1

void *
arec_lid_encode(const struct lidrec *lr, size_t *len)
{
	struct recw w = { NULL, 0, 0 };
	size_t i;

	recw_uint(&w, REC_VERSION, 1);
	recw_str(&w, lr->lr_name);
	recw_uint(&w, lr->lr_flags, 8);
	recw_uint(&w, FN__MAX, 1);
	for (i = 0; i < FN__MAX; i++)
		recw_uint(&w, lr->lr_num[i], 4);
	recw_uint(&w, FT__MAX, 1);
	for (i = 0; i < FT__MAX; i++)
		recw_uint(&w, (uint64_t)lr->lr_time[i], 8);
	recw_uint(&w, FS_STR__MAX, 1);
	for (i = 0; i < FS_STR__MAX; i++)
		recw_str(&w, lr->lr_str[i]);
	recw_uint(&w, lr->lr_pw.ph_iter, 4);
	if (lr->lr_pw.ph_iter != 0) {
		recw_bytes(&w, lr->lr_pw.ph_salt, sizeof(lr->lr_pw.ph_salt));
		recw_bytes(&w, lr->lr_pw.ph_hash, sizeof(lr->lr_pw.ph_hash));
	}
	*len = w.w_len;
	return w.w_b;
}

/* lr->lr_lid is the key and is set by the caller. */
int
arec_lid_decode(const void *p, size_t len, struct lidrec *lr)
{
	struct recr r = { p, (const uint8_t *)p + len, 0 };
	size_t i, n;

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	recr_str(&r, lr->lr_name, sizeof(lr->lr_name));
	lr->lr_flags = recr_uint(&r, 8);
	if ((n = recr_uint(&r, 1)) > FN__MAX)
		return -1;
	for (i = 0; i < n; i++)
		lr->lr_num[i] = (uint32_t)recr_uint(&r, 4);
	if ((n = recr_uint(&r, 1)) > FT__MAX)
		return -1;
	for (i = 0; i < n; i++)
		lr->lr_time[i] = (int64_t)recr_uint(&r, 8);
	if ((n = recr_uint(&r, 1)) > FS_STR__MAX)
		return -1;
	for (i = 0; i < n; i++)
		recr_str(&r, lr->lr_str[i], sizeof(lr->lr_str[i]));
	lr->lr_pw.ph_iter = (uint32_t)recr_uint(&r, 4);
	if (lr->lr_pw.ph_iter != 0) {
		recr_bytes(&r, lr->lr_pw.ph_salt, sizeof(lr->lr_pw.ph_salt));
		recr_bytes(&r, lr->lr_pw.ph_hash, sizeof(lr->lr_pw.ph_hash));
	}
	return r.r_bad ? -1 : 0;
}

void
aruleset_free(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->rs_n; i++)
		free(rs->rs_entry[i]);
	rs->rs_n = 0;
}

void *
arec_rule_encode(const struct ruleset *rs, size_t *len)
{
	struct recw w = { NULL, 0, 0 };
	size_t i;

	recw_uint(&w, REC_VERSION, 1);
	recw_str(&w, rs->rs_by);
	recw_uint(&w, (uint64_t)rs->rs_when, 8);
	recw_uint(&w, rs->rs_n, 2);
	for (i = 0; i < rs->rs_n; i++)
		recw_str(&w, rs->rs_entry[i]);
	*len = w.w_len;
	return w.w_b;
}

/* rs_type and rs_key come from the key and are set by the caller. */
int
arec_rule_decode(const void *p, size_t len, struct ruleset *rs)
{
	struct recr r = { p, (const uint8_t *)p + len, 0 };
	char buf[RULE_TEXT_MAX * 2 + 1];
	size_t i, n;

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	recr_str(&r, rs->rs_by, sizeof(rs->rs_by));
	rs->rs_when = (int64_t)recr_uint(&r, 8);
	if ((n = recr_uint(&r, 2)) > RULE_ENTRY_MAX)
		return -1;
	for (i = 0; i < n && !r.r_bad; i++) {
		recr_str(&r, buf, sizeof(buf));
		rs->rs_entry[rs->rs_n++] = xstrdup(buf);
	}
	if (r.r_bad) {
		aruleset_free(rs);
		return -1;
	}
	return 0;
}

void *
arec_gso_encode(const struct agso_pswd *g, size_t *len)
{
	struct recw w = { NULL, 0, 0 };

	recw_uint(&w, REC_VERSION, 1);
	recw_uint(&w, g->gp_maxtry, 2);
	recw_uint(&w, g->gp_minpswd, 2);
	*len = w.w_len;
	return w.w_b;
}

int
arec_gso_decode(const void *p, size_t len, struct agso_pswd *g)
{
	struct recr r = { p, (const uint8_t *)p + len, 0 };

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	g->gp_maxtry = (uint16_t)recr_uint(&r, 2);
	g->gp_minpswd = (uint16_t)recr_uint(&r, 2);
	return r.r_bad ? -1 : 0;
}
