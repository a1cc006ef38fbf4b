package workspace

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/blocks"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// Message is a message as the workspace shows it now: chat.postMessage /
// chat.update results, file shares, in_channel replies, and (from
// Ephemerals) ephemeral messages.
type Message struct {
	Channel     string
	TS          string
	User        string          // poster: the bot's user ID
	Text        string          // text (the notification fallback when Blocks is set)
	Blocks      json.RawMessage // blocks as stored, with the block_ids Slack assigns
	Attachments json.RawMessage
	ThreadTS    string
	Updated     bool     // changed by chat.update or a replace_original post
	Files       []string // IDs of files shared with this message
	Recipient   string   // ephemeral only: the one user who sees it
	// Source says what created it: "chat.postMessage", "chat.postEphemeral",
	// "response_url", "slash_ack" or "files.completeUploadExternal".
	Source string
}

func (m *Message) clone() Message {
	c := *m
	c.Blocks = slices.Clone(m.Blocks)
	c.Attachments = slices.Clone(m.Attachments)
	c.Files = slices.Clone(m.Files)
	return c
}

// Messages returns the messages now in a channel, oldest first (deleted
// ones are gone; updated ones show their new content).
func (ws *Workspace) Messages(channelID string) []Message {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	var out []Message
	for _, m := range ws.messages[channelID] {
		out = append(out, m.clone())
	}
	return out
}

// Ephemerals returns the ephemeral messages shown to a user, oldest first:
// chat.postEphemeral, ephemeral response_url posts and slash-command ack
// replies.
func (ws *Workspace) Ephemerals(userID string) []Message {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	var out []Message
	for _, m := range ws.ephemerals[userID] {
		out = append(out, m.clone())
	}
	return out
}

// content is the text/blocks/attachments of a message being sent.
type content struct {
	text                 string
	blocks, attachments  json.RawMessage
	hasText, hasBlocks   bool
	hasAttachments       bool
	threadTS             string
	hasAnyVisibleContent bool
}

// messageContentLocked reads and checks message content the way
// chat.postMessage does. The same rules apply to response_url bodies and
// slash-command acks.
func (ws *Workspace) messageContentLocked(get func(string) string, getJSON func(string) json.RawMessage, has func(string) bool) (content, error) {
	c := content{text: get("text"), hasText: get("text") != ""}
	c.threadTS = get("thread_ts")
	if has("blocks") {
		raw := getJSON("blocks")
		normalized, err := blocks.Normalize(raw, blocks.MaxMessageBlocks)
		if err != nil {
			return c, err
		}
		c.blocks, c.hasBlocks = normalized, true
	}
	if has("attachments") {
		raw := getJSON("attachments")
		var atts []json.RawMessage
		if err := json.Unmarshal(raw, &atts); err != nil {
			return c, webapi.Err("invalid_attachments")
		}
		if len(atts) > 100 {
			return c, webapi.Err("too_many_attachments")
		}
		c.attachments, c.hasAttachments = raw, true
	}
	if utf8.RuneCountInString(c.text) > 40000 {
		return c, webapi.Err("msg_too_long")
	}
	c.hasAnyVisibleContent = c.hasText || (c.hasBlocks && string(c.blocks) != "[]") || c.hasAttachments
	if ws.opts.CheckMessage != nil && (c.hasBlocks || c.hasText) {
		payload := map[string]any{}
		if c.hasText {
			payload["text"] = c.text
		}
		if c.hasBlocks {
			payload["blocks"] = c.blocks
		}
		if c.hasAttachments {
			payload["attachments"] = c.attachments
		}
		raw, _ := json.Marshal(payload)
		if err := ws.opts.CheckMessage(raw); err != nil {
			return c, webapi.Err("invalid_blocks", strings.Split(err.Error(), "\n")...)
		}
	}
	return c, nil
}

func (ws *Workspace) requestContentLocked(req *webapi.Request) (content, error) {
	return ws.messageContentLocked(req.Get, req.GetJSON, req.Has)
}

// resolvePostChannelLocked finds where chat.postMessage posts: a
// conversation ID, or a user ID meaning that user's DM (opened if needed).
func (ws *Workspace) resolvePostChannelLocked(id string) (*channel, error) {
	if ch, ok := ws.channels[id]; ok {
		if ch.kind == kindIM && ws.users[ch.members[0]].Deleted {
			return nil, webapi.Err("is_archived")
		}
		if ch.botOut {
			return nil, webapi.Err("not_in_channel")
		}
		return ch, nil
	}
	u, ok := ws.users[id]
	if !ok || id == ws.botUserID {
		return nil, webapi.Err("channel_not_found")
	}
	if u.IsBot {
		return nil, webapi.Err("cannot_dm_bot")
	}
	if u.Deleted {
		return nil, webapi.Err("is_archived")
	}
	dm, _ := ws.openDMLocked(id)
	return ws.channels[dm], nil
}

// chatPostMessage serves chat.postMessage.
func (ws *Workspace) chatPostMessage(req *webapi.Request) (map[string]any, error) {
	ch, err := ws.resolvePostChannelLocked(req.Get("channel"))
	if err != nil {
		return nil, err
	}
	c, err := ws.requestContentLocked(req)
	if err != nil {
		return nil, err
	}
	if !c.hasAnyVisibleContent {
		return nil, webapi.Err("no_text")
	}
	m := ws.postLocked(ch.id, c, "chat.postMessage")
	return map[string]any{"channel": ch.id, "ts": m.TS, "message": ws.messageObject(m)}, nil
}

// postLocked stores a new channel message from the bot.
func (ws *Workspace) postLocked(channelID string, c content, source string) *Message {
	m := &Message{
		Channel:     channelID,
		TS:          ws.nextTSLocked(),
		User:        ws.botUserID,
		Text:        c.text,
		Blocks:      c.blocks,
		Attachments: c.attachments,
		ThreadTS:    c.threadTS,
		Source:      source,
	}
	ws.messages[channelID] = append(ws.messages[channelID], m)
	return m
}

// postEphemeralLocked stores an ephemeral message shown only to userID.
func (ws *Workspace) postEphemeralLocked(channelID, userID string, c content, source string) *Message {
	m := &Message{
		Channel:     channelID,
		TS:          ws.nextTSLocked(),
		User:        ws.botUserID,
		Text:        c.text,
		Blocks:      c.blocks,
		Attachments: c.attachments,
		ThreadTS:    c.threadTS,
		Recipient:   userID,
		Source:      source,
	}
	ws.ephemerals[userID] = append(ws.ephemerals[userID], m)
	return m
}

// chatPostEphemeral serves chat.postEphemeral.
func (ws *Workspace) chatPostEphemeral(req *webapi.Request) (map[string]any, error) {
	ch, err := ws.resolvePostChannelLocked(req.Get("channel"))
	if err != nil {
		return nil, err
	}
	userID := req.Get("user")
	u, ok := ws.users[userID]
	if !ok {
		return nil, webapi.Err("user_not_found")
	}
	if u.Deleted || !ch.hasMember(userID) {
		return nil, webapi.Err("user_not_in_channel")
	}
	c, err := ws.requestContentLocked(req)
	if err != nil {
		return nil, err
	}
	if !c.hasAnyVisibleContent {
		return nil, webapi.Err("no_text")
	}
	m := ws.postEphemeralLocked(ch.id, userID, c, "chat.postEphemeral")
	return map[string]any{"message_ts": m.TS}, nil
}

func (ws *Workspace) findMessageLocked(channelID, ts string) (int, *Message) {
	for i, m := range ws.messages[channelID] {
		if m.TS == ts {
			return i, m
		}
	}
	return -1, nil
}

// applyUpdate changes a message like chat.update: fields sent replace the
// old ones, fields left out stay.
func applyUpdate(m *Message, c content) {
	if c.hasText {
		m.Text = c.text
	}
	if c.hasBlocks {
		m.Blocks = c.blocks
	}
	if c.hasAttachments {
		m.Attachments = c.attachments
	}
	m.Updated = true
}

// chatUpdate serves chat.update.
func (ws *Workspace) chatUpdate(req *webapi.Request) (map[string]any, error) {
	chID := req.Get("channel")
	if _, ok := ws.channels[chID]; !ok {
		return nil, webapi.Err("channel_not_found")
	}
	_, m := ws.findMessageLocked(chID, req.Get("ts"))
	if m == nil {
		return nil, webapi.Err("message_not_found")
	}
	c, err := ws.requestContentLocked(req)
	if err != nil {
		return nil, err
	}
	if !c.hasText && !c.hasBlocks && !c.hasAttachments {
		return nil, webapi.Err("no_text")
	}
	applyUpdate(m, c)
	return map[string]any{"channel": chID, "ts": m.TS, "text": m.Text, "message": ws.messageObject(m)}, nil
}

// chatDelete serves chat.delete.
func (ws *Workspace) chatDelete(req *webapi.Request) (map[string]any, error) {
	chID := req.Get("channel")
	if _, ok := ws.channels[chID]; !ok {
		return nil, webapi.Err("channel_not_found")
	}
	i, m := ws.findMessageLocked(chID, req.Get("ts"))
	if m == nil {
		return nil, webapi.Err("message_not_found")
	}
	ws.messages[chID] = slices.Delete(ws.messages[chID], i, i+1)
	return map[string]any{"channel": chID, "ts": m.TS}, nil
}

// messageObject renders a stored message as Slack's message object (in API
// answers and in block_actions payloads).
func (ws *Workspace) messageObject(m *Message) map[string]any {
	obj := map[string]any{
		"type":   "message",
		"text":   m.Text,
		"user":   m.User,
		"bot_id": ws.botID,
		"app_id": ws.appID,
		"ts":     m.TS,
		"team":   ws.opts.TeamID,
	}
	if len(m.Blocks) > 0 {
		obj["blocks"] = m.Blocks
	}
	if len(m.Attachments) > 0 {
		obj["attachments"] = m.Attachments
	}
	if m.ThreadTS != "" {
		obj["thread_ts"] = m.ThreadTS
	}
	if m.Updated {
		obj["edited"] = map[string]any{"user": m.User, "ts": m.TS}
	}
	return obj
}
