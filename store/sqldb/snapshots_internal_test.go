package sqldb

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestSnapshotsSeeOneState: the connections a report reads on in parallel
// see one database state while a writer commits without pause, and keep
// seeing it (on SQLite the fence retries or falls back to one connection;
// on PostgreSQL the exported snapshot is shared).
func TestSnapshotsSeeOneState(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, sqldbtest.Target(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		insert := d.db.Rebind(`INSERT INTO audit_log (at, actor_id, action, outcome) VALUES (?, 'U1', 'test', 'ok')`)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := d.db.ExecContext(ctx, insert, time.Now().UTC()); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() { close(stop); wg.Wait() }()

	count := func(c *sqlx.Conn) int {
		var n int
		if err := c.GetContext(ctx, &n, `SELECT COUNT(*) FROM audit_log`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	parallel, moved := 0, 0
	last := -1
	for i := 0; i < 100; i++ {
		err := d.eng.snapshots(ctx, 3, func(cs []*sqlx.Conn) error {
			if len(cs) > 1 {
				parallel++
			}
			first := count(cs[0])
			if first != last {
				moved++
				last = first
			}
			for k := 0; k < 2; k++ {
				for j, c := range cs {
					if n := count(c); n != first {
						t.Fatalf("snapshot %d: connection %d sees %d rows, connection 0 %d", i, j, n, first)
					}
				}
				time.Sleep(time.Millisecond) // let the writer commit
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if parallel < 10 || moved < 10 {
		t.Fatalf("%d of 100 snapshots on several connections, %d saw new rows: the test proves little", parallel, moved)
	}
}
