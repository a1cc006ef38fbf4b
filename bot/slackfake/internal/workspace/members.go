package workspace

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// Channel membership as Slack's Web API shows it: conversations.members
// lists a conversation's members (the bot included when it is in), and
// chat.postMessage to a public channel the bot is not in answers
// not_in_channel.

// AddChannelWithoutBot creates a public channel with these members and
// without the bot (it must be invited before it can post there).
func (ws *Workspace) AddChannelWithoutBot(name string, members ...string) string {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	id := ws.addChannelLocked(name, kindPublic, slices.Clone(members))
	ws.channels[id].botOut = true
	ws.hub.NotifyLocked()
	return id
}

// InviteBot adds the bot to a public channel, as `/invite @mentorbot` does.
func (ws *Workspace) InviteBot(channelID string) {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	if ch, ok := ws.channels[channelID]; ok {
		ch.botOut = false
	}
	ws.hub.NotifyLocked()
}

// JoinChannel adds a person to a public channel.
func (ws *Workspace) JoinChannel(channelID, userID string) {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	if ch, ok := ws.channels[channelID]; ok && ch.kind == kindPublic && !ch.hasMember(userID) {
		ch.members = append(ch.members, userID)
	}
	ws.hub.NotifyLocked()
}

// membersPerPage is conversations.members' default page (Slack's is 100).
const membersPerPage = 100

// conversationsMembers serves conversations.members: the conversation's
// member IDs, paged with limit (≤ 1000) and an opaque cursor. Slack lists
// the members of a public channel the bot is not in (channels:read); an
// unknown conversation is channel_not_found.
func (ws *Workspace) conversationsMembers(req *webapi.Request) (map[string]any, error) {
	ch, ok := ws.channels[req.Get("channel")]
	if !ok {
		return nil, webapi.Err("channel_not_found")
	}
	limit := membersPerPage
	if v := req.Get("limit"); v != "" && v != "0" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return nil, webapi.Err("invalid_limit")
		}
		limit = n
	}
	all := slices.Clone(ch.members)
	if !ch.botOut {
		all = append([]string{ws.botUserID}, all...)
	}
	start := 0
	if c := req.Get("cursor"); c != "" {
		raw, err := base64.StdEncoding.DecodeString(c)
		n, perr := strconv.Atoi(strings.TrimPrefix(string(raw), "members:"))
		if err != nil || perr != nil || !strings.HasPrefix(string(raw), "members:") || n < 0 || n > len(all) {
			return nil, webapi.Err("invalid_cursor")
		}
		start = n
	}
	end := min(start+limit, len(all))
	next := ""
	if end < len(all) {
		next = base64.StdEncoding.EncodeToString([]byte("members:" + strconv.Itoa(end)))
	}
	return map[string]any{"members": all[start:end], "response_metadata": map[string]any{"next_cursor": next}}, nil
}
