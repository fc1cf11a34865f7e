/*
 * replay.c - a main for the fuzz harnesses without libFuzzer: every
 * harness is also built with the normal compiler and this file, so that
 * "make check" (and valgrind) run it over its seed corpus and over the
 * crashes the fuzzer once found, which stay as regression cases.
 *
 *	fuzz_NAME [FILE | DIRECTORY]...
 *
 * Each file, and each file of each directory (in name order, so runs
 * repeat), is read into a buffer of exactly its size -- a read past the
 * end is then a read past the allocation, which valgrind and ASan see --
 * and handed to LLVMFuzzerTestOneInput.  Without arguments the harness
 * replays $top_srcdir/tests/fuzz/corpus/NAME, which must hold at least
 * one file (a replay of nothing would pass whatever the code does), and
 * $top_srcdir/tests/fuzz/crashes/NAME when it exists.
 *
 * An input that runs longer than REPLAY_SECONDS is a hang like the ones
 * the fuzzer reports as timeouts: SIGALRM ends the test rather than let
 * make check wait forever.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzzenv.h"

/* Generous: valgrind runs these too. */
#define REPLAY_SECONDS	120

#ifndef FUZZ_NAME
#error "FUZZ_NAME names the harness (its corpus directory)"
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
const char *__ubsan_default_options(void);

/*
 * In a build with UBSan (--enable-asan), undefined behaviour stops the
 * replay as it stops the fuzzer, instead of a line in the log of a test
 * that passes.  Without UBSan nothing calls this.
 */
const char *
__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

/* Read path into a buffer of exactly its size (1 byte when empty). */
static uint8_t *
replay_read(const char *path, size_t *size)
{
	struct stat st;
	uint8_t *buf;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &st) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		if (fp != NULL)
			fclose(fp);
		return NULL;
	}
	*size = (size_t)st.st_size;
	buf = malloc(*size > 0 ? *size : 1);
	if (buf == NULL || fread(buf, 1, *size, fp) != *size) {
		fprintf(stderr, "%s: cannot read %zu bytes\n", path, *size);
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	return buf;
}

/* One input; -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	uint8_t *buf;
	size_t size;

	if ((buf = replay_read(path, &size)) == NULL)
		return -1;
	alarm(REPLAY_SECONDS);
	LLVMFuzzerTestOneInput(buf, size);
	alarm(0);
	free(buf);
	return 0;
}

static int
replay_is_input(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/* Every file of dir in name order; the number replayed, or -1. */
static long
replay_dir(const char *dir)
{
	struct dirent **names;
	char path[4096];
	long n = 0;
	int i, count;

	if ((count = scandir(dir, &names, replay_is_input, alphasort)) == -1) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (n >= 0 && replay_file(path) == 0)
			n++;
		else
			n = -1;
		free(names[i]);
	}
	free(names);
	return n;
}

/* A file or a directory; the number replayed, or -1. */
static long
replay_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return replay_dir(path);
	return replay_file(path) == 0 ? 1 : -1;
}

/* The seed corpus (required) and the crashes (when any were found). */
static int
replay_defaults(void)
{
	char corpus[4096], crashes[4096];
	struct stat st;
	long seeds, found = 0;

	snprintf(corpus, sizeof(corpus), "%s/tests/fuzz/corpus/%s",
	    fuzz_srcdir(), FUZZ_NAME);
	snprintf(crashes, sizeof(crashes), "%s/tests/fuzz/crashes/%s",
	    fuzz_srcdir(), FUZZ_NAME);
	if ((seeds = replay_dir(corpus)) <= 0) {
		fprintf(stderr, "fuzz_%s: no seed inputs in %s\n", FUZZ_NAME,
		    corpus);
		return 1;
	}
	if (stat(crashes, &st) == 0 && (found = replay_dir(crashes)) == -1)
		return 1;
	printf("fuzz_%s: %ld seed inputs and %ld crash inputs replayed\n",
	    FUZZ_NAME, seeds, found);
	return 0;
}

int
main(int argc, char **argv)
{
	long n, total = 0;
	int i;

	if (argc < 2)
		return replay_defaults();
	for (i = 1; i < argc; i++) {
		if ((n = replay_path(argv[i])) == -1)
			return 1;
		total += n;
	}
	printf("fuzz_%s: %ld inputs replayed\n", FUZZ_NAME, total);
	return 0;
}
