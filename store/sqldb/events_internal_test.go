package sqldb

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// Delivery keys commit without waiting for the disk, and only they: after
// a burst of keys, every other write on the writer connection still waits
// for it (SQLite: synchronous is FULL again; PostgreSQL: the relaxed
// setting was the keys' transaction's own).
func TestDeliveryKeysAloneSkipTheSync(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, sqldbtest.Target(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			if _, err := d.FirstDelivery(ctx, fmt.Sprintf("envelope:%d", i%20)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var keys int
	if err := d.db.GetContext(ctx, &keys, `SELECT COUNT(*) FROM processed_events WHERE key LIKE 'envelope:%'`); err != nil {
		t.Fatal(err)
	}
	if keys != 20 {
		t.Fatalf("%d keys recorded, want 20", keys)
	}
	q, want := `PRAGMA synchronous`, "2" // FULL
	if d.Engine() == "postgres" {
		q, want = `SHOW synchronous_commit`, "on"
	}
	for range 3 { // the writer pool's connections, whichever serves
		var got string
		if err := d.db.GetContext(ctx, &got, q); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("%s after the keys' commits: %s, want %s", q, got, want)
		}
	}
}
