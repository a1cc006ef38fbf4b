package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/blocks"
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
func (s *Server) viewObject(v *viewRec) map[string]any {
	obj := map[string]any{}
	for k, raw := range v.fields {
		obj[k] = raw
	}
	obj["id"] = v.id
	obj["team_id"] = s.opts.TeamID
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
	obj["app_id"] = s.appID
	obj["app_installed_team_id"] = s.opts.TeamID
	obj["bot_id"] = s.botID
	return obj
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) publicView(v *viewRec) View {
	raw, _ := json.Marshal(s.viewObject(v))
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
func (s *Server) View(viewID string) (View, bool) {
	s.hub.Lock()
	defer s.hub.Unlock()
	v, ok := s.views[viewID]
	if !ok {
		return View{}, false
	}
	return s.publicView(v), true
}

// OpenViews returns the user's modal stack, root first. It is empty when no
// modal is open.
func (s *Server) OpenViews(userID string) []View {
	s.hub.Lock()
	defer s.hub.Unlock()
	var out []View
	for _, id := range s.modalStacks[userID] {
		out = append(out, s.publicView(s.views[id]))
	}
	return out
}

// HomeView returns the user's Home tab as last published.
func (s *Server) HomeView(userID string) (View, bool) {
	s.hub.Lock()
	defer s.hub.Unlock()
	id, ok := s.homeByUser[userID]
	if !ok {
		return View{}, false
	}
	return s.publicView(s.views[id]), true
}

// trigger is an issued trigger_id.
type trigger struct {
	user   string
	issued time.Time
	used   bool
}

func (s *Server) newTriggerLocked(userID string) string {
	id := s.newTriggerIDLocked()
	s.triggers[id] = &trigger{user: userID, issued: s.opts.Now()}
	return id
}

// checkTriggerLocked tells whether a trigger_id may still be exchanged.
func (s *Server) checkTriggerLocked(id string) (*trigger, error) {
	t, ok := s.triggers[id]
	switch {
	case !ok:
		return nil, webapi.Err("invalid_trigger_id")
	case t.used:
		return nil, webapi.Err("exchanged_trigger_id")
	case s.opts.Now().Sub(t.issued) > s.opts.TriggerTTL:
		return nil, webapi.Err("expired_trigger_id")
	}
	return t, nil
}

// parseViewLocked checks a view argument like Slack does (invalid_arguments
// with response_metadata messages) and normalizes its blocks.
func (s *Server) parseViewLocked(raw json.RawMessage, wantType string) (map[string]json.RawMessage, error) {
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
	if s.opts.CheckView != nil {
		norm, _ := json.Marshal(fields)
		if err := s.opts.CheckView(norm); err != nil {
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

func (s *Server) newViewLocked(fields map[string]json.RawMessage, typ, userID string) (*viewRec, error) {
	v := &viewRec{id: s.newIDLocked("V"), typ: typ, user: userID, fields: fields, hash: s.newHashLocked(), open: true}
	if err := s.claimExternalIDLocked(v, ""); err != nil {
		return nil, err
	}
	s.views[v.id] = v
	return v, nil
}

// claimExternalIDLocked records the view's external_id (unique per team).
func (s *Server) claimExternalIDLocked(v *viewRec, old string) error {
	ext := v.field("external_id")
	if ext == "" || ext == old {
		return nil
	}
	if owner, ok := s.externalIDs[ext]; ok && owner != v.id {
		return webapi.Err("duplicate_external_id")
	}
	if old != "" {
		delete(s.externalIDs, old)
	}
	s.externalIDs[ext] = v.id
	return nil
}

// closeStackLocked closes every modal of the user.
func (s *Server) closeStackLocked(userID string) {
	for _, id := range s.modalStacks[userID] {
		s.views[id].open = false
	}
	delete(s.modalStacks, userID)
}

// closeViewLocked closes a modal and any pushed above it.
func (s *Server) closeViewLocked(userID, viewID string) {
	stack := s.modalStacks[userID]
	i := slices.Index(stack, viewID)
	if i < 0 {
		return
	}
	for _, id := range stack[i:] {
		s.views[id].open = false
	}
	if i == 0 {
		delete(s.modalStacks, userID)
		return
	}
	s.modalStacks[userID] = stack[:i]
}

// pushViewLocked puts a new modal on top of the user's stack.
func (s *Server) pushViewLocked(userID string, fields map[string]json.RawMessage) (*viewRec, error) {
	stack := s.modalStacks[userID]
	if len(stack) >= maxViewStack {
		return nil, webapi.Err("push_limit_reached")
	}
	v, err := s.newViewLocked(fields, "modal", userID)
	if err != nil {
		return nil, err
	}
	v.rootID, v.previousID = stack[0], stack[len(stack)-1]
	s.modalStacks[userID] = append(stack, v.id)
	return v, nil
}

// replaceViewLocked gives a view new content, keeping its ID.
func (s *Server) replaceViewLocked(v *viewRec, fields map[string]json.RawMessage) error {
	old := v.field("external_id")
	prev := v.fields
	v.fields = fields
	if err := s.claimExternalIDLocked(v, old); err != nil {
		v.fields = prev
		return err
	}
	v.hash = s.newHashLocked()
	v.state = nil
	return nil
}

// viewsOpen serves views.open.
func (s *Server) viewsOpen(req *webapi.Request) (map[string]any, error) {
	t, err := s.checkTriggerLocked(req.Get("trigger_id"))
	if err != nil {
		return nil, err
	}
	fields, err := s.parseViewLocked(req.GetJSON("view"), "modal")
	if err != nil {
		return nil, err
	}
	v, err := s.newViewLocked(fields, "modal", t.user)
	if err != nil {
		return nil, err
	}
	s.closeStackLocked(t.user) // a new root replaces whatever was open
	t.used = true
	v.rootID = v.id
	s.modalStacks[t.user] = []string{v.id}
	return map[string]any{"view": s.viewObject(v)}, nil
}

// viewsPush serves views.push.
func (s *Server) viewsPush(req *webapi.Request) (map[string]any, error) {
	t, err := s.checkTriggerLocked(req.Get("trigger_id"))
	if err != nil {
		return nil, err
	}
	fields, err := s.parseViewLocked(req.GetJSON("view"), "modal")
	if err != nil {
		return nil, err
	}
	if len(s.modalStacks[t.user]) == 0 {
		return nil, webapi.Err("invalid_arguments", "no modal is open to push onto")
	}
	v, err := s.pushViewLocked(t.user, fields)
	if err != nil {
		return nil, err
	}
	t.used = true
	return map[string]any{"view": s.viewObject(v)}, nil
}

// viewsUpdate serves views.update.
func (s *Server) viewsUpdate(req *webapi.Request) (map[string]any, error) {
	id := req.Get("view_id")
	if id == "" {
		id = s.externalIDs[req.Get("external_id")]
	}
	v, ok := s.views[id]
	if !ok || !v.open {
		return nil, webapi.Err("not_found")
	}
	if h := req.Get("hash"); h != "" && h != v.hash {
		return nil, webapi.Err("hash_conflict")
	}
	fields, err := s.parseViewLocked(req.GetJSON("view"), v.typ)
	if err != nil {
		return nil, err
	}
	if err := s.replaceViewLocked(v, fields); err != nil {
		return nil, err
	}
	return map[string]any{"view": s.viewObject(v)}, nil
}

// viewsPublish serves views.publish.
func (s *Server) viewsPublish(req *webapi.Request) (map[string]any, error) {
	userID := req.Get("user_id")
	u, ok := s.users[userID]
	if !ok || u.Deleted {
		return nil, webapi.Err("user_not_found")
	}
	fields, err := s.parseViewLocked(req.GetJSON("view"), "home")
	if err != nil {
		return nil, err
	}
	if id, ok := s.homeByUser[userID]; ok {
		v := s.views[id]
		if h := req.Get("hash"); h != "" && h != v.hash {
			return nil, webapi.Err("hash_conflict")
		}
		if err := s.replaceViewLocked(v, fields); err != nil {
			return nil, err
		}
		return map[string]any{"view": s.viewObject(v)}, nil
	}
	v, err := s.newViewLocked(fields, "home", userID)
	if err != nil {
		return nil, err
	}
	s.homeByUser[userID] = v.id
	return map[string]any{"view": s.viewObject(v)}, nil
}
