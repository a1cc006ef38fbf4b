package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// What a forged payload may change, seen from outside the bot: every row
// of the database, and everything each person sees in Slack.

// refusalMark is in every refusal the gate answers.
const refusalMark = "Nothing was changed."

// storeRows is the database: table → rows, each row as text.
type storeRows map[string][]string

func dumpStore(t *testing.T, path string) storeRows {
	t.Helper()
	db, err := sql.Open("sqlite3", sqldb.DSN(path, true))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var tables []string
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
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
	out := storeRows{}
	for _, table := range tables {
		rs, err := db.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%s=%v ", cols[i], v)
			}
			out[table] = append(out[table], b.String())
		}
		rs.Close()
		sort.Strings(out[table])
	}
	return out
}

// added and removed rows per table between two dumps.
func storeDiff(before, after storeRows) (added, removed map[string][]string) {
	added, removed = map[string][]string{}, map[string][]string{}
	for _, table := range unionKeys(before, after) {
		for _, row := range after[table] {
			if !slices.Contains(before[table], row) {
				added[table] = append(added[table], row)
			}
		}
		for _, row := range before[table] {
			if !slices.Contains(after[table], row) {
				removed[table] = append(removed[table], row)
			}
		}
	}
	return added, removed
}

func unionKeys[V any](a, b map[string]V) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// slackSeen is what some people see in Slack: key → content. Keys say
// whose: "msg <channel>/<ts>", "eph <user> <channel>/<ts>", "view <user>
// <id>", "home <user>".
type slackSeen map[string]string

func (w *gateWorld) slackSeenBy(users ...string) slackSeen {
	fake := w.r.fake
	out := slackSeen{}
	channels := map[string]bool{}
	for _, u := range users {
		for _, c := range fake.ConversationsOf(u) {
			channels[c.ID] = true
		}
		for _, m := range fake.Ephemerals(u) {
			out["eph "+u+" "+m.Channel+"/"+m.TS] = msgText(m)
		}
		for _, v := range fake.OpenViews(u) {
			out["view "+u+" "+v.ID] = string(v.Raw)
		}
		if v, ok := fake.HomeView(u); ok {
			out["home "+u] = string(v.Raw)
		}
	}
	for ch := range channels {
		for _, m := range fake.Messages(ch) {
			out["msg "+ch+"/"+m.TS] = fmt.Sprintf("%s updated=%v", msgText(m), m.Updated)
		}
	}
	return out
}

func allUsers(w *gateWorld) []string {
	var out []string
	for _, u := range w.r.fake.Users() {
		out = append(out, u.ID)
	}
	return out
}

// slackChanges lists what differs: "new KEY: text", "changed KEY: text",
// "gone KEY".
func slackChanges(before, after slackSeen) []string {
	var out []string
	for _, k := range unionKeys(before, after) {
		b, inBefore := before[k]
		a, inAfter := after[k]
		switch {
		case !inBefore:
			out = append(out, "new "+k+": "+a)
		case !inAfter:
			out = append(out, "gone "+k)
		case a != b:
			out = append(out, "changed "+k+": "+a)
		}
	}
	return out
}

// snapshot is the whole world at one moment.
type snapshot struct {
	rows    storeRows
	seen    slackSeen // by everyone
	victims slackSeen // by the victims only
	records string    // the victims' records, read through the store
	calls   map[string]int
	ncalls  int // Web API calls so far
}

// writeCalls are the Web API methods that change what someone sees
// besides posting a message.
var writeCalls = []string{"chat.update", "chat.delete", "views.open", "views.push", "views.update", "views.publish",
	"files.getUploadURLExternal", "files.completeUploadExternal"}

func (w *gateWorld) snapshot() snapshot {
	s := snapshot{rows: dumpStore(w.t, w.r.cfg.DB), seen: w.slackSeenBy(allUsers(w)...),
		victims: w.slackSeenBy("UANN", "UBOB"), records: w.victimRecords(), calls: map[string]int{}, ncalls: len(w.r.fake.Calls(""))}
	for _, m := range writeCalls {
		s.calls[m] = len(w.r.fake.Calls(m))
	}
	return s
}

// victimRecords is everything stored about the victims and what names
// them, read through the store.
func (w *gateWorld) victimRecords() string {
	ctx := context.Background()
	var parts []any
	for _, u := range []string{"UANN", "UBOB"} {
		ex, err := w.db.ExportPerson(ctx, u)
		// A refused command that names a victim (`/mentor unpair @ann
		// @bob`) is audited, and the export lists audit entries naming
		// the person: that entry is the refusal, checked on its own.
		ex.AuditEntries = nil
		parts = append(parts, ex, err)
	}
	p, err := w.db.PairingByID(ctx, w.victim.pairing)
	parts = append(parts, p, err)
	c, err := w.db.CheckinByID(ctx, w.victim.checkin)
	parts = append(parts, c, err)
	d, err := w.db.DeliveryByID(ctx, w.victim.feedback)
	parts = append(parts, d, err)
	req, err := w.db.RequestByID(ctx, w.request)
	parts = append(parts, req, err)
	prop, err := w.db.Proposal(ctx, w.proposal)
	parts = append(parts, prop, err)
	ask, err := w.db.RoundMessage(ctx, w.victim.roundAsk)
	parts = append(parts, ask, err)
	raw, err := json.Marshal(parts)
	if err != nil {
		w.t.Fatal(err)
	}
	return string(raw)
}

// refusedOnly checks that between before and now the only effects are a
// refusal to attacker: one audited refusal by them (plus the delivery
// de-duplication record), answers to them that say nothing changed (an
// ephemeral or a DM; wantAnswer requires one; a refused form of theirs
// may say so too), and nothing else anywhere.
func (w *gateWorld) refusedOnly(t *testing.T, before snapshot, attacker string, wantAnswer bool) {
	t.Helper()
	after := w.snapshot()
	added, removed := storeDiff(before.rows, after.rows)
	for table, rows := range removed {
		t.Errorf("rows removed from %s: %v", table, rows)
	}
	for table, rows := range added {
		switch table {
		case "processed_events", "sqlite_sequence":
		case "audit_log":
			if len(rows) != 1 || !strings.Contains(rows[0], "actor_id="+attacker+" ") || !strings.Contains(rows[0], "outcome="+store.OutcomeRefused+" ") {
				t.Errorf("audit rows added: %v", rows)
			}
		default:
			t.Errorf("rows added to %s: %v", table, rows)
		}
	}
	if len(added["audit_log"]) == 0 {
		t.Errorf("no refusal audited")
	}
	dm := w.r.fake.DMChannel(attacker)
	answers := 0
	for _, c := range slackChanges(before.seen, after.seen) {
		answer := strings.HasPrefix(c, "new eph "+attacker+" ") || (dm != "" && strings.HasPrefix(c, "new msg "+dm+"/"))
		refusedForm := strings.HasPrefix(c, "changed view "+attacker+" ")
		if !(answer || refusedForm) || !strings.Contains(c, refusalMark) {
			t.Errorf("slack changed: %s", c)
			continue
		}
		if answer {
			answers++
		}
	}
	if wantAnswer && answers == 0 {
		t.Errorf("no refusal was shown to %s", attacker)
	}
	for m, n := range before.calls {
		if got := after.calls[m]; got != n {
			t.Errorf("%s called %d times", m, got-n)
		}
	}
}

// victimsUntouched checks that nothing the victims see in Slack, and
// nothing stored about them, changed since before, and that the bot made no
// call aimed at them (a rewrite with the same text changes nothing visible).
func (w *gateWorld) victimsUntouched(t *testing.T, before snapshot) {
	t.Helper()
	for _, c := range slackChanges(before.victims, w.slackSeenBy("UANN", "UBOB")) {
		t.Errorf("the victims' Slack changed: %s", c)
	}
	theirs := map[string]bool{}
	for _, u := range []string{"UANN", "UBOB"} {
		theirs[u] = true
		for _, c := range w.r.fake.ConversationsOf(u) {
			theirs[c.ID] = c.ID != w.r.fake.DefaultChannel()
		}
	}
	for _, c := range w.r.fake.Calls("")[before.ncalls:] {
		switch c.Method {
		case "chat.update", "chat.delete", "chat.postMessage", "chat.postEphemeral":
			if theirs[c.Param("channel")] || (c.Method == "chat.postEphemeral" && theirs[c.Param("user")]) {
				t.Errorf("%s aimed at the victims (channel %s)", c.Method, c.Param("channel"))
			}
		}
	}
	if now := w.victimRecords(); now != before.records {
		t.Errorf("the victims' records changed:\nbefore %s\nafter  %s", before.records, now)
	}
}
