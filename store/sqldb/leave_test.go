package sqldb_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestLeavePseudonymisesTheAuditLog: the leaver's Slack ID goes from the
// audit log as actor and as a whole ID in targets and details, replaced by
// one random pseudonym per leave (the same for all their entries, unrelated
// to their ID or to their anonymous participant row); other IDs, even ones
// that contain theirs, stay.
func TestLeavePseudonymisesTheAuditLog(t *testing.T) {
	ctx := context.Background()
	leave := func() (entries []store.AuditEntry, rowID string) {
		db, _ := openTest(t)
		for _, id := range []string{"UB", "UB1"} {
			if _, err := db.SaveProfile(ctx, profile(id, store.RoleMentee)); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range []store.AuditEntry{
			{ActorID: "UB", Action: "pair", Target: "UA,UB", Outcome: store.OutcomeRefused, Detail: "not a program admin"},
			{ActorID: "UADMIN", Action: "unpair", Target: "UB,UB1", Outcome: store.OutcomeOK},
			{ActorID: "UADMIN", Action: "pair", Target: "UB1,UC", Outcome: store.OutcomeOK, Detail: "about UB"},
			{ActorID: "UADMIN", Action: "program create", Target: "UBX", Outcome: store.OutcomeOK},
		} {
			if err := db.Audit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		// An admin who also takes part: the program and preview they made.
		if _, err := db.CreateProgram(ctx, store.NewProgram{Name: "Spring", CreatedBy: "UB"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveProposal(ctx, "", "UB", "fp", `{"pairs":[]}`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Leave(ctx, "UB"); err != nil {
			t.Fatal(err)
		}
		entries, err := db.AuditLog(ctx, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var kept int
		if err := db.GetForTest(ctx, &kept, `SELECT (SELECT COUNT(*) FROM programs WHERE created_by = 'UB') + (SELECT COUNT(*) FROM match_proposals WHERE admin_id = 'UB')`); err != nil || kept != 0 {
			t.Fatalf("the leaver's ID stays on %d programs or previews (%v)", kept, err)
		}
		return entries, leftRowID(t, db)
	}
	entries, rowID := leave()
	pseudonym := entries[0].ActorID
	if !regexp.MustCompile(`^left-[0-9a-f]{24}$`).MatchString(pseudonym) || !store.IsFormerParticipant(pseudonym) {
		t.Fatalf("actor after leave = %q", pseudonym)
	}
	if pseudonym == rowID {
		t.Fatal("the audit pseudonym is the anonymous row's: the row's ratings would be linked to the person's actions")
	}
	want := [][3]string{
		{pseudonym, "UA," + pseudonym, "not a program admin"},
		{"UADMIN", pseudonym + ",UB1", ""},
		{"UADMIN", "UB1,UC", "about " + pseudonym},
		{"UADMIN", "UBX", ""},
	}
	for i, w := range want {
		if got := [3]string{entries[i].ActorID, entries[i].Target, entries[i].Detail}; got != w {
			t.Errorf("entry %d = %q, want %q", i, got, w)
		}
	}
	if got := store.ShowPeople(entries[1].Target); got != store.FormerParticipant+",UB1" {
		t.Errorf("shown target = %q", got)
	}
	// Random, not a function of the Slack ID: the same person leaving
	// another database gets another pseudonym.
	if again, _ := leave(); again[0].ActorID == pseudonym || strings.Contains(again[0].ActorID, "UB") {
		t.Fatalf("pseudonym %q repeats or shows the ID", again[0].ActorID)
	}
}

// leftRowID is the pseudonym on the one participant row that left.
func leftRowID(t *testing.T, db *sqldb.DB) string {
	t.Helper()
	var id string
	if err := db.GetForTest(context.Background(), &id, `SELECT slack_id FROM participants WHERE status = 'left'`); err != nil {
		t.Fatal(err)
	}
	return id
}
