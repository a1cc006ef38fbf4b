package sim

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

type m = map[string]any

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func plainT(s string) m  { return m{"type": "plain_text", "text": s, "emoji": true} }
func mrkdwnT(s string) m { return m{"type": "mrkdwn", "text": s} }

func TestFormValuesShapeAnswersPerElement(t *testing.T) {
	in := func(id, typ string) m {
		return m{"type": "input", "block_id": id, "label": plainT(id), "element": m{"type": typ, "action_id": "value"}}
	}
	view := mustJSON(t, m{"type": "modal", "blocks": []m{
		{"type": "section", "text": mrkdwnT("intro")},
		in("role", "radio_buttons"), in("cadence", "static_select"), in("teaches", "plain_text_input"),
		in("seniority", "number_input"), in("manager", "users_select"), in("programs", "multi_static_select"),
		in("start", "datepicker"), in("untouched", "plain_text_input"),
	}})
	got, err := FormValues(view, map[string]string{
		"role": "mentor", "cadence": "weekly", "teaches": "Go, Rust", "seniority": "12", "manager": "U0RAJ",
		"programs": "spring, autumn", "start": "2026-01-05", "not_in_view": "x",
	})
	if err != nil {
		t.Fatal(err)
	}
	v := func(x slackfake.Value) map[string]slackfake.Value { return map[string]slackfake.Value{"value": x} }
	want := map[string]map[string]slackfake.Value{
		"role":      v(slackfake.Value{SelectedOption: "mentor"}),
		"cadence":   v(slackfake.Value{SelectedOption: "weekly"}),
		"teaches":   v(slackfake.Value{Value: "Go, Rust"}),
		"seniority": v(slackfake.Value{Value: "12"}),
		"manager":   v(slackfake.Value{SelectedUser: "U0RAJ"}),
		"programs":  v(slackfake.Value{SelectedOptions: []string{"spring", "autumn"}}),
		"start":     v(slackfake.Value{SelectedDate: "2026-01-05"}),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("formValues =\n%+v\nwant\n%+v", got, want)
	}
}
