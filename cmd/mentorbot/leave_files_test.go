package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestLeaveLeavesNoTraceInTheFiles: Bob signs up, asks a mentor, shows up
// in a matching preview and the audit log (as actor and target), answers a
// check-in and gives feedback, then leaves. Right after the confirmation,
// with no checkpoint of the test's own, none of his words, his name, his
// Slack ID or his conversations' IDs is in any database file (main, -wal,
// -shm), and no text column of any table holds them.
func TestLeaveLeavesNoTraceInTheFiles(t *testing.T) {
	r, a := startApp(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UCAT", mentorForm("Go"))
	r.signUp("UDAN", menteeForm("Go", ""))
	r.signUp("UBOB", bobForm())

	r.slash("UBOB", "find")
	sugg := r.waitEphemeral("UBOB", "Your top mentors")
	env, err := r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: sugg.Channel, TS: sugg.TS}, "find_request", "UCAT")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	r.waitDM("UCAT", "would like you as their mentor") // a pending request
	r.slash("UBOB", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UBOB", "for program admins")
	r.slash("UADMIN", "match")
	r.waitEphemeral("UADMIN", "Matching preview") // a pending proposal naming Bob
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	group := r.fake.Conversation("UANN", "UBOB")
	r.at(a, "2026-11-02 10:00")
	checkin := r.waitDM("UBOB", "Did you meet")
	r.click("UBOB", checkin, "checkin_met")
	r.waitDM("UBOB", "Your answer: *Met*")
	r.giveFeedback("UBOB", "4", bobWentWell, bobToChange, bobProgress)

	needles := []string{bobGoals, bobTopic, strings.ToLower(bobTopic), bobDept, bobWentWell, bobToChange, bobProgress,
		"UBOB", "Bob Mentee", r.fake.DMChannel("UBOB"), group}
	before := dbFiles(t, r.cfg.DB)
	if !bytes.Contains(append(before["db"], before["db-wal"]...), []byte(bobGoals)) {
		t.Fatal("Bob's goals are not in the files before he leaves: the check cannot work")
	}

	r.leaveNow("UBOB")
	for name, b := range dbFiles(t, r.cfg.DB) {
		for _, n := range needles {
			if i := bytes.Index(b, []byte(n)); i >= 0 {
				t.Errorf("%q is still in %s at byte %d: %q", n, name, i, printable(b[max(0, i-40):min(len(b), i+40)]))
			}
		}
	}

	db, err := sql.Open("sqlite3", sqldb.DSN(r.cfg.DB, true))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, hit := range textHits(t, db, needles) {
		t.Errorf("after leave, %s", hit)
	}
}

// textHits searches every column of every table (as text, ignoring case)
// for each needle, and describes each hit.
func textHits(t *testing.T, db *sql.DB, needles []string) []string {
	t.Helper()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("only %d tables: %v", len(tables), tables)
	}
	var hits []string
	for _, tb := range tables {
		cols, err := db.Query(`SELECT name FROM pragma_table_info(?)`, tb)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for cols.Next() {
			var n string
			if err := cols.Scan(&n); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
		cols.Close()
		for _, c := range names {
			for _, n := range needles {
				var count int
				q := fmt.Sprintf(`SELECT COUNT(*) FROM %q WHERE instr(lower(CAST(%q AS TEXT)), lower(?)) > 0`, tb, c)
				if err := db.QueryRow(q, n).Scan(&count); err != nil {
					t.Fatal(err)
				}
				if count > 0 {
					hits = append(hits, fmt.Sprintf("%s.%s holds %q in %d row(s)", tb, c, n, count))
				}
			}
		}
	}
	return hits
}

// TestLeaveBesideABusyReaderSaysSoAndFinishesLater: another process holds
// a read snapshot through every truncation attempt. The person is told
// their data is erased from the records and the last copy on disk goes
// within minutes (not "done"), the log says why; once the reader is gone,
// the bot's next write truncates the log and the words leave the files.
func TestLeaveBesideABusyReaderSaysSoAndFinishesLater(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", bobForm())

	other, err := sql.Open("sqlite3", "file:"+r.cfg.DB+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	reader, err := other.BeginTx(r.ctx(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Rollback()
	var n int
	if err := reader.QueryRow(`SELECT COUNT(*) FROM participants`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("reader: %d %v", n, err)
	}

	r.slash("UBOB", "leave")
	ask := r.waitEphemeral("UBOB", "This cannot be undone")
	clickIn(t, r, "UBOB", ask, "leave_confirm")
	r.waitEphemeral("UBOB", "cleared within minutes")
	if !strings.Contains(r.logs.String(), "erased data may stay in the database log") {
		t.Fatalf("the pending erasure is not logged:\n%s", r.logs.String())
	}
	if err := reader.Rollback(); err != nil {
		t.Fatal(err)
	}
	r.slash("UANN", "pause") // any write is the next opportunity
	r.waitEphemeral("UANN", "You're paused")
	if err := r.fake.Wait(r.ctx(), func() bool { return strings.Contains(r.logs.String(), "pending erasure finished") }); err != nil {
		t.Fatalf("the pending erasure did not finish:\n%s", r.logs.String())
	}
	for name, b := range dbFiles(t, r.cfg.DB) {
		for _, w := range []string{bobGoals, bobDept, bobTopic, "UBOB"} {
			if bytes.Contains(b, []byte(w)) {
				t.Errorf("%q is still in %s after the pending erasure finished", w, name)
			}
		}
	}
}
