package bot

import "testing"

// TestPersonNameNeverShowsAPseudonym: a person who left (the pseudonyms
// store.Leave writes, old and new) is "a former participant" in mrkdwn and
// in plain text; others are their escaped name or a mention.
func TestPersonNameNeverShowsAPseudonym(t *testing.T) {
	for _, tc := range []struct {
		name, id, mrkdwn, plain string
	}{
		{"", "left-18", msgFormerParticipant, msgFormerParticipant},
		{"", "left-3f9a0c1d2e4b5a6978c0d1e2", msgFormerParticipant, msgFormerParticipant},
		{"Bob <b> & co", "left-3f9a", msgFormerParticipant, msgFormerParticipant},
		{"Bob <b> & co", "UBOB", "Bob &lt;b&gt; &amp; co", "Bob <b> & co"},
		{"", "UBOB", "<@UBOB>", "UBOB"},
		{"", "", msgPartnerUnnamed, msgPartnerUnnamed},
	} {
		if got := personName(tc.name, tc.id); got != tc.mrkdwn {
			t.Errorf("personName(%q, %q) = %q, want %q", tc.name, tc.id, got, tc.mrkdwn)
		}
		if got := plainName(tc.name, tc.id); got != tc.plain {
			t.Errorf("plainName(%q, %q) = %q, want %q", tc.name, tc.id, got, tc.plain)
		}
	}
	if got := personRef("left-18"); got != msgFormerParticipant {
		t.Errorf("personRef = %q", got)
	}
}
