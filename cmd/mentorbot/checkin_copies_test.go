package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// liveCheckinButtons counts the messages in user's DM that still offer
// check-in buttons.
func (r *running) liveCheckinButtons(user string) int {
	n := 0
	for _, m := range r.fake.Messages(r.fake.DMChannel(user)) {
		if strings.Contains(string(m.Blocks), `"checkin_met"`) {
			n++
		}
	}
	return n
}

// TestAnsweringClosesEveryCopyOfACheckin: answering a check-in's reminder
// closes the check-in's own buttons too, and answering the check-in after
// its reminder came closes the reminder's; the partner's messages are not
// touched. After weeks of answers no live buttons pile up.
func TestAnsweringClosesEveryCopyOfACheckin(t *testing.T) {
	r, a := startApp(t)
	seedPairing(t, r)

	// Week 1: Ann answers on the reminder.
	r.at(a, "2026-11-02 10:00")
	r.at(a, "2026-11-02 15:00")
	checkin := r.waitDM("UANN", "Did you meet *Bob Mentee*")
	r.at(a, "2026-11-04 15:00")
	reminder := r.waitDM("UANN", "gentle reminder")
	r.click("UANN", reminder, "checkin_met")
	if err := r.fake.Wait(r.ctx(), func() bool { return r.liveCheckinButtons("UANN") == 0 }); err != nil {
		t.Fatalf("after answering the reminder, %d messages keep live buttons:\n%s", r.liveCheckinButtons("UANN"), dumpMessages(r.fake.Messages(r.fake.DMChannel("UANN"))))
	}
	for _, m := range r.fake.Messages(r.fake.DMChannel("UANN")) {
		if m.TS == checkin.TS && !strings.Contains(msgText(m), "Your answer: *Met*") {
			t.Fatalf("the check-in does not show the answer: %s", msgText(m))
		}
	}
	if _, err := r.fake.ClickButton(r.ctx(), "UANN", slackfake.Location{Channel: checkin.Channel, TS: checkin.TS}, "checkin_not_yet", ""); err == nil {
		t.Fatal("the answered check-in still offers its buttons")
	}
	// Bob never answered: his check-in and reminder are his, and stay live.
	if n := r.liveCheckinButtons("UBOB"); n != 2 {
		t.Fatalf("Bob's messages were touched: %d live, want 2", n)
	}

	// Week 2: the reminder comes, then Ann answers the check-in itself.
	r.at(a, "2026-11-09 15:00")
	checkin2 := r.waitDM("UANN", "Did you meet *Bob Mentee*")
	for _, m := range r.dms("UANN", "Did you meet *Bob Mentee*") {
		if strings.Contains(string(m.Blocks), `"checkin_met"`) {
			checkin2 = m
		}
	}
	r.at(a, "2026-11-11 15:00")
	if err := r.fake.Wait(r.ctx(), func() bool { return r.liveCheckinButtons("UANN") == 2 }); err != nil {
		t.Fatalf("week 2: want the check-in and its reminder live, got %d", r.liveCheckinButtons("UANN"))
	}
	r.click("UANN", checkin2, "checkin_not_yet")
	if err := r.fake.Wait(r.ctx(), func() bool { return r.liveCheckinButtons("UANN") == 0 }); err != nil {
		t.Fatalf("after answering the check-in, %d messages keep live buttons", r.liveCheckinButtons("UANN"))
	}
}

// staleClick sends user's click on actionID as the message m showed it
// when it was captured (a client that has not refreshed it yet): the
// button's value is read from m's blocks.
func (r *running) staleClick(user string, m slackfake.Message, actionID string) {
	r.t.Helper()
	var blocks []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		r.t.Fatal(err)
	}
	value := ""
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.ActionID == actionID {
				value = e.Value
			}
		}
	}
	cb := slack.InteractionCallback{
		Type: slack.InteractionTypeBlockActions, Token: "stale", TriggerID: r.fake.IssueTrigger(user),
		ResponseURL: r.fake.IssueResponseURL(user, m.Channel), User: slack.User{ID: user},
		Team: slack.Team{ID: r.fake.TeamID()}, APIAppID: r.fake.AppID(),
		Container: slack.Container{Type: "message", ChannelID: m.Channel, MessageTs: m.TS},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{
			{ActionID: actionID, BlockID: "checkin", Type: "button", Value: value, ActionTs: "1.000001"}}},
	}
	cb.Channel.ID = m.Channel
	raw, err := json.Marshal(&cb)
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.fake.SendInteractive(r.ctx(), user, raw); err != nil {
		r.t.Fatal(err)
	}
}
