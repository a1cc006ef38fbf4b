package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The audit log an admin reads (`mentorbot audit`) counts in English: "1
// pairing ended", "0 pairings ended", never "pairing(s)".
func TestDepartAuditCountsReadAsEnglish(t *testing.T) {
	ctx := context.Background()
	db, _, _ := departFixture(t)
	for _, who := range []string{"UA", "UB"} {
		if _, err := db.Depart(ctx, who, store.DepartDeactivated); err != nil {
			t.Fatal(err)
		}
	}
	log, err := db.AuditLog(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"UA": "; 1 pairing ended", "UB": "; 0 pairings ended"}
	for _, e := range log {
		if e.Action != "depart" {
			continue
		}
		if !strings.HasSuffix(e.Detail, want[e.Target]) || strings.Contains(e.Detail, "(s)") {
			t.Errorf("%s's departure reads %q, want it to end %q", e.Target, e.Detail, want[e.Target])
		}
		delete(want, e.Target)
	}
	if len(want) != 0 {
		t.Errorf("no departure audited for %v", want)
	}
}
