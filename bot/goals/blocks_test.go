package goals

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/store"
)

// TestBlocksAreValidAndEscaped: the goals form, the check-in's goal
// question and the fit pulse are valid Block Kit, at their largest, and a
// goal's text cannot break the formatting or mention anyone.
func TestBlocksAreValidAndEscaped(t *testing.T) {
	hostile := "<!channel> *bold* & " + strings.Repeat("x", store.MaxGoalLen-20)
	goals := []store.Goal{
		{ID: 11, Position: 1, Text: hostile, Target: "2026-12-15", Status: store.GoalProgressing},
		{ID: 12, Position: 2, Text: "Give a talk", Status: store.GoalNotStarted},
		{ID: 13, Position: 3, Text: "Ship it", Status: store.GoalDone},
	}
	p := store.Pairing{ID: 7, MentorSlack: "UANN", MentorName: "Ann <Mentor>", MenteeSlack: "UBOB", MenteeName: "Bob"}
	blockcheck.Record(t, "modal", "goals-form", goalsModal(p, goals))
	blockcheck.Record(t, "modal", "goals-form-empty", goalsModal(p, nil))

	cg := store.CheckinGoals{Ask: true, Goals: goals, Answers: map[int64]string{13: store.GoalDone}}
	progress := progressBlocks(cg)
	blockcheck.Record(t, "message", "checkin-goals", map[string]any{"text": "Did you meet", "blocks": progress})
	if progressBlocks(store.CheckinGoals{Goals: goals}) != nil {
		t.Error("a check-in that does not ask shows goals")
	}
	text, blocks, ok := (&Goals{}).Render(context.Background(), store.Delivery{ID: 5, Kind: store.KindFitPulse, OtherName: "Ann <Mentor>", OtherSlack: "UANN"})
	if !ok || !strings.Contains(text, "Ann &lt;Mentor&gt;") {
		t.Fatalf("fit pulse: %q %v", text, ok)
	}
	blockcheck.Record(t, "message", "fit-pulse", map[string]any{"text": text, "blocks": blocks})
	if _, _, ok := (&Goals{}).Render(context.Background(), store.Delivery{Kind: store.KindCheckin}); ok {
		t.Error("goals rendered a check-in")
	}

	lines := goalLines(goals)
	for _, want := range []string{"&lt;!channel&gt;", "&amp;", "(by 2026-12-15)", "_Progressing_", "_Done_", "_Not started_"} {
		if !strings.Contains(lines, want) {
			t.Errorf("goal lines lack %q: %s", want, lines)
		}
	}
	if strings.Contains(lines, "<!channel>") {
		t.Error("a goal can mention @channel")
	}
}
