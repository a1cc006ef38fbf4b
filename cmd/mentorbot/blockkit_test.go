package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// TestBlockKitOfEveryMessage records every message and view the bot built in
// a full session, for the Go limit checks and CI's @slack/types check.
func TestBlockKitOfEveryMessage(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go, Kubernetes"))
	r.signUp("UBOB", menteeForm("Kubernetes", ""))
	r.slash("UADMIN", "help")
	r.waitEphemeral("UADMIN", "Admin commands")
	r.slash("UBOB", "status")
	r.waitEphemeral("UBOB", "Your mentorship status")
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	r.waitMessage(func() string { return r.fake.Conversation("UANN", "UBOB") }, "Meet your mentorship match")
	r.slash("UBOB", "status")
	r.waitEphemeral("UBOB", "Your mentor")
	r.slash("UBOB", "leave")
	r.waitEphemeral("UBOB", "This cannot be undone")
	r.signUp("UCAT", menteeForm("Go", ""))
	r.signUp("UDAN", mentorForm("Go"))
	r.slash("UCAT", "find")
	r.waitEphemeral("UCAT", "Your top mentors")
	r.slash("UADMIN", "match")
	r.waitEphemeral("UADMIN", "Matching preview")
	r.slash("UADMIN", "report")
	r.waitEphemeral("UADMIN", "Program report")
	r.slash("UADMIN", "program create Autumn")
	r.waitView("UADMIN", "program_create")
	r.slash("UANN", "profile")
	r.waitView("UANN", "signup")

	if n := recordAllSent(t, r.fake); n["slash-ack"] == 0 {
		t.Fatalf("no slash-command reply in an ack: %v", n)
	}
}

// recordAllSent checks and records, as Slack would receive them, every
// message and view the bot sent in this session: it reads the fake's call
// log, so nothing the bot built escapes the check.
func recordAllSent(t *testing.T, fake *slackfake.Server) map[string]int {
	t.Helper()
	counts := map[string]int{}
	name := func(base string) string {
		counts[base]++
		return fmt.Sprintf("%s-%s-%d", t.Name(), base, counts[base])
	}
	for _, c := range fake.Calls("") {
		switch c.Method {
		case "chat.postMessage", "chat.postEphemeral", "chat.update", "response_url":
			blocks := c.Param("blocks")
			if blocks == "" || blocks == "null" {
				continue
			}
			msg := fmt.Sprintf(`{"text":%q,"blocks":%s}`, c.Param("text"), blocks)
			blockcheck.Record(t, "message", name(strings.ReplaceAll(c.Method, ".", "-")), []byte(msg))
		case "views.open", "views.push", "views.update", "views.publish":
			view := c.Param("view")
			kind := "modal"
			if strings.Contains(view, `"type":"home"`) {
				kind = "home"
			}
			blockcheck.Record(t, kind, name(strings.ReplaceAll(c.Method, ".", "-")), []byte(view))
		}
	}
	// Replies that travelled in slash-command acks.
	for _, env := range fake.Deliveries() {
		ack, ok := env.Acked()
		if !ok || len(ack.Payload) == 0 || string(ack.Payload) == "null" {
			continue
		}
		var msg struct {
			Blocks json.RawMessage `json:"blocks"`
		}
		if json.Unmarshal(ack.Payload, &msg) != nil || len(msg.Blocks) == 0 || env.Type() != slackfake.TypeSlashCommands {
			continue
		}
		blockcheck.Record(t, "message", name("slash-ack"), ack.Payload)
	}
	if len(counts) == 0 {
		t.Fatalf("no Block Kit payload was sent: %v", counts)
	}
	return counts
}
