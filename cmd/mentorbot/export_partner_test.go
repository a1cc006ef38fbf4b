package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

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
	if got, want := keysOf(doc), "audit_entries,check_ins,circle_check_ins,circle_feedback,circles,exported_at,feedback,fit_answers,format,mentor_requests,messages_sent,pairing_goals,pairings,profile,rounds_groups,rounds_series"; got != want {
		t.Errorf("top-level keys %s, want %s", got, want)
	}
	for _, k := range []string{"feedback", "mentor_requests", "fit_answers", "pairing_goals", "circles", "circle_check_ins", "circle_feedback", "rounds_series", "rounds_groups"} {
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
