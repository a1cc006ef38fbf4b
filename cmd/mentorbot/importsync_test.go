package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestImportSyncDryRunYesAndBadFile: UAAA mentors UBBB, UCCC waits. The HR file
// has UBBB and a new UDDD: UAAA is to depart (UBBB's partner), UCCC too. A dry run
// prints the plan and changes nothing; a bad file fails whole (also with
// --yes); --yes carries the plan out and leaves UBBB a notice in the outbox;
// --partial leaves a bad line's person alone.
func TestImportSyncDryRunYesAndBadFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "m.db")
	db, err := sqldb.Open(ctx, dbPath, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Profile{
		{SlackID: "UAAA", Name: "A", Role: store.RoleMentor, Capacity: 2, Cadence: store.CadenceWeekly, Timezone: "UTC"},
		{SlackID: "UBBB", Name: "B", Role: store.RoleMentee, Cadence: store.CadenceWeekly, Timezone: "UTC"},
		{SlackID: "UCCC", Name: "C", Role: store.RoleMentee, Cadence: store.CadenceWeekly, Timezone: "UTC"},
	} {
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UAAA", MenteeSlack: "UBBB"}); err != nil {
		t.Fatal(err)
	}
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := file("good.csv", "slack_id,name,role,capacity\nUBBB,B,mentee,\nUDDD,D,mentor,2\n")
	bad := file("bad.csv", "slack_id,name,role,capacity\nUBBB,B,mentee,\nUDDD,D,sorcerer,2\n")
	unreadable := file("unreadable.csv", "slack_id,name,role,capacity\nUBBB,B,mentee,\nnot-an-id,D,mentor,2\n")
	current := func() string {
		ps, err := db.Participants(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range ps {
			ids = append(ids, p.SlackID)
		}
		return strings.Join(ids, ",")
	}

	out, stderr, err := runCLI(t, "import", "--db", dbPath, "--sync", good)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"would add 1: UDDD", "would update 1: UBBB", "would depart 2: UAAA UCCC", "nothing was changed"} {
		if !strings.Contains(out, want) {
			t.Fatalf("dry run says:\n%s\nwant %q", out, want)
		}
	}
	if got := current(); got != "UAAA,UBBB,UCCC" {
		t.Fatalf("a dry run changed the participants: %s", got)
	}
	for _, args := range [][]string{{"--sync", "--yes", bad}, {"--sync", "--yes", "--partial", unreadable}} {
		if _, _, err := runCLI(t, append([]string{"import", "--db", dbPath}, args...)...); err == nil {
			t.Fatalf("%v: a bad file was accepted", args)
		}
		if got := current(); got != "UAAA,UBBB,UCCC" {
			t.Fatalf("%v: a failed run changed the participants: %s", args, got)
		}
	}
	if _, _, err := runCLI(t, "import", "--db", dbPath, "--yes", good); err == nil {
		t.Fatal("--yes without --sync was accepted")
	}
	// --partial: UDDD's bad line leaves UDDD alone (not added, not departed).
	out, _, err = runCLI(t, "import", "--db", dbPath, "--sync", "--partial", bad)
	if err != nil || !strings.Contains(out, "would depart 2: UAAA UCCC") || !strings.Contains(out, "left alone (bad lines) 1: UDDD") {
		t.Fatalf("partial dry run: %v\n%s", err, out)
	}

	out, _, err = runCLI(t, "import", "--db", dbPath, "--sync", "--yes", good)
	if err != nil || !strings.Contains(out, "departed 2: UAAA UCCC") || !strings.Contains(out, "added 1: UDDD") {
		t.Fatalf("sync: %v\n%s", err, out)
	}
	if got := current(); got != "UBBB,UDDD" {
		t.Fatalf("after the sync: %s", got)
	}
	if got, _ := db.ActivePairings(ctx, "UBBB"); len(got) != 0 {
		t.Fatal("UBBB is still paired with a departed mentor")
	}
	sent, err := db.ExportPerson(ctx, "UBBB")
	if err != nil {
		t.Fatal(err)
	}
	notices := 0
	for _, d := range sent.Deliveries {
		if d.Kind == store.KindPartnerGone {
			notices++
		}
	}
	if notices != 1 {
		t.Fatalf("UBBB has %d partner notices queued", notices)
	}
	// Running the same sync again departs nobody more.
	out, _, _ = runCLI(t, "import", "--db", dbPath, "--sync", good)
	if !strings.Contains(out, "would depart 0:") {
		t.Fatalf("a second sync:\n%s", out)
	}
}
