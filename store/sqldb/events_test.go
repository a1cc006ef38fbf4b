package sqldb_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestFirstDeliveryGroupCommit: 50 envelopes that arrive while the writer is
// busy are recorded in one transaction once it is free (one sync, not 50),
// and each key still has exactly one first delivery, within a batch, across
// batches and after reopening the file.
func TestFirstDeliveryGroupCommit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "events.db")
	db, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if first, err := db.FirstDelivery(ctx, "trigger:old"); err != nil || !first {
		t.Fatalf("first delivery of a new key: %v %v", first, err)
	}
	before := db.DeliveryCommitsForTest()

	// 40 distinct keys, 5 of them sent twice, and one key seen before.
	keys := []string{"trigger:old"}
	for i := range 44 {
		keys = append(keys, fmt.Sprintf("trigger:%d", i))
	}
	keys = append(keys, "trigger:1", "trigger:2", "trigger:3", "trigger:4", "trigger:5")
	firsts := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	err = db.HoldWriteLockForTest(ctx, func() {
		for _, k := range keys {
			wg.Add(1)
			go func() {
				defer wg.Done()
				first, err := db.FirstDelivery(ctx, k)
				if err != nil {
					t.Error(err)
					return
				}
				if first {
					mu.Lock()
					firsts[k]++
					mu.Unlock()
				}
			}()
		}
		deadline := time.Now().Add(10 * time.Second)
		for db.QueuedDeliveriesForTest() < len(keys) {
			if time.Now().After(deadline) {
				t.Errorf("only %d of %d calls queued", db.QueuedDeliveriesForTest(), len(keys))
				return
			}
			runtime.Gosched()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if n := db.DeliveryCommitsForTest() - before; n > 2 {
		t.Errorf("%d calls waiting on a busy writer took %d transactions, want at most 2 (the one under way and one for the rest)", len(keys), n)
	}
	if firsts["trigger:old"] != 0 {
		t.Errorf("a key recorded before was first again")
	}
	for i := range 44 {
		if k := fmt.Sprintf("trigger:%d", i); firsts[k] != 1 {
			t.Errorf("%s first %d times, want 1", k, firsts[k])
		}
	}

	// Durable: a second handle (another replica) sees every key.
	other, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, k := range keys {
		if first, err := other.FirstDelivery(ctx, k); err != nil || first {
			t.Errorf("%s on another handle: first=%v err=%v", k, first, err)
		}
	}
}

// TestFirstDeliveryGivesUpWithItsContext: a caller whose context ends while
// the writer is busy gets an error, and the others in the batch are not
// affected.
func TestFirstDeliveryGivesUpWithItsContext(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "events.db"), sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	err = db.HoldWriteLockForTest(ctx, func() {
		cctx, cancel := context.WithCancel(ctx)
		go func() {
			_, err := db.FirstDelivery(cctx, "trigger:gives-up")
			done <- err
		}()
		for db.QueuedDeliveriesForTest() < 1 {
			runtime.Gosched()
		}
		cancel()
		if err := <-done; err == nil {
			t.Error("a cancelled call returned no error")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if first, err := db.FirstDelivery(ctx, "trigger:next"); err != nil || !first {
		t.Fatalf("next call: %v %v", first, err)
	}
}
