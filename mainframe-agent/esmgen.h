/*
 * esmgen.h - what esmgen's writers share: the options, one random
 * sequence, and the people and departments every ESM's sample data is
 * made of.  Each writer prints one ESM's commands, one per line.
 */
#ifndef ESM_ESMGEN_H
#define ESM_ESMGEN_H

#include <stddef.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct esmgen_opts {
	unsigned int	 eo_users;
	unsigned int	 eo_groups;	/* departments (groups) */
	const char	*eo_password;	/* NULL: a random one each */
};

/* One sample person: the picks come first, in this order, per user. */
struct esmgen_person {
	const char	*ep_first;
	const char	*ep_last;
	unsigned int	 ep_dept;	/* index of the default group */
	char		 ep_id[9];	/* userid, logonid or ACID */
};

unsigned int	esmgen_pick(unsigned int n);
void	esmgen_person(unsigned int i, unsigned int ngroups,
	    struct esmgen_person *p);
void	esmgen_name(const struct esmgen_person *p, size_t max, char *out,
	    size_t len);
void	esmgen_group_name(unsigned int i, char *out, size_t len);
int	esmgen_is_department(unsigned int i);
void	esmgen_more_groups(const struct esmgen_person *p,
	    unsigned int ngroups, void (*fn)(unsigned int, void *),
	    void *arg);
void	esmgen_put_quoted(const char *s);
void	esmgen_password(const struct esmgen_opts *o, char *out);

/* A rare kind of user: a draw per mille below er_below gets er_what. */
struct esmgen_rare {
	unsigned int	 er_below;
	const char	*er_what;
};

const char	*esmgen_rare(const struct esmgen_rare *t, size_t n);

/*
 * One ESM's writer.  main() calls ew_begin once (groups, an
 * organisation; it returns the writer's state or NULL), ew_user for
 * each user in turn, then ew_end (what names the users, such as rule
 * sets; it frees the state).  A NULL hook is skipped.
 */
struct esmgen_writer {
	const char	*ew_esm;
	void		*(*ew_begin)(const struct esmgen_opts *);
	void		 (*ew_user)(unsigned int i, const struct esmgen_opts *,
			    void *state);
	void		 (*ew_end)(const struct esmgen_opts *, void *state);
};

extern const struct esmgen_writer esmgen_racf_writer;
extern const struct esmgen_writer esmgen_acf2_writer;
extern const struct esmgen_writer esmgen_tss_writer;

#endif
