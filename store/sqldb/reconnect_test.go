package sqldb_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestSurvivesTheServerDroppingItsConnections: when PostgreSQL closes every
// connection of the pool (what a restart or a failover does), the next
// writes and reads still succeed: the dead connections are dropped and a
// transaction that died with one runs again on a new one.
func TestSurvivesTheServerDroppingItsConnections(t *testing.T) {
	sqldbtest.OnlyPostgres(t, "server-side connections")
	ctx := context.Background()
	u, _ := url.Parse(sqldbtest.Target(t))
	schema := u.Query().Get("search_path")
	q := u.Query()
	q.Set("application_name", "mentorbot-"+schema) // only this pool's connections are dropped
	u.RawQuery = q.Encode()
	target := u.String()
	db, err := sqldb.Open(ctx, target, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveProfile(ctx, profile("UA", store.RoleMentor)); err != nil {
		t.Fatal(err)
	}
	admin, err := sqlx.Open("pgx", target)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for round := range 3 {
		// Every connection of db's pool goes.
		var killed int
		if err := admin.GetContext(ctx, &killed, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE pid <> pg_backend_pid() AND application_name = $1`, "mentorbot-"+schema); err != nil {
			t.Fatal(err)
		}
		if round == 0 && killed == 0 {
			t.Fatalf("no connection of schema %s to drop", schema)
		}
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("round %d: ping after the server dropped %d connections: %v", round, killed, err)
		}
		if _, err := db.FirstDelivery(ctx, "env-"+string(rune('a'+round))); err != nil {
			t.Fatalf("round %d: write: %v", round, err)
		}
		if _, err := db.Participant(ctx, "UA"); err != nil {
			t.Fatalf("round %d: read: %v", round, err)
		}
	}
}
