package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// openHome opens user's App Home and waits for its view to contain want.
func (r *running) openHome(user, want string) slackfake.View {
	r.t.Helper()
	env, err := r.fake.OpenHome(r.ctx(), user)
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	return r.waitHome(user, want)
}

// waitHome waits until user's Home tab contains want (and, with not
// given, no longer contains it).
func (r *running) waitHome(user, want string, not ...string) slackfake.View {
	r.t.Helper()
	var home slackfake.View
	err := r.fake.Wait(r.ctx(), func() bool {
		v, ok := r.fake.HomeView(user)
		if !ok {
			return false
		}
		home = v
		text := jsonUnescaper.Replace(string(v.Raw))
		for _, n := range not {
			if strings.Contains(text, n) {
				return false
			}
		}
		return strings.Contains(text, want)
	})
	if err != nil {
		r.t.Fatalf("%s's Home never showed %q (without %q); it is:\n%s\nlogs:\n%s", user, want, not, home.Raw, r.logs.String())
	}
	return home
}

// clickHome clicks a button of user's Home tab and waits for the ack.
func (r *running) clickHome(user, actionID, value string) {
	r.t.Helper()
	home, ok := r.fake.HomeView(user)
	if !ok {
		r.t.Fatalf("%s has no Home tab", user)
	}
	env, err := r.fake.ClickButton(r.ctx(), user, slackfake.Location{ViewID: home.ID}, actionID, value)
	if err != nil {
		r.t.Fatalf("click %s %s: %v", actionID, value, err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
}

// auditOf waits until the audit log has n entries of action (with
// outcome, when given) and returns them.
func (r *running) auditOf(action string, n int, outcome ...string) []store.AuditEntry {
	r.t.Helper()
	var got []store.AuditEntry
	err := r.fake.Wait(r.ctx(), func() bool {
		got = got[:0]
		all, err := r.db().AuditLog(context.Background(), time.Time{})
		if err != nil {
			return false
		}
		for _, e := range all {
			if e.Action == action && (len(outcome) == 0 || e.Outcome == outcome[0]) {
				got = append(got, e)
			}
		}
		return len(got) >= n
	})
	if err != nil {
		r.t.Fatalf("audit has %d %q %v entries, want %d: %+v", len(got), action, outcome, n, got)
	}
	return got
}

// homeHasNoCodes fails when the Home tab shows an internal code.
func homeHasNoCodes(t *testing.T, v slackfake.View) {
	t.Helper()
	var view struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(v.Raw, &view)
	for _, code := range []string{"need_help", "not_met", "low_rating", "no_teacher", "mentors_full", "not_matched", "no_topics"} {
		// Action and block IDs are Slack's, not shown; look at the texts.
		for _, text := range texts(view.Blocks) {
			if strings.Contains(text, code) {
				t.Errorf("the dashboard shows the code %q: %s", code, text)
			}
		}
	}
}

// texts collects every "text" string of a block list.
func texts(raw json.RawMessage) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				out = append(out, s)
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	var v any
	_ = json.Unmarshal(raw, &v)
	walk(v)
	return out
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// clickTogether opens each admin's Home (waiting for want on it), then has
// them all click actionID with value at the same moment and waits for the
// acks.
func (r *running) clickTogether(admins []string, want, actionID, value string) {
	r.t.Helper()
	views := map[string]slackfake.View{}
	for _, admin := range admins {
		views[admin] = r.openHome(admin, want)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(admins))
	for _, admin := range admins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env, err := r.fake.ClickButton(r.ctx(), admin, slackfake.Location{ViewID: views[admin].ID}, actionID, value)
			if err == nil {
				_, err = env.WaitAck(r.ctx())
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			r.t.Fatal(err)
		}
	}
}

// twoAdminsAndAFlaggedPairing starts the bot with two admins (UADMIN and
// Eve) and Ann and Bob's pairing flagged at risk for reason.
func twoAdminsAndAFlaggedPairing(t *testing.T, reason string) (*running, *app, store.Pairing, []string) {
	t.Helper()
	r, a := startApp(t, func(c *config) { c.Admins = append(c.Admins, eve.ID) })
	r.fake.AddUser(eve)
	db, p := seedPairing(t, r)
	if _, err := db.MarkAtRisk(context.Background(), p.ID, reason); err != nil {
		t.Fatal(err)
	}
	return r, a, p, []string{"UADMIN", eve.ID}
}
