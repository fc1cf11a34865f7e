/*
 * map.h - schema maps: how the LDAP attributes of an ESM's users and
 * groups map to the ESM's native fields and command operands.
 *
 * A map is data an administrator edits (schema/<esm>.map; the format is
 * documented at the top of schema/racf.map).  It is loaded and checked
 * against the LDAP schema, then shared read-only by every operation of
 * the backend that loaded it.  Maps are reloaded at run time: the new map
 * is built aside and swapped in, and operations in flight keep a
 * reference (map_ref/map_unref) to the one they started with.  The
 * gateway runs one event loop, so the count is a plain integer.
 *
 * map.c knows nothing about any ESM.  An ESM's LIST parser turns output
 * into native field/value pairs per record (struct map_rec); map.c turns
 * those into LDAP attributes.  On the way in, map.c expands a line's
 * set/clear templates with values the ESM's quoting module already made
 * safe, and merges operand fragments into one command (struct map_ops).
 */
#ifndef ESM_MAP_H
#define ESM_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <lber.h>

struct schema;
struct schema_at;
struct entry;

enum map_class {
	MAP_USER = 0,
	MAP_GROUP,
	MAP_RESOURCE,	/* optional: entries named by a resource and its
			   kind (ACF2's resource rule sets) */
	MAP_CLASS__MAX
};

/* A native field's kind; it decides the quoting and the conversions. */
enum map_syntax {
	MAP_SX_TEXT,	/* free text, quoted: text(min,max) */
	MAP_SX_ID,	/* an ESM identifier, a bare word: id */
	MAP_SX_NUMBER,	/* decimal: number(min,max) */
	MAP_SX_FLAG,	/* TRUE/FALSE: flag */
	MAP_SX_FLAGS,	/* a set of keywords: flags(A,B,...) */
	MAP_SX_DATE,	/* a date: date(readformat,writeformat) */
	MAP_SX_DN,	/* one id shown as a DN: dn(user|group,...) */
	MAP_SX_DNLIST,	/* ids shown as DNs: dnlist(user|group) */
	MAP_SX_SECRET,	/* a password, never read: secret(min,max) */
	MAP_SX_GRANT	/* a grant (an access rule, a permission) in the
			   form the ESM's quoting checks: grant */
};

/* Date formats map.c converts from and to (RFC 4517 Generalized Time). */
enum map_datefmt {
	MAP_DATE_YYDDD,		/* yy.ddd, also yy.ddd/hh:mm:ss */
	MAP_DATE_MMDDYY,	/* mm/dd/yy, also mm/dd/yy-hh:mm */
	MAP_DATE_YYYYMMDD	/* yyyy-mm-dd */
};

/* Which command a set/clear template goes into (via=). */
enum map_via {
	MAP_VIA_MAIN,		/* the create and the alter command */
	MAP_VIA_ALTER,		/* only the alter command (after a create) */
	MAP_VIA_COMMAND,	/* the template is a whole command */
	MAP_VIA_CREATE		/* only the create command: fixed for the
				   entry's life (a TSS ACID's TYPE) */
};

/* ma_flags */
#define MAP_F_RDN	0x01	/* names the entry; cannot be changed */
#define MAP_F_READONLY	0x02	/* never written */
#define MAP_F_WRITEONLY	0x04	/* never read back (secrets) */
#define MAP_F_DERIVED	0x08	/* computed from another field: accepted
				   in an add and ignored, refused in a
				   modify */
#define MAP_F_UPPER	0x10	/* values are folded to upper case */
#define MAP_F_MULTI	0x20	/* the native field holds several values of
				   a text, id or number syntax, each set and
				   cleared by a command of its own */
#define MAP_F_REQUIRED	0x40	/* an add must give it (the ESM's create
				   command needs it) */

/* ma_word: part of a text field read (names: "GIVEN ... FAMILY"). */
#define MAP_WORD_ALL	0
#define MAP_WORD_FIRST	1	/* every word but the last */
#define MAP_WORD_LAST	2	/* the last word */

/* One line of a map: one LDAP attribute of one class. */
struct map_attr {
	enum map_class		 ma_class;
	char			*ma_name;	/* owned: the LDAP name */
	const struct schema_at	*ma_at;		/* borrowed from the schema
						   the map was loaded with */
	enum map_syntax		 ma_syntax;
	long			 ma_min;	/* length or value bounds */
	long			 ma_max;
	char			*ma_chars;	/* owned: allowed characters
						   of a text, NULL: any */
	char			**ma_words;	/* owned: flags() keywords */
	size_t			 ma_nwords;
	unsigned int		 ma_dnclasses;	/* dn: 1 << MAP_USER, ... */
	enum map_datefmt	 ma_rdate;	/* date: as LIST shows it */
	enum map_datefmt	 ma_wdate;	/* date: as commands take it */
	unsigned int		 ma_flags;	/* MAP_F_* */
	enum map_via		 ma_via;
	enum map_via		 ma_clearvia;	/* where clear= goes: ma_via
						   unless clearvia= says */
	char			*ma_read;	/* owned: LIST field */
	char			*ma_true;	/* owned: flag: the value of
						   ma_read that means TRUE */
	int			 ma_word;	/* MAP_WORD_* */
	char			*ma_strip;	/* owned: characters dropped
						   from read values */
	char			*ma_set;	/* owned: template, or NULL */
	char			*ma_clear;	/* owned: template, or NULL */
	int			 ma_line;	/* where it was defined */
	size_t			 ma_field;	/* ma_read's index in m_fields */
};

/* A class line: how entries of the class are named and typed. */
struct map_classdef {
	int			 mc_defined;
	char			*mc_rdn;	/* owned: "uid" */
	const struct schema_at	*mc_rdn_at;	/* borrowed */
	char			*mc_base;	/* owned: "ou=People", the
						   container below the suffix */
	char			**mc_ocs;	/* owned: objectClass values */
	size_t			 mc_nocs;
};

struct map {
	int			 m_refs;
	char			*m_path;	/* owned: for messages */
	struct map_classdef	 m_class[MAP_CLASS__MAX];
	struct map_attr		*m_attrs;	/* owned, in file order */
	size_t			 m_nattrs;
	/*
	 * The distinct LIST fields the lines read (names borrowed from
	 * their ma_read) and a hash table of them, m_fmask + 1 slots of
	 * index + 1 (0: empty), so a record's fields find their lines
	 * without comparing every pair.
	 */
	const char		**m_fields;	/* owned array */
	uint32_t		*m_fhash;	/* owned */
	size_t			 m_nfields;
	uint32_t		*m_ftab;	/* owned */
	size_t			 m_fmask;
};

/*
 * Load a map file (or text, for tests) and check it against the LDAP
 * schema.  Returns a map holding one reference, or NULL with
 * "file:line: reason" in err.  The schema must outlive the map.
 */
struct map	*map_load(const char *path, const struct schema *,
		    char *err, size_t errlen);
struct map	*map_load_text(const char *name, const char *text,
		    size_t len, const struct schema *, char *err,
		    size_t errlen);
/* Take one more reference; returns m.  map_unref(NULL) is a no-op. */
struct map	*map_ref(struct map *m);
void		 map_unref(struct map *m);

/* "user" / "group" and back; -1 when unknown. */
const char	*map_class_name(enum map_class);
int		 map_class_parse(const char *);

/* The line for an attribute description (any name or OID of its type). */
const struct map_attr *map_find(const struct map *, enum map_class,
		    const char *desc, size_t len);
const struct map_attr *map_find_at(const struct map *, enum map_class,
		    const struct schema_at *);
/* The attribute that names entries of the class. */
const struct map_attr *map_rdn(const struct map *, enum map_class);
/* Does any line of the class read a field "SEG.x" of segment seg? */
int		 map_reads_segment(const struct map *, enum map_class,
		    const char *seg);
/*
 * Is the attribute multi-valued on the native side?  dnlist, grant and
 * multi lines are; flags() is when its LDAP type is multi-valued (on a
 * single-valued type it is one keyword of the list).
 */
int		 map_attr_is_multi(const struct map_attr *);

/*
 * One native record (a user or a group) as field/value pairs.  Values
 * are kept in one buffer reused from record to record, so a parser
 * streaming 100,000 records needs the memory of one.
 */
struct map_field {
	size_t		 mf_name;	/* offsets into mr_buf */
	size_t		 mf_val;
	size_t		 mf_vlen;
	uint32_t	 mf_hash;	/* of the name: compared first */
};

struct map_rec {
	char		*mr_buf;	/* owned */
	size_t		 mr_len;
	size_t		 mr_cap;
	struct map_field *mr_f;		/* owned */
	size_t		 mr_n;
	size_t		 mr_fcap;
};

/*
 * One line of LIST output as a C string in out (outsz bytes), without
 * its line end, and its length in *len: 0, or -1 with err when it holds
 * a NUL, is not UTF-8 or is longer than outsz - 1.  Every ESM's parser
 * reads so.
 */
int		 map_list_line(const struct berval *line, char *out,
		    size_t outsz, size_t *len, char *err, size_t errlen);

void		 map_rec_add(struct map_rec *, const char *field,
		    const char *val, size_t vlen);
/* The value of the first pair of the field, or NULL. */
const char	*map_rec_get(const struct map_rec *, const char *field);
void		 map_rec_reset(struct map_rec *);	/* keeps memory */
void		 map_rec_free(struct map_rec *);

/*
 * For dn(user,group): which class names id (MAP_USER, MAP_GROUP), or -1
 * when unknown.  The ESM parser supplies it.
 */
typedef int	(*map_class_fn)(void *arg, const char *id);

/*
 * The entry for one record of the class: DN from the rdn line's field,
 * the class's objectClass values, then each line with a read field, in
 * map order.  NULL when the record has no rdn value.  Values that do
 * not convert (a date "NONE", a number "N/A") leave the attribute out.
 */
struct entry	*map_rec_entry(const struct map *, const struct schema *,
		    enum map_class, const struct map_rec *, const char *suffix,
		    map_class_fn, void *arg);

/*
 * A listing being parsed: the record being read and where its entries
 * go.  Each ESM's LIST parser keeps one: it starts a record when its
 * output says so, adds the record's pairs to ml_rec, counts the
 * messages it meets, and flushes; a flush turns the record into an
 * entry (map_rec_entry) and hands it to the callback, which takes it.
 */
typedef void	(*map_entry_cb)(void *arg, struct entry *e);

struct map_listing {
	enum map_class		 ml_cls;
	const struct map	*ml_map;	/* borrowed */
	const struct schema	*ml_schema;	/* borrowed */
	char			*ml_suffix;	/* owned */
	map_entry_cb		 ml_cb;
	void			*ml_arg;
	struct map_rec		 ml_rec;	/* owned: the record */
	int			 ml_open;	/* a record is being read */
	size_t			 ml_nrecords;
	size_t			 ml_nmessages;
};

/* The map and the schema are borrowed; suffix is copied. */
void		 map_listing_init(struct map_listing *, enum map_class,
		    const struct map *, const struct schema *,
		    const char *suffix, map_entry_cb, void *arg);
/* The open record to the callback (fn resolves dn(user,group) ids). */
void		 map_listing_flush(struct map_listing *, map_class_fn fn,
		    void *fnarg);
/* Flush, then open a new record. */
void		 map_listing_start(struct map_listing *, map_class_fn fn,
		    void *fnarg);
void		 map_listing_clear(struct map_listing *);

/* "uid=ID,ou=People,<suffix>" for an id of the class (malloc'ed). */
char		*map_dn(const struct map *, enum map_class, const char *id,
		    const char *suffix);
/*
 * The id a DN names when it is "<rdn>=ID,<base>,<suffix>" of one of the
 * classes (bits 1 << MAP_USER ...).  The id is the RDN value as written
 * (unescaped), not yet checked by the ESM's rules.  Returns 0, or an
 * LDAP result code with *why: invalidAttributeSyntax for a value that is
 * not a DN, constraintViolation for a DN of some other entry.
 */
int		 map_dn_id(const struct map *, const struct schema *,
		    unsigned int classes, const char *suffix,
		    const struct berval *dn, char **id, enum map_class *cls,
		    const char **why);

/*
 * Dates.  map_date_read: a native date in fmt to Generalized Time
 * "YYYYMMDD000000Z" (or with the time when the native one has it);
 * -1 when it is no date (NONE, 00.000).  map_date_write: a Generalized
 * Time assertion (RFC 4517 3.3.13) to fmt; -1 when malformed or outside
 * the years fmt can hold.
 */
int		 map_date_read(enum map_datefmt fmt, const char *s,
		    size_t len, char *out, size_t outlen);
int		 map_date_write(enum map_datefmt fmt, const char *gt,
		    size_t len, char *out, size_t outlen);

/*
 * Expand a template: %v becomes qval (already quoted by the ESM's rules;
 * may be NULL when the template has no %v), %u the native id, %1 to %9
 * the parts of an id of several parts ("/"-separated: an ACF2 resource
 * rule set is TYPE/KEY), %% a %.
 * Returns a malloc'ed string.  The planner resolves the two other
 * placeholders a map may use before it expands: %k (a grant's key) and
 * %{ATTR} (the entry's value of another attribute, map_template_ref).
 */
char		*map_expand(const char *tmpl, const char *id,
		    const char *qval);

/*
 * The operands of one command built from templates, as a tree: a
 * template "TSO(PROC(%v))" and a template "TSO(SIZE(%v))" merge into
 * "TSO(PROC(X) SIZE(4))".  A keyword with a value (PROC(%v)) or without
 * parentheses (NOPROC, SPECIAL) is a leaf; the same leaf twice in one
 * command is a conflict.  The template is parsed, not its expansion, so
 * a value can never be taken for a keyword or a parenthesis.
 */
struct map_op;
struct map_ops {
	struct map_op	*mo_head;	/* owned */
	int		 mo_secret;	/* some operand holds a secret */
};

/*
 * Add template tmpl with %u = id and %v = qval (an ESM-quoted token,
 * may be NULL when tmpl has no %v); secret marks qval as one.  Returns
 * 0, or -1 with *why (static) when a leaf is already present or the
 * template is malformed.
 */
int		 map_ops_add(struct map_ops *, const char *tmpl,
		    const char *id, const char *qval, int secret,
		    const char **why);
/* Check a template's shape (balanced, known placeholders); -1 + why. */
int		 map_template_check(const char *tmpl, const char **why);
/*
 * The next %{ATTR} of a template at or after *pos: its name (without
 * the braces, nlen bytes) and where it starts; *pos moves past it.
 * Returns 0, or -1 when there is none.
 */
int		 map_template_ref(const char *tmpl, size_t *pos,
		    const char **name, size_t *nlen, size_t *start);
int		 map_ops_empty(const struct map_ops *);
/* "prefix OP OP ..." (malloc'ed); with mask, operands holding a secret
   show "********" instead, for logs and reports. */
char		*map_ops_format(const struct map_ops *, const char *prefix,
		    int mask);
/* Frees the tree, zeroing operands that held secrets. */
void		 map_ops_clear(struct map_ops *);

#endif
