package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
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
