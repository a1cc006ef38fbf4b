package playground

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/sim"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// ackTimeout bounds how long an action waits for the bot's ack (Slack
// gives up after 3 s; the margin covers a slow test machine).
const ackTimeout = 10 * time.Second

// commandRequest is POST /api/command: the visitor typed text (starting
// with /mentor) in a conversation.
type commandRequest struct {
	User    string `json:"user"`
	Channel string `json:"channel"`
	Text    string `json:"text"`
}

func (s *Server) handleCommand(w http.ResponseWriter, r *http.Request) {
	var req commandRequest
	if !s.readActing(w, r, &req, &req.User) {
		return
	}
	channel := req.Channel
	if channel == "" {
		channel = s.fake.DefaultChannel()
	}
	if !s.inConversation(req.User, channel) {
		writeError(w, http.StatusBadRequest, "you are not in that conversation")
		return
	}
	text := strings.TrimSpace(req.Text)
	if !strings.HasPrefix(text, "/") {
		writeError(w, http.StatusBadRequest, "Only slash commands work here: type /mentor help")
		return
	}
	cmd, args, _ := strings.Cut(text, " ")
	if cmd != "/mentor" {
		writeError(w, http.StatusBadRequest, cmd+" is not a command in this workspace: try /mentor help")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ackTimeout)
	defer cancel()
	env, err := s.fake.SlashCommandIn(ctx, req.User, channel, cmd, s.slackText(req.User, strings.TrimSpace(args)))
	if err != nil {
		writeError(w, http.StatusBadGateway, err.Error())
		return
	}
	s.answerAck(ctx, w, env)
}

// answerAck waits for the bot's ack of an envelope and reports it.
func (s *Server) answerAck(ctx context.Context, w http.ResponseWriter, env *slackfake.Envelope) {
	if env == nil { // nothing was sent (e.g. closing a view without notify_on_close)
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
		return
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		writeError(w, http.StatusGatewayTimeout, "the bot did not answer: "+err.Error())
		return
	}
	res := map[string]any{"ok": true, "late": ack.Late}
	if errs := sim.AckErrors(ack.Payload); len(errs) > 0 {
		res["ok"] = false
		res["errors"] = errs
	}
	if ack.Problem != "" {
		res["problem"] = ack.Problem
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) inConversation(user, channel string) bool {
	for _, c := range s.fake.ConversationsOf(user) {
		if c.ID == channel {
			return true
		}
	}
	return false
}

var mentionRE = regexp.MustCompile(`(?i)(^|[\s(])([@#])([a-z0-9][a-z0-9._-]*)`)

var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// slackText turns what the visitor typed into what Slack's client sends:
// &, < and > are escaped, @handle of a member becomes <@ID|handle> and
// #name of a channel <#ID|name>, as Slack does when the command escapes
// channels, users and links.
func (s *Server) slackText(user, typed string) string {
	users := map[string]string{}
	for _, u := range s.fake.Users() {
		if !u.Deleted {
			users[strings.ToLower(u.Name)] = u.ID
		}
	}
	channels := map[string]string{}
	for _, c := range s.fake.ConversationsOf(user) {
		if c.Kind == slackfake.KindChannel {
			channels[strings.ToLower(c.Name)] = c.ID
		}
	}

	var b strings.Builder
	last := 0
	for _, m := range mentionRE.FindAllStringSubmatchIndex(typed, -1) {
		sigil, name := typed[m[4]:m[5]], typed[m[6]:m[7]]
		trimmed := strings.TrimRight(name, "._-")
		var id string
		if sigil == "@" {
			id = users[strings.ToLower(trimmed)]
		} else {
			id = channels[strings.ToLower(trimmed)]
		}
		if id == "" {
			continue
		}
		b.WriteString(slackEscaper.Replace(typed[last:m[4]]))
		if sigil == "@" {
			b.WriteString("<@" + id + "|" + strings.ToLower(trimmed) + ">")
		} else {
			b.WriteString("<#" + id + "|" + strings.ToLower(trimmed) + ">")
		}
		last = m[4] + 1 + len(trimmed)
	}
	b.WriteString(slackEscaper.Replace(typed[last:]))
	return b.String()
}

// clickRequest is POST /api/click: a button in a message (channel + ts)
// or in a view (view_id).
type clickRequest struct {
	User     string `json:"user"`
	Channel  string `json:"channel"`
	TS       string `json:"ts"`
	ViewID   string `json:"view_id"`
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
}

func (s *Server) handleClick(w http.ResponseWriter, r *http.Request) {
	var req clickRequest
	if !s.readActing(w, r, &req, &req.User) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ackTimeout)
	defer cancel()
	where := slackfake.Location{Channel: req.Channel, TS: req.TS, ViewID: req.ViewID}
	env, err := s.fake.ClickButton(ctx, req.User, where, req.ActionID, req.Value)
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, slackfake.ErrClosed) {
			status = http.StatusServiceUnavailable
		}
		writeError(w, status, err.Error())
		return
	}
	s.answerAck(ctx, w, env)
}

// inputValue is one input element's value as the page sends it; the field
// that fits the element's type is set.
type inputValue struct {
	Type                  string   `json:"type"`
	Value                 string   `json:"value"`
	SelectedOption        string   `json:"selected_option"`
	SelectedOptions       []string `json:"selected_options"`
	SelectedUser          string   `json:"selected_user"`
	SelectedUsers         []string `json:"selected_users"`
	SelectedConversation  string   `json:"selected_conversation"`
	SelectedConversations []string `json:"selected_conversations"`
	SelectedChannel       string   `json:"selected_channel"`
	SelectedChannels      []string `json:"selected_channels"`
	SelectedDate          string   `json:"selected_date"`
	SelectedTime          string   `json:"selected_time"`
}

func (v inputValue) fake() slackfake.Value {
	return slackfake.Value{Type: v.Type, Value: v.Value, SelectedOption: v.SelectedOption, SelectedOptions: v.SelectedOptions,
		SelectedUser: v.SelectedUser, SelectedUsers: v.SelectedUsers, SelectedConversation: v.SelectedConversation,
		SelectedConversations: v.SelectedConversations, SelectedChannel: v.SelectedChannel, SelectedChannels: v.SelectedChannels,
		SelectedDate: v.SelectedDate, SelectedTime: v.SelectedTime}
}

// submitRequest is POST /api/submit: the visitor pressed a modal's submit
// button; values are by block_id, then action_id.
type submitRequest struct {
	User   string                           `json:"user"`
	ViewID string                           `json:"view_id"`
	Values map[string]map[string]inputValue `json:"values"`
}

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	var req submitRequest
	if !s.readActing(w, r, &req, &req.User) {
		return
	}
	values := map[string]map[string]slackfake.Value{}
	for block, acts := range req.Values {
		values[block] = map[string]slackfake.Value{}
		for action, v := range acts {
			values[block][action] = v.fake()
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), ackTimeout)
	defer cancel()
	env, err := s.fake.SubmitView(ctx, req.User, req.ViewID, values)
	if err != nil {
		// Slack's client would not have sent this (a required field left
		// empty, a number out of bounds): say why, like the client does.
		writeError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "slackfake: "))
		return
	}
	s.answerAck(ctx, w, env)
}

// viewRequest is POST /api/close: the visitor closed a modal.
type viewRequest struct {
	User   string `json:"user"`
	ViewID string `json:"view_id"`
}

func (s *Server) handleClose(w http.ResponseWriter, r *http.Request) {
	var req viewRequest
	if !s.readActing(w, r, &req, &req.User) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ackTimeout)
	defer cancel()
	env, err := s.fake.CloseView(ctx, req.User, req.ViewID)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.answerAck(ctx, w, env)
}

// userRequest is POST /api/home: the visitor opened the Home tab.
type userRequest struct {
	User string `json:"user"`
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	var req userRequest
	if !s.readActing(w, r, &req, &req.User) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ackTimeout)
	defer cancel()
	env, err := s.fake.OpenHome(ctx, req.User)
	if err != nil {
		writeError(w, http.StatusBadGateway, err.Error())
		return
	}
	s.answerAck(ctx, w, env)
}

// handleSeed signs up the seeded people (POST /api/seed, empty object).
func (s *Server) handleSeed(w http.ResponseWriter, r *http.Request) {
	var req struct{}
	if !readJSON(w, r, &req) {
		return
	}
	if !s.seedMu.TryLock() {
		writeError(w, http.StatusConflict, "a quick seed is already running")
		return
	}
	defer s.seedMu.Unlock()
	res, err := s.quickSeed(r.Context())
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": err.Error(), "result": res})
		return
	}
	writeJSON(w, http.StatusOK, res)
}
