package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// TestSeniorityErrorsOnTheField: a negative or fractional seniority reaches
// the bot (Slack's client does not refuse the form) and gets
// response_action "errors" on the seniority field, not a banner; nothing is
// saved.
func TestSeniorityErrorsOnTheField(t *testing.T) {
	r := startBot(t)
	for _, years := range []string{"-3", "2.5"} {
		t.Run(years, func(t *testing.T) {
			r.slash("UBOB", "signup")
			v := r.waitView("UBOB", "signup")
			form := menteeForm("Go", "")
			form["seniority"] = val(slackfake.Value{Value: years})
			env, err := r.fake.SubmitView(r.ctx(), "UBOB", v.ID, form)
			if err != nil {
				t.Fatalf("the form never reached the bot (a client-side banner): %v", err)
			}
			ack, err := env.WaitAck(r.ctx())
			if err != nil {
				t.Fatal(err)
			}
			var payload struct {
				ResponseAction string            `json:"response_action"`
				Errors         map[string]string `json:"errors"`
			}
			if err := json.Unmarshal(ack.Payload, &payload); err != nil {
				t.Fatalf("ack %s: %v", ack.Payload, err)
			}
			if payload.ResponseAction != "errors" || !strings.Contains(payload.Errors["seniority"], "whole years") || len(payload.Errors) != 1 {
				t.Fatalf("ack = %s, want an error on the seniority field only", ack.Payload)
			}
			if _, err := r.db().Participant(context.Background(), "UBOB"); err == nil {
				t.Fatal("a refused form saved a profile")
			}
			if _, err := r.fake.CloseView(r.ctx(), "UBOB", v.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestMenteeProfileHasNoCapacity: editing a mentee's profile leaves "how
// many mentees I can take" empty rather than pre-filling 0.
func TestMenteeProfileHasNoCapacity(t *testing.T) {
	r := startBot(t)
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UBOB", "profile")
	v := r.waitView("UBOB", "signup")
	var view struct {
		Blocks []struct {
			BlockID string         `json:"block_id"`
			Element map[string]any `json:"element"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(v.Raw, &view); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, b := range view.Blocks {
		switch b.BlockID {
		case "capacity":
			found = true
			if iv, ok := b.Element["initial_value"]; ok {
				t.Fatalf("a mentee's capacity is pre-filled with %v", iv)
			}
		case "seniority":
			if b.Element["initial_value"] != "2" {
				t.Fatalf("seniority not pre-filled: %v", b.Element)
			}
		}
	}
	if !found {
		t.Fatal("no capacity field in the profile form")
	}
}

// TestStatusProgramsLine: /mentor status leaves out "Programs: none" while
// the workspace has no programs, and shows it once programs exist.
func TestStatusProgramsLine(t *testing.T) {
	r := startBot(t)
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UBOB", "status")
	if got := msgText(r.waitEphemeral("UBOB", "Your mentorship status")); strings.Contains(got, "Programs") {
		t.Fatalf("status without any program mentions programs: %s", got)
	}
	if _, err := r.db().CreateProgram(context.Background(), store.NewProgram{Name: "Spring", StartsOn: "2026-03-01", Cadence: "weekly", CreatedBy: "UADMIN"}); err != nil {
		t.Fatal(err)
	}
	r.slash("UBOB", "status")
	got := ""
	if err := r.fake.Wait(r.ctx(), func() bool {
		for _, m := range r.fake.Ephemerals("UBOB") {
			if s := msgText(m); strings.Contains(s, "*Programs*") {
				got = s
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("status never showed the programs line once a program exists")
	}
	if !strings.Contains(got, "*Programs*\\nnone") {
		t.Fatalf("programs line: %s", got)
	}
}
