package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground"
	"github.com/mentorbot/mentorbot/store/report"
)

// The README's playground tour, played through the page's API: quick
// seed, Hana matches everyone, Leo answers his first check-in, three
// weeks pass while the other colleagues live their program.

// tourPerson is who the visitor is for the check-in and the weeks.
const tourPerson = "U0LEO"

// answerRE reads an answered check-in: about whom, and the answer.
var answerRE = regexp.MustCompile(`Did you meet <b>([^<]+)</b>.*?Your answer: <b>([^<]+)</b>`)

var dataValue = regexp.MustCompile(`data-action-id="([a-z_]+)" data-value="([^"]*)"`)

// seedAndMatch signs everybody up and confirms Hana's matching.
func (p *pgRun) seedAndMatch() {
	p.t.Helper()
	seeded := len(playground.People()) - 3
	if n := len(p.post("/api/seed", map[string]any{})["signed_up"].([]any)); n != seeded {
		p.t.Fatalf("quick seed signed up %d, want %d", n, seeded)
	}
	// The bot stores a sign-up after acking its form: wait for all.
	p.waitState(playground.AdminID, func(s playground.State) bool {
		n := 0
		for _, person := range s.People {
			if person.Role != "" {
				n++
			}
		}
		return n == seeded
	})
	p.post("/api/command", map[string]string{"user": playground.AdminID, "text": "/mentor match"})
	st := p.waitState(playground.AdminID, has("", `data-action-id="match_confirm"`))
	conv, preview, _ := findMessage(st, "", `data-action-id="match_confirm"`)
	value := ""
	for _, m := range dataValue.FindAllStringSubmatch(preview.HTML, -1) {
		if m[1] == "match_confirm" {
			value = m[2]
		}
	}
	p.post("/api/click", map[string]string{"user": playground.AdminID, "channel": conv.ID, "ts": preview.TS, "action_id": "match_confirm", "value": value})
	p.waitState(tourPerson, has("mpim", "Meet your mentorship match"))
}

// answerFirstCheckin travels to the tour person's next check-in slot and
// answers Met.
func (p *pgRun) answerFirstCheckin() {
	p.t.Helper()
	tr := p.post("/api/travel", map[string]string{"to": "checkin", "user": tourPerson})
	if note := tr["note"].(string); !strings.Contains(note, "Leo Fischer (the person you are)") {
		p.t.Fatalf("the check-in slot is not Leo's: %s", note)
	}
	st := p.waitState(tourPerson, has("im", `data-action-id="checkin_met"`))
	dm, checkin, _ := findMessage(st, "im", `data-action-id="checkin_met"`)
	id := regexp.MustCompile(`data-action-id="checkin_met" data-value="([0-9]+)"`).FindStringSubmatch(checkin.HTML)[1]
	p.post("/api/click", map[string]string{"user": tourPerson, "channel": dm.ID, "ts": checkin.TS, "action_id": "checkin_met", "value": id})
	p.waitState(tourPerson, has("im", "Great, thanks for letting me know"))
}

// weekLater presses "One week later" as the tour person.
func (p *pgRun) weekLater() map[string]any {
	p.t.Helper()
	return p.post("/api/travel", map[string]string{"to": "week", "user": tourPerson})
}

// playTour is the whole tour; it returns the report of the database after
// it, as `mentorbot report` computes it.
func (p *pgRun) playTour() report.Report {
	p.t.Helper()
	p.seedAndMatch()
	p.answerFirstCheckin()
	for range 3 {
		p.t.Logf("%v", p.weekLater()["note"])
	}
	raw, err := openDB(p.t, p.db).ReportData(context.Background(), report.Scope{})
	if err != nil {
		p.t.Fatal(err)
	}
	return report.Build(raw, 5)
}

// TestPlaygroundTour checks the tour ends on a report with something to
// show: department rows, weekly figures, released feedback and at-risk
// pairs, made by colleagues who behave roughly as people do.
func TestPlaygroundTour(t *testing.T) {
	p := startPlayground(t, nil)
	rep := p.playTour()

	named := 0
	for _, d := range rep.Departments {
		if d.People != nil && d.CheckinsSent != nil && d.CheckinsAnswered != nil {
			named++
		}
	}
	if named < 5 {
		t.Errorf("%d department rows with people, check-ins sent and answered; want 5 or more: %+v", named, rep.Departments)
	}
	// Weekly figures: the tour's three full weeks are shown (the last,
	// partial one, whose check-ins went out as the tour ended, may not be).
	var full []report.WeekRow
	for _, w := range rep.CheckIns.Weeks {
		if w.Sent != nil && w.Answered != nil && w.Met != nil {
			full = append(full, w)
		}
	}
	if len(full) < 3 {
		t.Errorf("%d weeks shown in full; want 3 or more", len(full))
	}
	if r := rep.Feedback.Responses; r == nil || *r < 10 || rep.Feedback.AverageRating == nil {
		t.Errorf("feedback not released: %+v", rep.Feedback)
	}
	shownRatings := 0
	for _, c := range rep.Feedback.Distribution.Buckets() {
		if c != nil {
			shownRatings++
		}
	}
	if shownRatings < 2 {
		t.Errorf("rating distribution: %d values shown", shownRatings)
	}
	if len(rep.AtRisk) == 0 {
		t.Error("no at-risk pairing after the tour")
	}
	// The seeded networking rounds on #general ran weekly as time
	// travelled, and the colleagues answered their "Did you meet?".
	if ro := rep.Rounds; ro.Series != 1 || ro.Rounds < 3 || ro.Groups == 0 || ro.Answers == 0 {
		t.Errorf("networking rounds after the tour: %+v", ro)
	}
	if l := rep.Participants.Left; l < 1 || l > 2 {
		t.Errorf("%d people left; want one or two", l)
	}
	// Roughly what people do, over the weeks whose check-ins had time to
	// be answered: about 80 % answer, about 65 % of answers are Met.
	var sent, answered, met int
	for _, w := range full {
		if w.Week != rep.CheckIns.Weeks[len(rep.CheckIns.Weeks)-1].Week {
			sent, answered, met = sent+*w.Sent, answered+*w.Answered, met+*w.Met
		}
	}
	ra, rm := float64(answered)/float64(sent), float64(met)/float64(answered)
	t.Logf("full weeks: check-ins sent %d, answered %d (%.0f %%), met %d (%.0f %% of answers); feedback %d, average %.2f; at risk %d; left %d",
		sent, answered, 100*ra, met, 100*rm, *rep.Feedback.Responses, *rep.Feedback.AverageRating, len(rep.AtRisk), rep.Participants.Left)
	if ra < 0.7 || ra > 0.9 || rm < 0.55 || rm > 0.75 {
		t.Errorf("answered %.2f of check-ins, met %.2f of answers; want about 0.8 and 0.65", ra, rm)
	}
	if avg := *rep.Feedback.AverageRating; avg < 3.2 || avg > 4.6 {
		t.Errorf("average rating %.2f is not a realistic spread", avg)
	}

	// The HTML report, as the admin opens it, shows the same.
	html := p.get("/report?as=" + playground.AdminID)
	for _, dept := range []string{"Platform", "Payments", "Data", "Mobile", "Design", "Web"} {
		if !strings.Contains(html, dept) {
			t.Errorf("the HTML report has no %s row", dept)
		}
	}
}

// TestPlaygroundSimulationIsDeterministic plays the tour twice: the
// colleagues answer exactly the same way (fixed seed).
func TestPlaygroundSimulationIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("plays the tour twice")
	}
	answers := func() map[string][]string {
		p := startPlayground(t, nil)
		p.playTour()
		out := map[string][]string{}
		for _, person := range playground.People() {
			if person.ID == tourPerson {
				continue
			}
			st := p.getState(person.ID, "")
			for _, c := range st.Convs {
				if c.Kind != "im" {
					continue
				}
				for _, m := range c.Messages {
					if a := answerRE.FindStringSubmatch(m.HTML); a != nil {
						out[person.ID] = append(out[person.ID], a[1]+": "+a[2])
					}
				}
			}
		}
		return out
	}
	first, second := answers(), answers()
	total := 0
	for id, a := range first {
		total += len(a)
		if strings.Join(a, "\n") != strings.Join(second[id], "\n") {
			t.Errorf("%s answered differently:\n%v\n%v", id, a, second[id])
		}
	}
	if len(first) != len(second) || total < 50 {
		t.Errorf("%d and %d people answered, %d answers", len(first), len(second), total)
	}
}

// BenchmarkPlaygroundWeek measures "One week later" after the tour's
// start (seed, matching, Leo's first check-in): each iteration is one more
// week of 58 colleagues. Run: go test ./cmd/mentorbot -run '^$' -bench
// PlaygroundWeek -benchtime 3x
func BenchmarkPlaygroundWeek(b *testing.B) {
	p := startPlayground(b, nil)
	p.seedAndMatch()
	p.answerFirstCheckin()
	var answered float64
	var slowest time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		tr := p.weekLater()
		slowest = max(slowest, time.Since(start))
		answered += tr["others"].(map[string]any)["answered"].(float64)
	}
	b.ReportMetric(answered/float64(b.N), "answers/op")
	b.ReportMetric(slowest.Seconds(), "slowest-s")
}
