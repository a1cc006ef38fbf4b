package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// TestNoSecretsInDebugLogs runs a whole session at debug level (sign-ups,
// a pairing, a check-in and its answer, feedback through the modal, an
// export, a refused admin command, a leave) and then searches everything
// serve logged for tokens and for the feedback's words.
func TestNoSecretsInDebugLogs(t *testing.T) {
	r, a := startApp(t)
	leaverSession(t, r) // sign-ups with markers, pair, feedback with markers

	r.at(a, "2026-11-02 10:00") // Bob's Monday check-in (London)
	checkin := r.waitDM("UBOB", "Did you meet")
	r.click("UBOB", checkin, "checkin_met")
	r.waitDM("UBOB", "Your answer: *Met*")

	// A feedback prompt answered through its button, too.
	r.at(a, "2026-12-01 14:00")
	prompt := r.waitDM("UBOB", "How is your mentorship with")
	r.click("UBOB", prompt, "feedback_open")
	v := r.waitView("UBOB", "feedback")
	if payload := r.submit("UBOB", v.ID, formValues{
		"rating":    val(slackfake.Value{SelectedOption: "1"}),
		"went_well": val(slackfake.Value{Value: "MKPROMPT7q2x nothing <!here>"}),
	}); payload != nil {
		t.Fatalf("feedback refused: %v", payload)
	}
	r.waitDM("UBOB", "was received")

	r.slash("UBOB", "export")
	r.waitEphemeral("UBOB", "I've sent you a direct message")
	r.slash("UBOB", "program create Secret")
	r.waitEphemeral("UBOB", "for program admins")
	r.fake.FailNext("chat.postMessage", 1, slackfake.Fault{Status: 500})
	r.slash("UBOB", "leave")
	ask := r.waitEphemeral("UBOB", "This cannot be undone")
	clickIn(t, r, "UBOB", ask, "leave_confirm")
	r.waitEphemeral("UBOB", "personal data is erased")
	r.shutdown()

	logs := r.logs.String()
	if !strings.Contains(logs, "level=DEBUG") {
		t.Fatal("nothing was logged at debug level: the check would prove nothing")
	}
	secrets := []string{"xoxb-", "xapp-", "MKWELL7q2x", "we met twice", "MKCHANGE7q2x", "MKPROGRESS7q2x", "halfway there", "MKPROMPT7q2x"}
	for _, s := range secrets {
		if i := strings.Index(logs, s); i >= 0 {
			t.Errorf("the logs contain %q: …%s…", s, logs[max(0, i-200):min(len(logs), i+80)])
		}
	}
	t.Logf("%d log lines searched", strings.Count(logs, "\n"))
}
