package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// Marker strings typed by the person who leaves. Each is unique to them,
// so finding one in the database file means their words are still there.
const (
	markGoals    = "MKGOALS7q2x personal growth plan"
	markTopic    = "MKTOPIC7q2x"
	markDept     = "MKDEPT7q2x"
	markWentWell = "MKWELL7q2x we met twice"
	markToChange = "MKCHANGE7q2x more often"
	markProgress = "MKPROGRESS7q2x halfway there"
)

var leaverMarkers = []string{"MKGOALS7q2x", "MKTOPIC7q2x", "mktopic7q2x", "MKDEPT7q2x", "MKWELL7q2x", "MKCHANGE7q2x", "MKPROGRESS7q2x"}

// leaverSession signs Bob up with the markers, pairs him with Ann and has
// him give feedback through the modal.
func leaverSession(t *testing.T, r *running) {
	t.Helper()
	r.signUp("UANN", mentorForm("Go"))
	form := menteeForm("Go, "+markTopic, "")
	form["goals"] = val(slackfake.Value{Value: markGoals})
	form["department"] = val(slackfake.Value{Value: markDept})
	r.signUp("UBOB", form)
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	r.slash("UBOB", "feedback")
	v := r.waitView("UBOB", "feedback")
	if payload := r.submit("UBOB", v.ID, formValues{
		"rating":    val(slackfake.Value{SelectedOption: "4"}),
		"went_well": val(slackfake.Value{Value: markWentWell}),
		"to_change": val(slackfake.Value{Value: markToChange}),
		"progress":  val(slackfake.Value{Value: markProgress}),
	}); payload != nil {
		t.Fatalf("feedback refused: %v", payload)
	}
	r.waitDM("UBOB", "Thank you for your feedback!")
}

// dbFiles reads the database file and its -wal and -shm files (a missing
// one reads as empty), without opening the database.
func dbFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		out["db"+suffix] = b
	}
	return out
}

func TestExportGivesEverythingStored(t *testing.T) {
	r := startBot(t)
	leaverSession(t, r)
	r.slash("UBOB", "export")
	r.waitEphemeral("UBOB", "I've sent you a direct message")
	var files []slackfake.File
	if err := r.fake.Wait(r.ctx(), func() bool {
		files = r.fake.Files(r.fake.DMChannel("UBOB"))
		return len(files) == 1
	}); err != nil {
		t.Fatal("no export file in the DM")
	}
	var ex store.Export
	if err := json.Unmarshal(files[0].Content, &ex); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, files[0].Content)
	}
	// The file holds every marker the person typed, and what the bot
	// keeps about them (pairing, feedback with its text, profile).
	for _, m := range []string{markGoals, markTopic, markDept, markWentWell, markToChange, markProgress} {
		if !bytes.Contains(files[0].Content, []byte(m)) {
			t.Errorf("export lacks %q", m)
		}
	}
	if ex.Profile.SlackID != "UBOB" || ex.Profile.Department != markDept || len(ex.Pairings) != 1 || ex.Pairings[0].PartnerSlackID != "UANN" ||
		len(ex.Feedback) != 1 || ex.Feedback[0].Rating != 4 {
		t.Errorf("export = %+v", ex)
	}
	// Nothing about Bob is missing: compare with the store's own view.
	want, err := r.db().ExportPerson(context.Background(), "UBOB")
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Pairings) != len(ex.Pairings) || len(want.Feedback) != len(ex.Feedback) || len(want.CheckIns) != len(ex.CheckIns) ||
		len(want.Requests) != len(ex.Requests) || len(want.Deliveries) != len(ex.Deliveries) {
		t.Errorf("export file differs from the store: file %+v, store %+v", ex, want)
	}
}

func TestLeaveErasesTheBytesFromTheFile(t *testing.T) {
	r := startBot(t)
	leaverSession(t, r)

	// Before: the markers are in the files (else the search below proves
	// nothing).
	before := dbFiles(t, r.cfg.DB)
	for _, m := range leaverMarkers[:3] {
		if !bytes.Contains(append(before["db"], before["db-wal"]...), []byte(m)) {
			t.Fatalf("marker %q not in the database files before leaving: the check cannot work", m)
		}
	}

	r.leaveNow("UBOB")

	// Right after the confirmation, with no checkpoint of the test's own:
	// leaving truncated the log before it said so.
	for name, b := range dbFiles(t, r.cfg.DB) {
		for _, m := range leaverMarkers {
			if i := bytes.Index(b, []byte(m)); i >= 0 {
				t.Errorf("%q is still in %s at byte %d: %q", m, name, i, printable(b[max(0, i-40):min(len(b), i+40)]))
			}
		}
	}
	r.waitDM("UANN", "has left the mentorship program")

	// The topic only Bob named is gone; the shared one stays.
	db := r.db()
	ctx := context.Background()
	ann, err := db.Participant(ctx, "UANN")
	if err != nil || len(ann.Teaches) != 1 || ann.Teaches[0] != "Go" {
		t.Fatalf("Ann after Bob left: %+v %v", ann, err)
	}
	if v, err := db.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Fatalf("integrity_check = %q %v", v, err)
	}
}

func TestAuditCommandShowsAdminActionsWithoutSecrets(t *testing.T) {
	r := startBot(t)
	leaverSession(t, r)
	r.slash("UBOB", "pair <@UANN> <@UBOB>") // a refusal
	r.waitEphemeral("UBOB", "for program admins")
	r.slash("UADMIN", "unpair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Ended the pairing")

	var out, errOut strings.Builder
	getenv := func(k string) string {
		if k == "MENTORBOT_DB" {
			return r.cfg.DB
		}
		return ""
	}
	if err := run(context.Background(), []string{"audit"}, getenv, &out, &errOut); err != nil {
		t.Fatalf("mentorbot audit: %v (%s)", err, errOut.String())
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	want := []struct{ actor, action, outcome string }{
		{"UADMIN", "pair", "ok"},
		{"UBOB", "pair", "refused"},
		{"UADMIN", "unpair", "ok"},
	}
	if len(lines) != len(want) {
		t.Fatalf("audit printed %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		f := strings.Split(lines[i], "\t")
		if len(f) != 6 || f[1] != w.actor || f[2] != w.action || f[4] != w.outcome {
			t.Errorf("line %d = %q, want actor %s action %s outcome %s", i, lines[i], w.actor, w.action, w.outcome)
		}
		if !strings.HasPrefix(f[0], "2026-") { // the injected clock's date, RFC 3339
			t.Errorf("line %d has no time: %q", i, lines[i])
		}
	}
	for _, secret := range []string{"xoxb-", "xapp-", "MKWELL", "MKCHANGE", "MKPROGRESS"} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("the audit log shows %q", secret)
		}
	}
	// --since filters by date; a bad date is refused with the flag named.
	out.Reset()
	if err := run(context.Background(), []string{"audit", "--since", "2030-01-01"}, getenv, &out, io.Discard); err != nil || out.Len() != 0 {
		t.Fatalf("--since in the future: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"audit", "--since", "yesterday"}, getenv, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "--since") {
		t.Fatalf("bad --since: %v", err)
	}
}

// printable shows bytes around a hit without control characters.
func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r == 127 {
			return '.'
		}
		return r
	}, string(b))
}
