package slackfake

import (
	"io"
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
func (s *Server) newResponseURLLocked(userID, channelID string, origin *msgRef) (string, string) {
	id := hub.RandHex(12)
	s.responseURLs[id] = &responseURL{user: userID, channel: channelID, issued: s.opts.Now(), origin: origin}
	return id, s.base + "/response/" + id
}

func (s *Server) findRefLocked(ref *msgRef) (*Message, int) {
	list := s.messages[ref.channel]
	if ref.ephemeralFor != "" {
		list = s.ephemerals[ref.ephemeralFor]
	}
	for i, m := range list {
		if m.TS == ref.ts && m.Channel == ref.channel {
			return m, i
		}
	}
	return nil, -1
}

func (s *Server) deleteRefLocked(ref *msgRef) {
	_, i := s.findRefLocked(ref)
	if i < 0 {
		return
	}
	if ref.ephemeralFor != "" {
		s.ephemerals[ref.ephemeralFor] = slices.Delete(s.ephemerals[ref.ephemeralFor], i, i+1)
		return
	}
	s.messages[ref.channel] = slices.Delete(s.messages[ref.channel], i, i+1)
}

func refOf(m *Message) *msgRef {
	return &msgRef{channel: m.Channel, ts: m.TS, ephemeralFor: m.Recipient}
}

// handleResponseURL serves POSTs to response_url: at most 5 uses within 30
// minutes; response_type ephemeral (default) or in_channel;
// replace_original / delete_original act on the message the interaction
// came from (or, for slash commands, the last reply sent through this URL).
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" && r.ParseForm() == nil {
		body = []byte(r.PostForm.Get("payload"))
	}
	call := Call{Method: "response_url", JSON: body}
	if s.api.ServeFault(w, r, &call) {
		return
	}
	s.hub.Lock()
	status, res := s.responseURLLocked(r.PathValue("id"), body)
	call.Status = status
	if e, ok := res["error"].(string); ok {
		call.Error = e
	}
	s.api.RecordLocked(call)
	s.hub.Unlock()
	webapi.WriteJSON(w, status, nil, res)
}

func (s *Server) responseURLLocked(id string, body []byte) (int, map[string]any) {
	rec, ok := s.responseURLs[id]
	switch {
	case !ok:
		return http.StatusNotFound, webapi.ErrBody(webapi.Err("invalid_url"))
	case s.opts.Now().Sub(rec.issued) > responseURLTTL:
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
			s.deleteRefLocked(target)
		}
		return http.StatusOK, map[string]any{"ok": true}
	}
	c, err := s.requestContentLocked(req)
	if err != nil {
		return http.StatusOK, webapi.ErrBody(err)
	}
	if !c.hasAnyVisibleContent {
		return http.StatusOK, webapi.ErrBody(webapi.Err("no_text"))
	}
	if req.Bool("replace_original") && target != nil {
		if m, _ := s.findRefLocked(target); m != nil {
			applyUpdate(m, c)
			rec.last = refOf(m)
			return http.StatusOK, map[string]any{"ok": true}
		}
	}
	var m *Message
	if req.Get("response_type") == "in_channel" {
		m = s.postLocked(rec.channel, c, "response_url")
	} else {
		m = s.postEphemeralLocked(rec.channel, rec.user, c, "response_url")
	}
	rec.last = refOf(m)
	return http.StatusOK, map[string]any{"ok": true}
}
