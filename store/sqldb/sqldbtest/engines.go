// Package sqldbtest runs a package's tests once per database engine: on
// SQLite, then on PostgreSQL. A test asks Target for a fresh, empty
// database of the current engine and opens it with sqldb.Open as usual.
//
// PostgreSQL comes from MENTORBOT_TEST_POSTGRES (a postgres:// URL whose
// user may create schemas; .ci/run sets it), or else from a throwaway
// cluster this package starts when PostgreSQL's binaries are installed
// (initdb, pg_ctl: Debian's postgresql package), stopped and removed when
// the tests end, or when the test binary dies without ending them (a
// test timeout's panic). Without either, the PostgreSQL pass is skipped
// with a message saying why. Each test gets its own schema, so tests stay
// independent and may run in parallel.
package sqldbtest

import (
	"fmt"
	"os"
	"testing"
)

// EnvURL names the PostgreSQL server for the tests.
const EnvURL = "MENTORBOT_TEST_POSTGRES"

// EnvEngines limits the engines run ("sqlite", "postgres"); empty = both.
const EnvEngines = "MENTORBOT_TEST_ENGINES"

// Engines is the table of engines every store test runs on.
var Engines = []string{"sqlite", "postgres"}

// current is the engine of the pass now running.
var current = "sqlite"

// Engine is the engine of the pass now running.
func Engine() string { return current }

// Run runs m's tests once per engine of Engines and returns the exit
// code for os.Exit. Call it from TestMain.
func Run(m *testing.M) int {
	code := 0
	defer stopServer()
	for _, e := range Engines {
		if only := os.Getenv(EnvEngines); only != "" && !contains(only, e) {
			continue
		}
		if e == "postgres" {
			if err := ensureServer(); err != nil {
				if os.Getenv(EnvURL) != "" {
					// A server was named: its absence is a failure.
					fmt.Printf("--- FAIL engine postgres: %v\n", err)
					code = 1
					continue
				}
				fmt.Printf("--- SKIP engine postgres: %v\n", err)
				continue
			}
		}
		current = e
		fmt.Printf("=== ENGINE %s\n", e)
		if c := m.Run(); c != 0 {
			fmt.Printf("--- FAIL engine %s\n", e)
			code = c
		}
	}
	return code
}

func contains(list, e string) bool {
	for i := 0; i+len(e) <= len(list); i++ {
		if list[i:i+len(e)] == e && (i == 0 || list[i-1] == ',') && (i+len(e) == len(list) || list[i+len(e)] == ',') {
			return true
		}
	}
	return false
}

// OnlySQLite skips t on other engines: it tests something only a SQLite
// file has (its pragmas, its files' modes, its write-ahead log).
func OnlySQLite(t testing.TB, what string) {
	t.Helper()
	if current != "sqlite" {
		t.Skipf("SQLite only (%s)", what)
	}
}

// OnlyPostgres skips t on other engines.
func OnlyPostgres(t testing.TB, what string) {
	t.Helper()
	if current != "postgres" {
		t.Skipf("PostgreSQL only (%s)", what)
	}
}

// Main runs m's tests once (on SQLite, with PostgresTarget for the tests
// that ask for PostgreSQL) and stops the cluster, if one was started.
// Call it from TestMain of a package that is not the store's own.
func Main(m *testing.M) int {
	defer stopServer()
	return m.Run()
}
