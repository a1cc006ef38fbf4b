//go:build linux

package main

// SQLite allocates with C's malloc, and glibc gives each thread that
// contends for it an arena of its own (up to eight per core): under a
// burst, the Go runtime's threads that ran SQLite kept about 5 MB resident
// in arenas of their own. serve limits them to one, before the database
// opens (docs/benchmarks.md, "Memory"); the report, whose sections read
// in parallel, keeps glibc's default.

/*
#include <malloc.h>

static void mentorbot_one_malloc_arena(void) { mallopt(M_ARENA_MAX, 1); }
*/
import "C"

func limitMallocArenas() { C.mentorbot_one_malloc_arena() }
