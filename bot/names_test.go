package bot

import "testing"

// TestPersonNameNeverShowsAPseudonym: a person who left (the pseudonyms
// store.Leave writes, old and new) is "a former participant" in mrkdwn and
// in plain text; others are their escaped name or a mention.
func TestPersonNameNeverShowsAPseudonym(t *testing.T) {
	for _, tc := range []struct {
		name, id, mrkdwn, plain string
	}{
		{"", "left-18", MsgFormerParticipant, MsgFormerParticipant},
		{"", "left-3f9a0c1d2e4b5a6978c0d1e2", MsgFormerParticipant, MsgFormerParticipant},
		{"Bob <b> & co", "left-3f9a", MsgFormerParticipant, MsgFormerParticipant},
		{"Bob <b> & co", "UBOB", "Bob &lt;b&gt; &amp; co", "Bob <b> & co"},
		{"", "UBOB", "<@UBOB>", "UBOB"},
		{"", "", MsgPartnerUnnamed, MsgPartnerUnnamed},
	} {
		if got := PersonName(tc.name, tc.id); got != tc.mrkdwn {
			t.Errorf("PersonName(%q, %q) = %q, want %q", tc.name, tc.id, got, tc.mrkdwn)
		}
		if got := PlainName(tc.name, tc.id); got != tc.plain {
			t.Errorf("PlainName(%q, %q) = %q, want %q", tc.name, tc.id, got, tc.plain)
		}
	}
	if got := PersonRef("left-18"); got != MsgFormerParticipant {
		t.Errorf("personRef = %q", got)
	}
}
