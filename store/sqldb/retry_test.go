package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// forceRetry makes the store's transaction in op run twice on PostgreSQL:
// it locks table, waits until op's transaction queues behind the lock,
// commits change, then ends that transaction's connection as a server
// restart would. The store sees its connection die before COMMIT and runs
// the whole closure again, on a snapshot that includes change. table must
// be one op reads after its first statement, and change must not touch it.
func forceRetry(t *testing.T, target, table string, op func(), change func(raw *sqldbtest.RawDB)) {
	t.Helper()
	ctx := context.Background()
	raw := sqldbtest.Raw(t, target, sqldb.DSN)
	lock, err := raw.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	if _, err := lock.ExecContext(ctx, `LOCK TABLE `+table+` IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); op() }()
	var pid int
	for deadline := time.Now().Add(30 * time.Second); ; {
		err := raw.GetContext(ctx, &pid, `SELECT pid FROM pg_locks WHERE relation = $1::text::regclass AND NOT granted LIMIT 1`, table)
		if err == nil {
			break
		}
		if !errors.Is(err, sql.ErrNoRows) {
			t.Fatal(err)
		}
		select {
		case <-done:
			t.Fatalf("the transaction ended without reading %s", table)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no transaction waited for %s in 30 s", table)
		}
	}
	change(raw)
	if _, err := raw.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	<-done
}

// TestRetriedReadStartsAfresh: a read that runs again (its connection
// died after its first query) returns only what the second run found. A
// rematch offer seen by the first run, for a pairing that ended before the
// second, is not offered.
func TestRetriedReadStartsAfresh(t *testing.T) {
	sqldbtest.OnlyPostgres(t, "forces a retry by ending a server connection")
	ctx := context.Background()
	db, clock, target, p := outboxFixture(t) // UA mentor, UB mentee
	id := sentCheckin(t, db, p, p.MenteeID, clock.t)
	if _, err := db.AnswerCheckin(ctx, id, "UB", store.AnswerNeedHelp); err != nil {
		t.Fatal(err)
	}
	var offers []store.RematchOffer
	var err error
	// The first reason reads check-ins, the second feedback: the first
	// run finds UB's Need help, then waits for feedback.
	forceRetry(t, target, "feedback", func() { offers, err = db.RematchOffersDue(ctx) }, func(raw *sqldbtest.RawDB) {
		if _, err := raw.Exec(`UPDATE pairings SET status = 'ended' WHERE id = ?`, p.ID); err != nil {
			t.Error(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != 0 {
		t.Fatalf("offers for a pairing that ended before the retried read: %+v", offers)
	}
}
