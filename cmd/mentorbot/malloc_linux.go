//go:build linux

package main

// SQLite allocates with C's malloc, and glibc gives each thread an arena
// of its own at its first allocation (up to eight per core), which keeps
// what SQLite freed on that thread resident: about 5 MB under a burst.
// `mentorbot serve` keeps glibc to one arena (docs/benchmarks.md,
// "Memory"); the report, whose sections read in parallel, and the other
// commands keep glibc's default.
//
// It must happen before any thread's first allocation: an arena made
// before mallopt stays (the runtime's threads made two before serve's
// first line could run, 2.9 MB at a burst's peak). So it is an ELF
// constructor, which glibc runs before the Go runtime starts, with
// main's arguments.

/*
#include <malloc.h>
#include <string.h>

__attribute__((constructor)) static void mentorbot_one_malloc_arena(int argc, char **argv) {
	if (argc > 1 && argv != NULL && argv[1] != NULL && strcmp(argv[1], "serve") == 0) {
		mallopt(M_ARENA_MAX, 1);
	}
}
*/
import "C"
