package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// Words only Bob types. Finding one after he left means it was kept.
const (
	bobGoals    = "MKBOBGOALS4k becoming a staff engineer"
	bobTopic    = "MKBOBTOPIC4k"
	bobDept     = "MKBOBDEPT4k"
	bobWentWell = "MKBOBWELL4k she listens"
	bobToChange = "MKBOBCHANGE4k more structure"
	bobProgress = "MKBOBPROGRESS4k shipped the design doc"
)

// bobForm is Bob's sign-up as a mentee of Go (and a topic only he names),
// weekly, with his own goals and department.
func bobForm() formValues {
	f := menteeForm("Go, "+bobTopic, "")
	f["goals"] = val(slackfake.Value{Value: bobGoals})
	f["department"] = val(slackfake.Value{Value: bobDept})
	f["cadence"] = val(slackfake.Value{SelectedOption: "weekly"})
	return f
}

// leaveNow runs /mentor leave for user, confirms, and waits for the
// confirmation, which must be the final one: the erasure is complete, not
// left pending behind a busy reader.
func (r *running) leaveNow(user string) {
	r.t.Helper()
	r.slash(user, "leave")
	ask := r.waitEphemeral(user, "This cannot be undone")
	clickIn(r.t, r, user, ask, "leave_confirm")
	if done := msgText(r.waitEphemeral(user, "personal data is erased")); strings.Contains(done, "within minutes") {
		r.t.Fatalf("the erasure was left pending: %s\nlogs:\n%s", done, r.logs.String())
	}
}

// giveFeedback sends user's feedback through /mentor feedback.
func (r *running) giveFeedback(user, rating string, text ...string) {
	r.t.Helper()
	r.slash(user, "feedback")
	v := r.waitView(user, "feedback")
	form := formValues{"rating": val(slackfake.Value{SelectedOption: rating})}
	for i, id := range []string{"went_well", "to_change", "progress"} {
		if i < len(text) {
			form[id] = val(slackfake.Value{Value: text[i]})
		}
	}
	if payload := r.submit(user, v.ID, form); payload != nil {
		r.t.Fatalf("feedback refused: %v", payload)
	}
	r.waitDM(user, "Thank you for your feedback!")
}

// exportOf runs /mentor export for user and returns the file's bytes.
func (r *running) exportOf(user string) []byte {
	r.t.Helper()
	before := len(r.fake.Files(r.fake.DMChannel(user)))
	r.slash(user, "export")
	r.waitEphemeral(user, "I've sent you a direct message")
	var files []slackfake.File
	if err := r.fake.Wait(r.ctx(), func() bool {
		files = r.fake.Files(r.fake.DMChannel(user))
		return len(files) > before
	}); err != nil {
		r.t.Fatalf("no export file in %s's DM", user)
	}
	return files[len(files)-1].Content
}

func keysOf(m map[string]any) string { return strings.Join(slices.Sorted(maps.Keys(m)), ",") }

// TestExportHoldsNothingThePartnerRaised: Bob asks for help, rates the
// pairing 1 and asks for a rematch. Ann's export (the partner) holds none
// of it: no reason, no flag, no rematch offer, no word of his; only her own
// check-in, the pairing (ended) and her lists, [] when empty. Bob's export
// holds his own answers.
func TestExportHoldsNothingThePartnerRaised(t *testing.T) {
	r, a := startApp(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", bobForm())
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")

	r.at(a, "2026-11-02 10:00") // Bob's Monday 10:00 (London)
	bobCheckin := r.waitDM("UBOB", "Did you meet *Ann Mentor*")
	r.at(a, "2026-11-02 15:00") // Ann's (New York)
	annCheckin := r.waitDM("UANN", "Did you meet *Bob Mentee*")
	r.click("UANN", annCheckin, "checkin_met")
	r.waitDM("UANN", "Your answer: *Met*")
	r.click("UBOB", bobCheckin, "checkin_need_help")
	r.waitDM("UADMIN", "asked for help")
	r.giveFeedback("UBOB", "1", bobWentWell)
	r.at(a, "2026-11-02 15:01")
	offer := r.waitDM("UBOB", "Rematch me")
	r.click("UBOB", offer, "rematch_me")
	r.waitDM("UANN", "has ended")
	r.at(a, "2026-11-02 15:02")
	r.waitDM("UANN", "How did it go?")

	raw := r.exportOf("UANN")
	for _, leak := range []string{"need_help", store.RiskNeedHelp, store.RiskLowRating, "rematch", "risk", "end_reason", bobWentWell, bobGoals, bobDept, bobTopic} {
		if bytes.Contains(raw, []byte(leak)) {
			t.Errorf("Ann's export holds %q:\n%s", leak, raw)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if got, want := keysOf(doc), "audit_entries,check_ins,exported_at,feedback,format,mentor_requests,messages_sent,pairings,profile"; got != want {
		t.Errorf("top-level keys %s, want %s", got, want)
	}
	for _, k := range []string{"feedback", "mentor_requests"} {
		if l, ok := doc[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %#v, want []", k, doc[k])
		}
	}
	pairings, _ := doc["pairings"].([]any)
	if len(pairings) != 1 {
		t.Fatalf("pairings = %#v", doc["pairings"])
	}
	p := pairings[0].(map[string]any)
	if got, want := keysOf(p), "ended_at,my_role,pairing_id,partner_left,partner_name,partner_slack_id,program,started_at,status"; got != want {
		t.Errorf("pairing keys %s, want %s", got, want)
	}
	if p["status"] != "ended" || p["partner_slack_id"] != "UBOB" || p["my_role"] != "mentor" || p["ended_at"] == nil {
		t.Errorf("pairing = %v", p)
	}
	checkIns, _ := doc["check_ins"].([]any)
	if len(checkIns) != 1 || checkIns[0].(map[string]any)["answer"] != "met" {
		t.Errorf("Ann's check-ins = %v", doc["check_ins"])
	}

	// Bob's own export has what he said and what he was offered.
	mine := r.exportOf("UBOB")
	for _, own := range []string{`"need_help"`, bobWentWell, bobGoals, `"rematch_offer"`} {
		if !bytes.Contains(mine, []byte(own)) {
			t.Errorf("Bob's export lacks his own %q:\n%s", own, mine)
		}
	}
}

// TestALeaverIsAFormerParticipant: after Bob leaves, what Ann sees of him
// (the end-of-pairing feedback prompt, its modal, its thank-you, her status
// and Home) and what the audit command prints name him "a former
// participant", never by the pseudonym the store keeps.
func TestALeaverIsAFormerParticipant(t *testing.T) {
	r, a := startApp(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", bobForm())
	r.slash("UBOB", "pair <@UANN> <@UBOB>") // refused: an audit entry with Bob as actor
	r.waitEphemeral("UBOB", "for program admins")
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	r.leaveNow("UBOB")
	r.waitDM("UANN", "has left the mentorship program")

	r.at(a, "2026-11-02 09:01")
	prompt := r.waitDM("UANN", "Your mentorship with *a former participant* has ended")
	r.click("UANN", prompt, "feedback_open")
	modal := r.waitView("UANN", "feedback")
	if !strings.Contains(jsonUnescaper.Replace(string(modal.Raw)), "a former participant") {
		t.Errorf("feedback modal: %s", modal.Raw)
	}
	if payload := r.submit("UANN", modal.ID, formValues{"rating": val(slackfake.Value{SelectedOption: "4"})}); payload != nil {
		t.Fatalf("feedback refused: %v", payload)
	}
	r.waitDM("UANN", "your feedback on your mentorship with *a former participant* was received")
	r.slash("UANN", "status")
	r.waitEphemeral("UANN", "Your mentorship status")
	env, err := r.fake.OpenHome(r.ctx(), "UANN")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	if err := r.fake.Wait(r.ctx(), func() bool { _, ok := r.fake.HomeView("UANN"); return ok }); err != nil {
		t.Fatal("no Home tab")
	}

	// Everything Ann can see, and the modal she saw.
	seen := []string{jsonUnescaper.Replace(string(modal.Raw))}
	for _, c := range r.fake.ConversationsOf("UANN") {
		for _, m := range r.fake.Messages(c.ID) {
			seen = append(seen, msgText(m))
		}
	}
	for _, m := range r.fake.Ephemerals("UANN") {
		seen = append(seen, msgText(m))
	}
	home, _ := r.fake.HomeView("UANN")
	seen = append(seen, jsonUnescaper.Replace(string(home.Raw)))
	for _, s := range seen {
		if strings.Contains(s, "left-") || strings.Contains(s, "<@left") {
			t.Errorf("Ann sees a pseudonym: %s", s)
		}
	}

	var out strings.Builder
	getenv := func(k string) string {
		if k == "MENTORBOT_DB" {
			return r.cfg.DB
		}
		return ""
	}
	if err := run(context.Background(), []string{"audit"}, getenv, &out, &strings.Builder{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\ta former participant\tpair\t") || !strings.Contains(out.String(), "UANN,a former participant") ||
		strings.Contains(out.String(), "left-") || strings.Contains(out.String(), "UBOB") {
		t.Errorf("audit output:\n%s", out.String())
	}
}

// TestLeaveRewritesTheIntroductions: the introductions the bot posted in
// the leaver's group DMs, of active and ended pairings, are rewritten in
// place (chat.update) without their goals, department or topics; an
// introduction of two people still in the program is left as it was.
func TestLeaveRewritesTheIntroductions(t *testing.T) {
	for _, tc := range []struct {
		leaver    string
		rewritten [][2]string // group DMs whose introduction is rewritten
		kept      [][2]string // and whose stays as posted
		gone      []string    // words no rewritten introduction may keep
	}{
		{"UBOB", [][2]string{{"UCAT", "UBOB"}, {"UANN", "UBOB"}}, nil, []string{bobGoals, bobDept, bobTopic, "<@UBOB>", "Payments"}},
		{"UANN", [][2]string{{"UANN", "UBOB"}}, [][2]string{{"UCAT", "UBOB"}}, []string{"Platform", "<@UANN>", "Share what I know", bobGoals}},
	} {
		t.Run("leaver "+tc.leaver, func(t *testing.T) {
			r := startBot(t)
			r.signUp("UANN", mentorForm("Go"))
			r.signUp("UCAT", mentorForm("Go"))
			r.signUp("UBOB", bobForm())
			posted := map[[2]string]slackfake.Message{}
			for _, pair := range [][2]string{{"UCAT", "UBOB"}, {"UANN", "UBOB"}} {
				r.slash("UADMIN", fmt.Sprintf("pair <@%s> <@%s>", pair[0], pair[1]))
				r.waitEphemeral("UADMIN", fmt.Sprintf("Paired <@%s>", pair[0]))
				posted[pair] = r.waitMessage(func() string { return r.fake.Conversation(pair[0], pair[1]) }, bobGoals)
				if pair[0] == "UCAT" {
					r.slash("UADMIN", "unpair <@UCAT> <@UBOB>")
					r.waitEphemeral("UADMIN", "Ended the pairing")
				}
			}
			r.leaveNow(tc.leaver)

			for _, pair := range tc.rewritten {
				msgs := r.fake.Messages(r.fake.Conversation(pair[0], pair[1]))
				if len(msgs) != 1 || msgs[0].TS != posted[pair].TS || !msgs[0].Updated {
					t.Fatalf("%v: the introduction was not updated in place: %+v", pair, msgs)
				}
				text := msgText(msgs[0])
				for _, w := range tc.gone {
					if strings.Contains(text, w) {
						t.Errorf("%v: the rewritten introduction keeps %q: %s", pair, w, text)
					}
				}
				stays := pair[0]
				if stays == tc.leaver {
					stays = pair[1]
				}
				if !strings.Contains(text, "a former participant") || !strings.Contains(text, "<@"+stays+">") {
					t.Errorf("%v: rewritten introduction %s", pair, text)
				}
			}
			for _, pair := range tc.kept {
				msgs := r.fake.Messages(r.fake.Conversation(pair[0], pair[1]))
				if len(msgs) != 1 || msgs[0].Updated || !strings.Contains(msgText(msgs[0]), bobGoals) {
					t.Errorf("%v: an introduction of people still here changed: %+v", pair, msgs)
				}
			}
		})
	}
}

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

	db, err := sql.Open("sqlite3", store.DSN(r.cfg.DB, true))
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
