/*
 * log.h - one log for every esmgate program.
 *
 * Lines go to stderr (daemons run in the foreground under systemd or a
 * started-task wrapper) and optionally to a file.  error/warn/info are
 * always written; debug lines only for the categories switched on with
 * -d or at run time by the operator.  Passwords and keys are never
 * passed to these functions.
 */
#ifndef ESM_LOG_H
#define ESM_LOG_H

#include <stdarg.h>

/* Debug categories, selectable by name ("conn,link") or number. */
#define LOG_CAT_CONN	0x0001u
#define LOG_CAT_OP	0x0002u
#define LOG_CAT_LINK	0x0004u
#define LOG_CAT_BACKEND	0x0008u
#define LOG_CAT_CACHE	0x0010u
#define LOG_CAT_SIM	0x0020u
#define LOG_CAT_AGENT	0x0040u
#define LOG_CAT_CONFIG	0x0080u
#define LOG_CAT_ALL	0xffffu

void	log_init(const char *progname);
int	log_open_file(const char *path);
void	log_close(void);
void	log_set_quiet(int quiet);
void	log_set_debug(unsigned int cats);
unsigned int log_get_debug(void);
int	log_parse_debug(const char *spec, unsigned int *cats);
const char *log_debug_names(unsigned int cats, char *buf, unsigned long len);
int	log_debug_enabled(unsigned int cat);

void	log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(unsigned int cat, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_vwrite(const char *level, const char *fmt, va_list ap, int with_errno);

/* Startup failures and broken invariants only. */
void	fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
