package main

import (
	"os"
	"testing"

	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain stops the throwaway PostgreSQL cluster the PostgreSQL tests may
// have started (sqldbtest).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Main(m)) }
