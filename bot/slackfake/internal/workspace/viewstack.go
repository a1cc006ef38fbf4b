package workspace

import (
	"encoding/json"
	"slices"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// newViewLocked stores a new open view of the user.
func (ws *Workspace) newViewLocked(fields map[string]json.RawMessage, typ, userID string) (*viewRec, error) {
	v := &viewRec{id: ws.newIDLocked("V"), typ: typ, user: userID, fields: fields, hash: ws.newHashLocked(), open: true}
	if err := ws.claimExternalIDLocked(v, ""); err != nil {
		return nil, err
	}
	ws.views[v.id] = v
	return v, nil
}

// claimExternalIDLocked records the view's external_id (unique per team).
func (ws *Workspace) claimExternalIDLocked(v *viewRec, old string) error {
	ext := v.field("external_id")
	if ext == "" || ext == old {
		return nil
	}
	if owner, ok := ws.externalIDs[ext]; ok && owner != v.id {
		return webapi.Err("duplicate_external_id")
	}
	if old != "" {
		delete(ws.externalIDs, old)
	}
	ws.externalIDs[ext] = v.id
	return nil
}

// closeStackLocked closes every modal of the user.
func (ws *Workspace) closeStackLocked(userID string) {
	for _, id := range ws.modalStacks[userID] {
		ws.views[id].open = false
	}
	delete(ws.modalStacks, userID)
}

// closeViewLocked closes a modal and any pushed above it.
func (ws *Workspace) closeViewLocked(userID, viewID string) {
	stack := ws.modalStacks[userID]
	i := slices.Index(stack, viewID)
	if i < 0 {
		return
	}
	for _, id := range stack[i:] {
		ws.views[id].open = false
	}
	if i == 0 {
		delete(ws.modalStacks, userID)
		return
	}
	ws.modalStacks[userID] = stack[:i]
}

// pushViewLocked puts a new modal on top of the user's stack.
func (ws *Workspace) pushViewLocked(userID string, fields map[string]json.RawMessage) (*viewRec, error) {
	stack := ws.modalStacks[userID]
	if len(stack) >= maxViewStack {
		return nil, webapi.Err("push_limit_reached")
	}
	v, err := ws.newViewLocked(fields, "modal", userID)
	if err != nil {
		return nil, err
	}
	v.rootID, v.previousID = stack[0], stack[len(stack)-1]
	ws.modalStacks[userID] = append(stack, v.id)
	return v, nil
}

// replaceViewLocked gives a view new content, keeping its ID.
func (ws *Workspace) replaceViewLocked(v *viewRec, fields map[string]json.RawMessage) error {
	old := v.field("external_id")
	prev := v.fields
	v.fields = fields
	if err := ws.claimExternalIDLocked(v, old); err != nil {
		v.fields = prev
		return err
	}
	v.hash = ws.newHashLocked()
	v.state = nil
	return nil
}

// viewsOpen serves views.open.
func (ws *Workspace) viewsOpen(req *webapi.Request) (map[string]any, error) {
	t, err := ws.checkTriggerLocked(req.Get("trigger_id"))
	if err != nil {
		return nil, err
	}
	fields, err := ws.parseViewLocked(req.GetJSON("view"), "modal")
	if err != nil {
		return nil, err
	}
	v, err := ws.newViewLocked(fields, "modal", t.user)
	if err != nil {
		return nil, err
	}
	ws.closeStackLocked(t.user) // a new root replaces whatever was open
	t.used = true
	v.rootID = v.id
	ws.modalStacks[t.user] = []string{v.id}
	return map[string]any{"view": ws.viewObject(v)}, nil
}

// viewsPush serves views.push.
func (ws *Workspace) viewsPush(req *webapi.Request) (map[string]any, error) {
	t, err := ws.checkTriggerLocked(req.Get("trigger_id"))
	if err != nil {
		return nil, err
	}
	fields, err := ws.parseViewLocked(req.GetJSON("view"), "modal")
	if err != nil {
		return nil, err
	}
	if len(ws.modalStacks[t.user]) == 0 {
		return nil, webapi.Err("invalid_arguments", "no modal is open to push onto")
	}
	v, err := ws.pushViewLocked(t.user, fields)
	if err != nil {
		return nil, err
	}
	t.used = true
	return map[string]any{"view": ws.viewObject(v)}, nil
}

// viewsUpdate serves views.update.
func (ws *Workspace) viewsUpdate(req *webapi.Request) (map[string]any, error) {
	id := req.Get("view_id")
	if id == "" {
		id = ws.externalIDs[req.Get("external_id")]
	}
	v, ok := ws.views[id]
	if !ok || !v.open {
		return nil, webapi.Err("not_found")
	}
	if h := req.Get("hash"); h != "" && h != v.hash {
		return nil, webapi.Err("hash_conflict")
	}
	fields, err := ws.parseViewLocked(req.GetJSON("view"), v.typ)
	if err != nil {
		return nil, err
	}
	if err := ws.replaceViewLocked(v, fields); err != nil {
		return nil, err
	}
	return map[string]any{"view": ws.viewObject(v)}, nil
}

// viewsPublish serves views.publish.
func (ws *Workspace) viewsPublish(req *webapi.Request) (map[string]any, error) {
	userID := req.Get("user_id")
	u, ok := ws.users[userID]
	if !ok || u.Deleted {
		return nil, webapi.Err("user_not_found")
	}
	fields, err := ws.parseViewLocked(req.GetJSON("view"), "home")
	if err != nil {
		return nil, err
	}
	if id, ok := ws.homeByUser[userID]; ok {
		v := ws.views[id]
		if h := req.Get("hash"); h != "" && h != v.hash {
			return nil, webapi.Err("hash_conflict")
		}
		if err := ws.replaceViewLocked(v, fields); err != nil {
			return nil, err
		}
		return map[string]any{"view": ws.viewObject(v)}, nil
	}
	v, err := ws.newViewLocked(fields, "home", userID)
	if err != nil {
		return nil, err
	}
	ws.homeByUser[userID] = v.id
	return map[string]any{"view": ws.viewObject(v)}, nil
}
