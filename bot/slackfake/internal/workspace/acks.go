package workspace

import (
	"encoding/json"
	"fmt"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/blocks"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// AckEffect says what Slack does with the ack payload of an envelope.
type AckEffect struct {
	kind    string // "slash", "view_submission" or ""
	user    string
	channel string
	viewID  string
	respURL string // slash commands: their response_url id, for replace_original
}

// ApplyAckLocked does what Slack does with an ack payload: a slash command
// reply becomes a message, a view_submission response_action changes the
// modal stack. It returns why Slack would refuse the payload, if it would.
func (ws *Workspace) ApplyAckLocked(effect any, payload json.RawMessage) string {
	eff, _ := effect.(AckEffect)
	switch eff.kind {
	case "slash":
		return ws.applySlashAckLocked(eff, payload)
	case "view_submission":
		return ws.applySubmissionAckLocked(eff, payload)
	}
	return ""
}

func (ws *Workspace) applySlashAckLocked(eff AckEffect, payload json.RawMessage) string {
	if payload == nil {
		return ""
	}
	req, err := webapi.JSONRequest(payload)
	if err != nil {
		return "slash command reply is not a JSON object"
	}
	c, err := ws.requestContentLocked(req)
	if err != nil {
		return "slash command reply refused: " + webapi.ErrText(err)
	}
	if !c.hasAnyVisibleContent {
		return ""
	}
	var m *Message
	if req.Get("response_type") == "in_channel" {
		m = ws.postLocked(eff.channel, c, "slash_ack")
	} else {
		m = ws.postEphemeralLocked(eff.channel, eff.user, c, "slash_ack")
	}
	if rec := ws.responseURLs[eff.respURL]; rec != nil {
		rec.last = refOf(m)
	}
	return ""
}

// applySubmissionAckLocked applies a view_submission ack: no payload closes
// the view; "errors" keeps it open; "update" replaces it; "push" stacks a
// new one; "clear" closes the whole stack.
func (ws *Workspace) applySubmissionAckLocked(eff AckEffect, payload json.RawMessage) string {
	v := ws.views[eff.viewID]
	if v == nil || !v.open {
		return "view is no longer open"
	}
	var r struct {
		ResponseAction string            `json:"response_action"`
		View           json.RawMessage   `json:"view"`
		Errors         map[string]string `json:"errors"`
	}
	if payload != nil {
		if err := json.Unmarshal(payload, &r); err != nil {
			return "view_submission ack payload is not a response_action object"
		}
	}
	switch r.ResponseAction {
	case "":
		ws.closeViewLocked(eff.user, eff.viewID)
	case "errors":
		if len(r.Errors) == 0 {
			return "response_action errors without errors"
		}
		inputs := map[string]bool{}
		for _, b := range blocks.Inputs(v.fields["blocks"]) {
			inputs[b.BlockID] = true
		}
		for blockID := range r.Errors {
			if !inputs[blockID] {
				return fmt.Sprintf("errors names block_id %q, which is not an input block of view %s", blockID, v.id)
			}
		}
	case "update":
		fields, err := ws.parseViewLocked(r.View, "modal")
		if err != nil {
			return "response_action update refused: " + webapi.ErrText(err)
		}
		if err := ws.replaceViewLocked(v, fields); err != nil {
			return "response_action update refused: " + webapi.ErrText(err)
		}
	case "push":
		fields, err := ws.parseViewLocked(r.View, "modal")
		if err != nil {
			return "response_action push refused: " + webapi.ErrText(err)
		}
		if _, err := ws.pushViewLocked(eff.user, fields); err != nil {
			return "response_action push refused: " + webapi.ErrText(err)
		}
	case "clear":
		ws.closeStackLocked(eff.user)
	default:
		return fmt.Sprintf("unknown response_action %q", r.ResponseAction)
	}
	return ""
}
