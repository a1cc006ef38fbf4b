package main

import (
	"strings"
	"testing"
)

// TestHelpListsWhatTheCallerCanUse: /mentor help, through Slack, offers
// each person the commands they can use: sign-up to a newcomer, /mentor
// find to a mentee but not to a mentor, admin commands only to admins.
func TestHelpListsWhatTheCallerCanUse(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	for _, tc := range []struct {
		user      string
		want, not []string
	}{
		{"UCAT", []string{"/mentor signup"}, []string{"/mentor find", "/mentor status", "/mentor profile", "Admin commands"}},
		{"UANN", []string{"/mentor profile", "/mentor status", "/mentor pause"}, []string{"/mentor find", "/mentor signup", "/mentor resume", "Admin commands", "/mentor goals"}},
		{"UBOB", []string{"/mentor find", "/mentor status"}, []string{"/mentor signup", "Admin commands"}},
		{"UADMIN", []string{"/mentor signup", "Admin commands", "/mentor match"}, []string{"/mentor find"}},
	} {
		ack := r.slash(tc.user, "help")
		got := string(ack.Payload)
		if !strings.Contains(got, "mentorbot") {
			got = msgText(r.waitEphemeral(tc.user, "mentorbot"))
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s's help lacks %q: %s", tc.user, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n+"`") || (n == "Admin commands" && strings.Contains(got, n)) {
				t.Errorf("%s's help offers %q: %s", tc.user, n, got)
			}
		}
	}
}
