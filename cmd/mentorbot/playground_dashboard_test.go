package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/playground"
)

// Becoming Hana, the playground's program admin, shows the dashboard on
// the Home tab, rendered without a placeholder; an employee sees their own
// Home.
func TestPlaygroundHanaSeesTheDashboard(t *testing.T) {
	p := startPlayground(t, map[string]string{})
	p.post("/api/seed", map[string]any{})
	p.post("/api/home", map[string]string{"user": playground.AdminID})
	st := p.waitState(playground.AdminID, func(s playground.State) bool {
		return s.Home != nil && strings.Contains(s.Home.HTML, "Mentorship program dashboard")
	})
	for _, want := range []string{"Run matching", "Needs attention", "Without a mentor", "Waiting for a mentor"} {
		if !strings.Contains(st.Home.HTML, want) {
			t.Errorf("Hana's dashboard lacks %q", want)
		}
	}
	if strings.Contains(st.Home.HTML, "bk-unknown") {
		t.Errorf("the playground cannot show part of the dashboard:\n%s", st.Home.HTML)
	}
	p.post("/api/home", map[string]string{"user": "U0LEO"})
	leo := p.waitState("U0LEO", func(s playground.State) bool { return s.Home != nil })
	if strings.Contains(leo.Home.HTML, "Mentorship program dashboard") {
		t.Errorf("an employee sees the dashboard")
	}
}
