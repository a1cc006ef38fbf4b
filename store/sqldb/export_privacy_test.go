package sqldb_test

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestExportLeavesOutWhatThePartnerRaised: a rematch offer the partner's
// own answer caused is not in my export (before product.md's Health rule
// changed, both people got one); one my answer caused, or one for a flag
// both saw, is. No pairing field carries a reason.
func TestExportLeavesOutWhatThePartnerRaised(t *testing.T) {
	cases := []struct {
		name      string
		flag      func(t *testing.T, db *sqldb.DB, p store.Pairing, clock *fixedClock)
		mineShown bool // UA's offer is in UA's export
	}{
		{"partner asked for help", func(t *testing.T, db *sqldb.DB, p store.Pairing, clock *fixedClock) {
			answer(t, db, p, p.MenteeID, "UB", clock)
		}, false},
		{"partner rated 2 or less", func(t *testing.T, db *sqldb.DB, p store.Pairing, clock *fixedClock) {
			rate(t, db, p, "UB", 1, clock)
		}, false},
		{"I asked for help", func(t *testing.T, db *sqldb.DB, p store.Pairing, clock *fixedClock) {
			answer(t, db, p, p.MentorID, "UA", clock)
		}, true},
		{"I rated 2 or less, after the partner asked for help", func(t *testing.T, db *sqldb.DB, p store.Pairing, clock *fixedClock) {
			answer(t, db, p, p.MenteeID, "UB", clock)
			clock.t = clock.t.Add(1e9)
			rate(t, db, p, "UA", 2, clock)
		}, false},
		{"not met for 3 check-ins (both saw it)", func(t *testing.T, db *sqldb.DB, p store.Pairing, clock *fixedClock) {
			if _, err := db.MarkAtRisk(context.Background(), p.ID, store.RiskNotMeeting); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db, clock, _, p := outboxFixture(t)
			tc.flag(t, db, p, clock)
			pr, err := db.PairingByID(ctx, p.ID)
			if err != nil || pr.AtRiskAt == nil {
				t.Fatalf("not at risk: %+v %v", pr, err)
			}
			// The offer as the old Health rule sent it: to both people.
			if _, err := db.Enqueue(ctx, []store.NewDelivery{
				{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindRematchOffer, Slot: *pr.AtRiskAt},
				{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindRematchOffer, Slot: *pr.AtRiskAt},
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.EndPairingByID(ctx, p.ID, "rematch requested"); err != nil {
				t.Fatal(err)
			}
			ex, err := db.ExportPerson(ctx, "UA")
			if err != nil {
				t.Fatal(err)
			}
			if got := hasKind(ex, store.KindRematchOffer); got != tc.mineShown {
				t.Errorf("UA's export shows a rematch offer: %v, want %v (%+v)", got, tc.mineShown, ex.Deliveries)
			}
			raw, _ := json.Marshal(ex)
			for _, leak := range []string{store.RiskNeedHelp, store.RiskLowRating, store.RiskNotMeeting, "rematch requested", "risk", "end_reason"} {
				if strings.Contains(string(raw), leak) {
					t.Errorf("UA's export holds %q: %s", leak, raw)
				}
			}
			if len(ex.Pairings) != 1 || ex.Pairings[0].Status != "ended" || ex.Pairings[0].PartnerSlackID != "UB" || ex.Pairings[0].MyRole != store.RoleMentor {
				t.Errorf("pairing %+v", ex.Pairings)
			}
		})
	}
}

func answer(t *testing.T, db *sqldb.DB, p store.Pairing, who int64, slackID string, clock *fixedClock) {
	t.Helper()
	id := sentCheckin(t, db, p, who, clock.t)
	if res, err := db.AnswerCheckin(context.Background(), id, slackID, store.AnswerNeedHelp); err != nil || !res.Recorded {
		t.Fatalf("answer: %+v %v", res, err)
	}
}

func rate(t *testing.T, db *sqldb.DB, p store.Pairing, slackID string, rating int, clock *fixedClock) {
	t.Helper()
	if ok, err := db.SaveFeedback(context.Background(), store.NewFeedback{PairingID: p.ID, SlackID: slackID, Slot: clock.t, Rating: rating}); err != nil || !ok {
		t.Fatalf("feedback: %v %v", ok, err)
	}
}

func hasKind(ex store.Export, kind string) bool {
	for _, d := range ex.Deliveries {
		if d.Kind == kind {
			return true
		}
	}
	return false
}

// TestExportOfANewcomerHasEmptyLists: every list is [] (never null), and
// every key is snake_case.
func TestExportOfANewcomerHasEmptyLists(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	p := profile("UNEW", store.RoleMentee)
	p.Teaches, p.Learns = nil, nil
	if _, err := db.SaveProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	ex, err := db.ExportPerson(ctx, "UNEW")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(ex)
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["format"] != store.ExportFormat {
		t.Errorf("format = %v", doc["format"])
	}
	for _, k := range []string{"pairings", "check_ins", "feedback", "messages_sent", "mentor_requests", "audit_entries", "rounds_series", "rounds_groups"} {
		if l, ok := doc[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %#v, want []", k, doc[k])
		}
	}
	prof := doc["profile"].(map[string]any)
	for _, k := range []string{"teaches", "learns", "programs"} {
		if l, ok := prof[k].([]any); !ok || len(l) != 0 {
			t.Errorf("profile.%s = %#v, want []", k, prof[k])
		}
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	for _, k := range jsonKeys(reflect.TypeOf(store.Export{})) {
		if !snake.MatchString(k) {
			t.Errorf("key %q is not snake_case", k)
		}
	}
}

// TestExportFormatIsDocumented: docs/export.md names every field of the
// export, so a field cannot be added without documenting it.
func TestExportFormatIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/export.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range jsonKeys(reflect.TypeOf(store.Export{})) {
		if !strings.Contains(string(doc), "`"+k+"`") {
			t.Errorf("docs/export.md does not document `%s`", k)
		}
	}
}

// jsonKeys lists the JSON keys of a struct type and of the structs it
// holds, depth first.
func jsonKeys(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.PkgPath() != reflect.TypeOf(store.Export{}).PkgPath() {
		return nil
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		out = append(out, name)
		out = append(out, jsonKeys(f.Type)...)
	}
	return out
}
