package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestShortTermBlackBox runs the built binary, as an operator would, with
// MENTORBOT_PAIRING_LENGTH=150s and MENTORBOT_RENEWAL_NOTICE=110s against
// the fake Slack, on the wall clock: two serve processes on one database
// file (one is replaced by a fresh process between the renewal and the
// end). Three pairings start together: A's people answer Continue and Wrap
// up, B's both Continue, C's nobody answers. Every renewal ask (due at
// start + 40 s), A's and C's thank-you and closing prompt (due at start +
// 150 s) and B's extension notice arrive within a minute of their due
// time, each exactly once; B is extended (to start + 300 s) instead of
// ending. It waits for real due times: about 3 minutes with the build,
// so it is skipped with -short.
func TestShortTermBlackBox(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary for about 3 minutes on the wall clock; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	fake := slackfake.New(slackfake.Options{})
	t.Cleanup(fake.Close)
	dbPath := filepath.Join(dir, "mentorbot.db")
	db, err := sqldb.Open(context.Background(), dbPath, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pairs := map[string][2]string{"A": {"UMA", "UEA"}, "B": {"UMB", "UEB"}, "C": {"UMC", "UEC"}}
	var people []string
	for _, name := range []string{"A", "B", "C"} {
		pr := pairs[name]
		for i, id := range pr {
			fake.AddUser(slackfake.User{ID: id, Name: strings.ToLower(id), RealName: "Person " + id, TZ: "UTC"})
			role := store.RoleMentor
			if i == 1 {
				role = store.RoleMentee
			}
			if _, err := db.SaveProfile(ctx, store.Profile{SlackID: id, Name: "Person " + id, Role: role, Capacity: 1,
				Cadence: store.CadenceWeekly, Timezone: "UTC"}); err != nil {
				t.Fatal(err)
			}
			people = append(people, id)
		}
	}
	start := time.Now()
	for _, name := range []string{"A", "B", "C"} {
		if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: pairs[name][0], MenteeSlack: pairs[name][1]}); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"SLACK_BOT_TOKEN=xoxb-test", "SLACK_APP_TOKEN=xapp-test", "SLACK_API_URL=" + fake.URL(),
		"MENTORBOT_DB=" + dbPath, "MENTORBOT_LOG_LEVEL=info", "MENTORBOT_DIGEST_SCHEDULE=off",
		"MENTORBOT_PAIRING_LENGTH=150s", "MENTORBOT_RENEWAL_NOTICE=110s"}
	var mu sync.Mutex
	var procs []*exec.Cmd
	logs := &syncBuffer{}
	startServe := func() *exec.Cmd {
		before := fake.ConnectCount()
		p := exec.Command(bin, "serve")
		p.Env, p.Stdout, p.Stderr = env, logs, logs
		if err := p.Start(); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		procs = append(procs, p)
		mu.Unlock()
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := fake.Wait(wctx, func() bool { return fake.ConnectCount() > before }); err != nil {
			t.Fatalf("serve never connected:\n%s", logs.String())
		}
		return p
	}
	stopServe := func(p *exec.Cmd) {
		_ = p.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- p.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve exited with %v after SIGTERM", err)
			}
		case <-time.After(30 * time.Second):
			_ = p.Process.Kill()
			<-done
			t.Error("serve ignored SIGTERM for 30 s")
		}
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range procs {
			if p.ProcessState == nil {
				_ = p.Process.Kill()
				_, _ = p.Process.Wait()
			}
		}
	})
	first := startServe()
	startServe()

	// waitAll waits until every user got a DM containing want and checks
	// it came within a minute of due.
	waitAll := func(users []string, want string, due time.Time) map[string]slackfake.Message {
		t.Helper()
		got := map[string]slackfake.Message{}
		wctx, cancel := context.WithDeadline(ctx, due.Add(time.Minute))
		defer cancel()
		err := fake.Wait(wctx, func() bool {
			for _, u := range users {
				for _, m := range fake.Messages(fake.DMChannel(u)) {
					if strings.Contains(m.Text, want) {
						got[u] = m
					}
				}
			}
			return len(got) == len(users)
		})
		if err != nil {
			t.Fatalf("within a minute of %s, %d of %d people got %q; logs:\n%s", due.Format(time.TimeOnly), len(got), len(users), want, logs.String())
		}
		t.Logf("%q: all %d people within %v of its due time", want, len(users), time.Since(due).Round(time.Second))
		return got
	}
	asks := waitAll(people, "continue another term", start.Add(40*time.Second))
	click := func(user, action string) {
		t.Helper()
		m := asks[user]
		if _, err := fake.ClickButton(ctx, user, slackfake.Location{Channel: m.Channel, TS: m.TS}, action, ""); err != nil {
			t.Fatalf("%s clicks %s: %v", user, action, err)
		}
	}
	click("UMA", "renewal_continue")
	click("UEA", "renewal_wrap_up")
	click("UMB", "renewal_continue")
	click("UEB", "renewal_continue")
	answered := time.Now()
	waitAll([]string{"UMB", "UEB"}, "both chose to continue", answered)

	// One process is replaced by a new one before the end.
	stopServe(first)
	startServe()

	ending := []string{"UMA", "UEA", "UMC", "UEC"}
	waitAll(ending, "has come to its planned end", start.Add(150*time.Second))
	waitAll(ending, "has ended. How did it go?", start.Add(150*time.Second))
	// Let both processes run a few more lifecycle rounds: nothing doubles.
	time.Sleep(12 * time.Second)
	for _, u := range people {
		counts := map[string]int{}
		for _, m := range fake.Messages(fake.DMChannel(u)) {
			for _, w := range []string{"is due to wrap up on", "both chose to continue", "has come to its planned end", "has ended. How did it go?"} {
				if strings.Contains(m.Text, w) {
					counts[w]++
				}
			}
		}
		want := map[string]int{"is due to wrap up on": 1}
		if u == "UMB" || u == "UEB" {
			want["both chose to continue"] = 1
		} else {
			want["has come to its planned end"], want["has ended. How did it go?"] = 1, 1
		}
		if fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Errorf("%s got %v, want %v", u, counts, want)
		}
	}
	for _, pr := range []string{"A", "B", "C"} {
		ps, err := db.ActivePairings(ctx, pairs[pr][0])
		if err != nil {
			t.Fatal(err)
		}
		if active := len(ps) == 1; active != (pr == "B") {
			t.Errorf("pairing %s active: %v", pr, active)
		}
	}
	mu.Lock()
	live := append([]*exec.Cmd(nil), procs...)
	mu.Unlock()
	for _, p := range live {
		if p != first {
			stopServe(p)
		}
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", logs.String())
	}
}
