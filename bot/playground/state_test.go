package playground

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestStateDefaultsAndPeople(t *testing.T) {
	e := newEnv(t)
	// A fresh page (or a stale ?as=) shows the first person left to sign
	// up by hand.
	for _, user := range []string{"", "U404"} {
		if st := e.state(user); st.User != "U0TOMAS" {
			t.Errorf("state(%q).User = %s, want U0TOMAS", user, st.User)
		}
	}
	st := e.state("U0ADA")
	if st.User != "U0ADA" || len(st.People) != 3 || !st.People[0].Admin || st.People[1].Admin {
		t.Fatalf("people = %+v", st.People)
	}
	if st.Features.TimeTravel || st.Features.Report || !st.Features.Seed {
		t.Errorf("features = %+v", st.Features)
	}
	if st.NowLabel != "Mon 2 Nov 2026, 10:00 (Europe/Stockholm)" {
		t.Errorf("now label = %q", st.NowLabel)
	}
	if c, ok := conv(st, "channel"); !ok || c.Name != "#general" || c.Messages == nil {
		t.Errorf("general = %+v", c)
	}
}

func TestLongPollWaitsForAChange(t *testing.T) {
	e := newEnv(t)
	st := e.state("U0ADA")
	got := make(chan State, 1)
	go func() {
		res, err := http.Get(e.http.URL + "/api/state?user=U0ADA&since=" + jsonNum(st.Rev))
		if err != nil {
			return
		}
		defer res.Body.Close()
		var s State
		_ = json.NewDecoder(res.Body).Decode(&s)
		got <- s
	}()
	if code, res := e.post("/api/command", map[string]string{"user": "U0ADA", "text": "/mentor echo hello"}); code != 200 || res["ok"] != true {
		t.Fatalf("command: %d %v", code, res)
	}
	select {
	case s := <-got:
		if s.Rev == st.Rev {
			t.Errorf("long poll answered with the same revision %d", s.Rev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the long poll did not answer after a change")
	}
	e.waitState("U0ADA", func(s State) bool { return hasMessage(s, "channel", "got:") })
}
