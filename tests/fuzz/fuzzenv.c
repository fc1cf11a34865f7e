/*
 * fuzzenv.c - what every fuzz harness shares (fuzzenv.h).
 */
#include "config.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzenv.h"
#include "xmalloc.h"

#ifndef FUZZ_TOP_SRCDIR
#define FUZZ_TOP_SRCDIR	"."
#endif

static char fuzz_tmp[512];

const char *
fuzz_srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL && *s != '\0' ? s : FUZZ_TOP_SRCDIR;
}

static int
fuzz_unlink_cb(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	return remove(path);
}

static void
fuzz_tmpdir_remove(void)
{
	if (fuzz_tmp[0] != '\0')
		(void)nftw(fuzz_tmp, fuzz_unlink_cb, 16, FTW_DEPTH | FTW_PHYS);
	fuzz_tmp[0] = '\0';
}

const char *
fuzz_tmpdir(const char *name)
{
	const char *tmp = getenv("TMPDIR");

	if (fuzz_tmp[0] != '\0')
		return fuzz_tmp;
	snprintf(fuzz_tmp, sizeof(fuzz_tmp), "%s/esmfuzz-%s.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", name);
	if (mkdtemp(fuzz_tmp) == NULL)
		fuzz_fail("cannot create %s", fuzz_tmp);
	atexit(fuzz_tmpdir_remove);
	return fuzz_tmp;
}

struct berval *
fuzz_lines(const uint8_t *data, size_t size, size_t *n)
{
	struct berval *lines;
	const char *p = (const char *)data, *end = p + size, *nl;
	size_t i, count = 1;

	*n = 0;
	if (size == 0)
		return NULL;
	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			count++;
	lines = xreallocarray(NULL, count, sizeof(*lines));
	while (*n < count) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		lines[*n].bv_val = (char *)p;
		lines[*n].bv_len = nl - p;
		(*n)++;
		p = nl < end ? nl + 1 : end;
	}
	return lines;
}

char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "property failed: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}
