package sim

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/bot/playground/wire"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// Filling in a form as a person does: the quick seed's sign-ups and the
// colleagues' feedback both go through it.

// FormValues fills a view's input blocks from answers (by block_id),
// shaping each answer for its element type. Blocks without an answer are
// left as they are (their initial value).
func FormValues(viewRaw json.RawMessage, answers map[string]string) (map[string]map[string]slackfake.Value, error) {
	var view struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(viewRaw, &view); err != nil {
		return nil, fmt.Errorf("reading the view: %w", err)
	}
	blocks, err := wire.DecodeBlocks(view.Blocks)
	if err != nil {
		return nil, fmt.Errorf("reading the view's blocks: %w", err)
	}
	out := map[string]map[string]slackfake.Value{}
	for _, bl := range blocks {
		if bl.Str("type") != "input" {
			continue
		}
		answer, ok := answers[bl.Str("block_id")]
		if !ok {
			continue
		}
		el := bl.Obj("element")
		var v slackfake.Value
		switch el.Str("type") {
		case "static_select", "radio_buttons":
			v.SelectedOption = answer
		case "multi_static_select", "checkboxes":
			v.SelectedOptions = splitList(answer)
		case "users_select":
			v.SelectedUser = answer
		case "multi_users_select":
			v.SelectedUsers = splitList(answer)
		case "datepicker":
			v.SelectedDate = answer
		default:
			v.Value = answer
		}
		out[bl.Str("block_id")] = map[string]slackfake.Value{el.Str("action_id"): v}
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// AckErrors reads response_action errors from a view_submission ack.
func AckErrors(payload json.RawMessage) map[string]string {
	var ack struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if len(payload) == 0 || json.Unmarshal(payload, &ack) != nil || ack.ResponseAction != "errors" {
		return nil
	}
	return ack.Errors
}
