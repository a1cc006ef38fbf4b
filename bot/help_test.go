package bot

import (
	"encoding/json"
	"os"
	"testing"
)

// TestHelpIsByteIdentical: help assembled from the registrations reads as
// the hand-written list did (testdata recorded before the move).
func TestHelpIsByteIdentical(t *testing.T) {
	b := New(nil, nil, Config{})
	for file, admin := range map[string]bool{"help-admin.json": true, "help-user.json": false} {
		want, err := os.ReadFile("../cmd/mentorbot/testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.MarshalIndent(b.HelpBlocks(admin), "", "  ")
		if string(got) != string(want) {
			t.Errorf("%s differs:\n%s\nwant:\n%s", file, got, want)
		}
	}
}
