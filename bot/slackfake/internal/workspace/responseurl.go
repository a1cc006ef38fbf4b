package workspace

import (
	"net/http"
	"slices"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// responseURL is an issued response_url.
type responseURL struct {
	user, channel string
	issued        time.Time
	uses          int
	origin        *msgRef // the message a block_actions click came from
	last          *msgRef // the last message posted through this URL
}

// msgRef points at a channel message, or at an ephemeral one when
// ephemeralFor is set.
type msgRef struct {
	channel, ts, ephemeralFor string
}

// newResponseURLLocked issues a response_url; it returns its id and URL.
func (ws *Workspace) newResponseURLLocked(userID, channelID string, origin *msgRef) (string, string) {
	id := hub.RandHex(12)
	ws.responseURLs[id] = &responseURL{user: userID, channel: channelID, issued: ws.opts.Now(), origin: origin}
	return id, ws.opts.Base + "/response/" + id
}

func (ws *Workspace) findRefLocked(ref *msgRef) (*Message, int) {
	list := ws.messages[ref.channel]
	if ref.ephemeralFor != "" {
		list = ws.ephemerals[ref.ephemeralFor]
	}
	for i, m := range list {
		if m.TS == ref.ts && m.Channel == ref.channel {
			return m, i
		}
	}
	return nil, -1
}

func (ws *Workspace) deleteRefLocked(ref *msgRef) {
	_, i := ws.findRefLocked(ref)
	if i < 0 {
		return
	}
	if ref.ephemeralFor != "" {
		ws.ephemerals[ref.ephemeralFor] = slices.Delete(ws.ephemerals[ref.ephemeralFor], i, i+1)
		return
	}
	ws.messages[ref.channel] = slices.Delete(ws.messages[ref.channel], i, i+1)
}

func refOf(m *Message) *msgRef {
	return &msgRef{channel: m.Channel, ts: m.TS, ephemeralFor: m.Recipient}
}

// ResponseURLLocked serves a POST to response_url id: at most 5 uses
// within 30 minutes; response_type ephemeral (default) or in_channel;
// replace_original / delete_original act on the message the interaction
// came from (or, for slash commands, the last reply sent through this URL).
func (ws *Workspace) ResponseURLLocked(id string, body []byte) (int, map[string]any) {
	rec, ok := ws.responseURLs[id]
	switch {
	case !ok:
		return http.StatusNotFound, webapi.ErrBody(webapi.Err("invalid_url"))
	case ws.opts.Now().Sub(rec.issued) > responseURLTTL:
		return http.StatusNotFound, webapi.ErrBody(webapi.Err("expired_url"))
	case rec.uses >= responseURLUses:
		return http.StatusNotFound, webapi.ErrBody(webapi.Err("used_url"))
	}
	req, err := webapi.JSONRequest(body)
	if err != nil {
		return http.StatusBadRequest, webapi.ErrBody(webapi.Err("invalid_json"))
	}
	rec.uses++
	target := rec.origin
	if target == nil {
		target = rec.last
	}
	if req.Bool("delete_original") {
		if target != nil {
			ws.deleteRefLocked(target)
		}
		return http.StatusOK, map[string]any{"ok": true}
	}
	c, err := ws.requestContentLocked(req)
	if err != nil {
		return http.StatusOK, webapi.ErrBody(err)
	}
	if !c.hasAnyVisibleContent {
		return http.StatusOK, webapi.ErrBody(webapi.Err("no_text"))
	}
	if req.Bool("replace_original") && target != nil {
		if m, _ := ws.findRefLocked(target); m != nil {
			applyUpdate(m, c)
			rec.last = refOf(m)
			return http.StatusOK, map[string]any{"ok": true}
		}
	}
	var m *Message
	if req.Get("response_type") == "in_channel" {
		m = ws.postLocked(rec.channel, c, "response_url")
	} else {
		m = ws.postEphemeralLocked(rec.channel, rec.user, c, "response_url")
	}
	rec.last = refOf(m)
	return http.StatusOK, map[string]any{"ok": true}
}
