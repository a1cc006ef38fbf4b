package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/blocks"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// View is a modal or Home tab as the bot last set it.
type View struct {
	ID              string
	Type            string // "modal" or "home"
	UserID          string // whose screen it is on
	CallbackID      string
	PrivateMetadata string
	Hash            string
	ExternalID      string
	RootViewID      string
	PreviousViewID  string
	Open            bool            // modals: still on the user's modal stack; home: always true
	Raw             json.RawMessage // the full view object Slack would send (blocks, title, submit, state, ...)
}

// viewRec is a stored view.
type viewRec struct {
	id, typ, user      string
	fields             map[string]json.RawMessage // the view as the app sent it, blocks normalized
	hash               string
	rootID, previousID string
	state              json.RawMessage // {"values":{…}} last submitted
	open               bool
}

func (v *viewRec) field(name string) string {
	var out string
	_ = json.Unmarshal(v.fields[name], &out)
	return out
}

func (v *viewRec) boolField(name string) bool {
	var out bool
	_ = json.Unmarshal(v.fields[name], &out)
	return out
}

// object renders the view as Slack's view object (views.* answers and
// interaction payloads).
func (ws *Workspace) viewObject(v *viewRec) map[string]any {
	obj := map[string]any{}
	for k, raw := range v.fields {
		obj[k] = raw
	}
	obj["id"] = v.id
	obj["team_id"] = ws.opts.TeamID
	obj["type"] = v.typ
	for _, k := range []string{"private_metadata", "callback_id", "external_id"} {
		if _, ok := obj[k]; !ok {
			obj[k] = ""
		}
	}
	for _, k := range []string{"clear_on_close", "notify_on_close"} {
		if _, ok := obj[k]; !ok {
			obj[k] = false
		}
	}
	if v.typ == "modal" {
		for _, k := range []string{"title", "close", "submit"} {
			if _, ok := obj[k]; !ok {
				obj[k] = nil
			}
		}
	}
	state := v.state
	if state == nil {
		state = json.RawMessage(`{"values":{}}`)
	}
	obj["state"] = state
	obj["hash"] = v.hash
	obj["root_view_id"] = nilIfEmpty(v.rootID)
	obj["previous_view_id"] = nilIfEmpty(v.previousID)
	obj["app_id"] = ws.appID
	obj["app_installed_team_id"] = ws.opts.TeamID
	obj["bot_id"] = ws.botID
	return obj
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (ws *Workspace) publicView(v *viewRec) View {
	raw, _ := json.Marshal(ws.viewObject(v))
	return View{
		ID:              v.id,
		Type:            v.typ,
		UserID:          v.user,
		CallbackID:      v.field("callback_id"),
		PrivateMetadata: v.field("private_metadata"),
		Hash:            v.hash,
		ExternalID:      v.field("external_id"),
		RootViewID:      v.rootID,
		PreviousViewID:  v.previousID,
		Open:            v.open,
		Raw:             raw,
	}
}

// View returns a view by ID (open or closed).
func (ws *Workspace) View(viewID string) (View, bool) {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	v, ok := ws.views[viewID]
	if !ok {
		return View{}, false
	}
	return ws.publicView(v), true
}

// OpenViews returns the user's modal stack, root first. It is empty when no
// modal is open.
func (ws *Workspace) OpenViews(userID string) []View {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	var out []View
	for _, id := range ws.modalStacks[userID] {
		out = append(out, ws.publicView(ws.views[id]))
	}
	return out
}

// HomeView returns the user's Home tab as last published.
func (ws *Workspace) HomeView(userID string) (View, bool) {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	id, ok := ws.homeByUser[userID]
	if !ok {
		return View{}, false
	}
	return ws.publicView(ws.views[id]), true
}

// trigger is an issued trigger_id.
type trigger struct {
	user   string
	issued time.Time
	used   bool
}

func (ws *Workspace) newTriggerLocked(userID string) string {
	id := ws.newTriggerIDLocked()
	ws.triggers[id] = &trigger{user: userID, issued: ws.opts.Now()}
	return id
}

// checkTriggerLocked tells whether a trigger_id may still be exchanged.
func (ws *Workspace) checkTriggerLocked(id string) (*trigger, error) {
	t, ok := ws.triggers[id]
	switch {
	case !ok:
		return nil, webapi.Err("invalid_trigger_id")
	case t.used:
		return nil, webapi.Err("exchanged_trigger_id")
	case ws.opts.Now().Sub(t.issued) > ws.opts.TriggerTTL:
		return nil, webapi.Err("expired_trigger_id")
	}
	return t, nil
}

// parseViewLocked checks a view argument like Slack does (invalid_arguments
// with response_metadata messages) and normalizes its blocks.
func (ws *Workspace) parseViewLocked(raw json.RawMessage, wantType string) (map[string]json.RawMessage, error) {
	if len(raw) == 0 {
		return nil, webapi.Err("invalid_arguments", "missing required field: view")
	}
	if len(raw) > 250_000 {
		return nil, webapi.Err("view_too_large")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, webapi.Err("invalid_arguments", "view must be a JSON object")
	}
	get := func(name string) string {
		var out string
		_ = json.Unmarshal(fields[name], &out)
		return out
	}
	if typ := get("type"); typ != wantType {
		return nil, webapi.Err("invalid_arguments", fmt.Sprintf("view type must be %q, got %q", wantType, typ))
	}
	if b, ok := fields["blocks"]; !ok || string(b) == "null" {
		return nil, webapi.Err("invalid_arguments", "missing required field: blocks")
	}
	normalized, err := blocks.Normalize(fields["blocks"], blocks.MaxViewBlocks)
	if err != nil {
		var ae *webapi.Error
		errors.As(err, &ae)
		return nil, webapi.Err("invalid_arguments", ae.Messages...)
	}
	fields["blocks"] = normalized
	var problems []string
	if wantType == "modal" {
		if _, ok := fields["title"]; !ok {
			problems = append(problems, "missing required field: title")
		}
		for _, k := range []string{"title", "submit", "close"} {
			if n := utf8.RuneCountInString(textOf(fields[k])); n > 24 {
				problems = append(problems, fmt.Sprintf("%s must be less than 25 characters [json-pointer:/view/%s/text]", k, k))
			}
		}
		if _, ok := fields["submit"]; !ok && len(blocks.Inputs(normalized)) > 0 {
			problems = append(problems, "a view with input blocks requires a submit button [json-pointer:/view/submit]")
		}
	}
	if utf8.RuneCountInString(get("private_metadata")) > 3000 {
		problems = append(problems, "private_metadata must be less than 3001 characters")
	}
	for _, k := range []string{"callback_id", "external_id"} {
		if utf8.RuneCountInString(get(k)) > 255 {
			problems = append(problems, k+" must be less than 256 characters")
		}
	}
	if len(problems) > 0 {
		return nil, webapi.Err("invalid_arguments", problems...)
	}
	if ws.opts.CheckView != nil {
		norm, _ := json.Marshal(fields)
		if err := ws.opts.CheckView(norm); err != nil {
			return nil, webapi.Err("invalid_arguments", strings.Split(err.Error(), "\n")...)
		}
	}
	return fields, nil
}

// textOf returns the text of a text object.
func textOf(raw json.RawMessage) string {
	var t struct {
		Text string `json:"text"`
	}
	_ = json.Unmarshal(raw, &t)
	return t.Text
}
