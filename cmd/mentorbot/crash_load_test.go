package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// The crash campaign's load (sign-ups, check-in answers) and what it
// counts and checks between kills.

// signUp runs one person's sign-up and remembers it if the submission was
// acked and the confirmation DM arrived.
func (h *crashHarness) signUp(ctx context.Context, user string) {
	h.fake.AddUser(slackfake.User{ID: user, Name: strings.ToLower(user), RealName: "New " + user})
	env, err := h.fake.SlashCommand(ctx, user, "/mentor", "signup")
	if err != nil {
		return
	}
	if _, err := env.WaitAck(ctx); err != nil {
		return
	}
	var view slackfake.View
	if h.fake.Wait(ctx, func() bool {
		for _, v := range h.fake.OpenViews(user) {
			if v.CallbackID == "signup" {
				view = v
				return true
			}
		}
		return false
	}) != nil {
		return
	}
	env, err = h.fake.SubmitView(ctx, user, view.ID, menteeForm("Go", ""))
	if err != nil {
		return
	}
	ack, err := env.WaitAck(ctx)
	if err != nil || ack.Payload != nil {
		return
	}
	if h.fake.Wait(ctx, func() bool {
		for _, m := range h.fake.Messages(h.fake.DMChannel(user)) {
			if strings.Contains(m.Text, "Thanks for signing up") {
				return true
			}
		}
		return false
	}) != nil {
		return
	}
	h.mu.Lock()
	h.signedUp = append(h.signedUp, user)
	h.mu.Unlock()
}

// checkinOf reads the check-in id from a check-in message's Met button.
func checkinOf(m slackfake.Message) (int64, bool) {
	var blocks []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if json.Unmarshal(m.Blocks, &blocks) != nil {
		return 0, false
	}
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.ActionID == "checkin_met" {
				id, err := strconv.ParseInt(e.Value, 10, 64)
				return id, err == nil
			}
		}
	}
	return 0, false
}

// answerSome clicks Met on up to n unanswered check-ins and remembers the
// ones whose click was acked and whose message then showed the answer.
func (h *crashHarness) answerSome(ctx context.Context, pairs, n int) {
	for i := 0; i < pairs && n > 0; i++ {
		user := fmt.Sprintf("UME%03d", i)
		for _, m := range h.fake.Messages(h.fake.DMChannel(user)) {
			id, ok := checkinOf(m)
			if !ok || n == 0 {
				continue
			}
			h.mu.Lock()
			done := h.clicked[id]
			h.clicked[id] = true
			h.mu.Unlock()
			if done {
				continue
			}
			n--
			env, err := h.fake.ClickButton(ctx, user, slackfake.Location{Channel: m.Channel, TS: m.TS}, "checkin_met", "")
			if err != nil {
				return
			}
			if _, err := env.WaitAck(ctx); err != nil {
				return
			}
			if h.fake.Wait(ctx, func() bool {
				for _, now := range h.fake.Messages(m.Channel) {
					if now.TS == m.TS && strings.Contains(now.Text, "Your answer") {
						return true
					}
				}
				return false
			}) != nil {
				return
			}
			h.mu.Lock()
			h.answered[id] = true
			h.mu.Unlock()
		}
	}
}

// load runs sign-ups and answers until ctx ends.
func (h *crashHarness) load(ctx context.Context, pairs int) *sync.WaitGroup {
	var wg sync.WaitGroup
	for range 3 {
		h.mu.Lock()
		h.nextUser++
		user := fmt.Sprintf("UNEW%04d", h.nextUser)
		h.mu.Unlock()
		wg.Add(1)
		go func() { defer wg.Done(); h.signUp(ctx, user) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); h.answerSome(ctx, pairs, 4) }()
	return &wg
}

// checkinPosts counts check-in messages Slack accepted so far.
func (h *crashHarness) checkinPosts() int {
	n := 0
	for _, call := range h.fake.Calls("chat.postMessage") {
		if _, ok := checkinOf(slackfake.Message{Blocks: json.RawMessage(call.Param("blocks"))}); ok && call.Error == "" {
			n++
		}
	}
	return n
}

// pending counts outbox rows still waiting to go out.
func (h *crashHarness) pending() int {
	db, err := sqldb.Open(context.Background(), h.db, sqldb.Options{ReadOnly: true})
	if err != nil {
		return -1
	}
	defer db.Close()
	counts, err := db.DeliveryCounts(context.Background())
	if err != nil {
		return -1
	}
	n := 0
	for k, c := range counts {
		if k[1] == store.DeliveryPending {
			n += c
		}
	}
	return n
}

// integrity opens the file (no bot running) and runs integrity_check.
func (h *crashHarness) integrity() {
	h.t.Helper()
	db, err := sqldb.Open(context.Background(), h.db, sqldb.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.IntegrityCheck(context.Background()); err != nil || v != "ok" {
		h.t.Fatalf("integrity_check = %q, %v", v, err)
	}
}
