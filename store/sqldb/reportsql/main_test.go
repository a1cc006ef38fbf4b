package reportsql_test

import (
	"os"
	"testing"

	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain runs the whole suite once per engine (sqldbtest.Engines).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Run(m)) }
