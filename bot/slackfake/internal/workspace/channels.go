package workspace

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

type channelKind int

const (
	kindPublic  channelKind = iota // C… public channel
	kindIM                         // D… direct message between the bot and one user
	kindMPIM                       // G… group DM: the bot and 2-8 users
	kindPrivate                    // C… private channel (conversations.create is_private)
)

type channel struct {
	id      string
	name    string
	kind    channelKind
	members []string // users besides the bot
	created time.Time
	botOut  bool // a public channel the bot was never invited to
}

func (c *channel) hasMember(userID string) bool { return slices.Contains(c.members, userID) }

func (ws *Workspace) addChannelLocked(name string, kind channelKind, members []string) string {
	prefix := map[channelKind]string{kindPublic: "C", kindIM: "D", kindMPIM: "G", kindPrivate: "C"}[kind]
	id := ws.newIDLocked(prefix)
	ws.channels[id] = &channel{id: id, name: name, kind: kind, members: members, created: ws.opts.Now()}
	ws.channelOrder = append(ws.channelOrder, id)
	return id
}

// DefaultChannel is the ID of #general, which every added user joins and
// where SlashCommand is typed.
func (ws *Workspace) DefaultChannel() string { return ws.generalID }

// AddChannel creates a public channel with the bot and the given members in
// it and returns its ID.
func (ws *Workspace) AddChannel(name string, members ...string) string {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	id := ws.addChannelLocked(name, kindPublic, slices.Clone(members))
	ws.hub.NotifyLocked()
	return id
}

// DMChannel is the D… channel of the bot's DM with userID, or "" if neither
// conversations.open nor a chat.postMessage to the user ID opened it.
func (ws *Workspace) DMChannel(userID string) string {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	return ws.dmByUser[userID]
}

// Conversation is the channel conversations.open returned for exactly these
// users: the group DM (G…) for two or more, the DM for one; "" if none.
func (ws *Workspace) Conversation(members ...string) string {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	ids := dedupe(members, ws.botUserID)
	if len(ids) == 1 {
		return ws.dmByUser[ids[0]]
	}
	return ws.mpimByMembers[memberKey(ids)]
}

// dedupe trims, drops empties, duplicates and skip, keeping order.
func dedupe(ids []string, skip string) []string {
	var out []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" || id == skip || slices.Contains(out, id) {
			continue
		}
		out = append(out, id)
	}
	return out
}

func memberKey(ids []string) string {
	sorted := slices.Clone(ids)
	sort.Strings(sorted)
	return strings.Join(sorted, ",")
}

// openDMLocked returns the DM with userID, creating it (as Slack does when
// an app opens or posts to a user's App Home messages tab).
func (ws *Workspace) openDMLocked(userID string) (string, bool) {
	if id, ok := ws.dmByUser[userID]; ok {
		return id, true
	}
	id := ws.addChannelLocked(userID, kindIM, []string{userID})
	ws.dmByUser[userID] = id
	return id, false
}

// conversationsOpen serves conversations.open.
func (ws *Workspace) conversationsOpen(req *webapi.Request) (map[string]any, error) {
	returnIM := req.Bool("return_im")
	if chID := req.Get("channel"); chID != "" {
		ch, ok := ws.channels[chID]
		if !ok || ch.kind == kindPublic || ch.kind == kindPrivate {
			return nil, webapi.Err("channel_not_found")
		}
		return map[string]any{"no_op": true, "already_open": true, "channel": ws.channelObject(ch, returnIM)}, nil
	}
	raw := strings.Split(req.Get("users"), ",")
	if strings.TrimSpace(req.Get("users")) == "" {
		return nil, webapi.Err("users_list_not_supplied")
	}
	ids := dedupe(raw, ws.botUserID)
	if len(ids) == 0 {
		return nil, webapi.Err("cannot_dm_bot")
	}
	if len(ids) > 8 {
		return nil, webapi.Err("too_many_users")
	}
	for _, id := range ids {
		u, ok := ws.users[id]
		switch {
		case !ok:
			return nil, webapi.Err("user_not_found")
		case u.Deleted:
			return nil, webapi.Err("user_disabled")
		case u.IsBot && len(ids) == 1:
			return nil, webapi.Err("cannot_dm_bot")
		}
	}
	var id string
	var existed bool
	if len(ids) == 1 {
		id, existed = ws.openDMLocked(ids[0])
	} else {
		key := memberKey(ids)
		id, existed = ws.mpimByMembers[key]
		if !existed {
			id = ws.addChannelLocked("mpdm-"+strings.Join(ids, "--")+"-1", kindMPIM, ids)
			ws.mpimByMembers[key] = id
		}
	}
	res := map[string]any{"channel": ws.channelObject(ws.channels[id], returnIM)}
	if existed {
		res["no_op"], res["already_open"] = true, true
	}
	return res, nil
}

// channelObject renders a conversation as conversations.open does: just the
// ID unless return_im asks for the full object.
func (ws *Workspace) channelObject(ch *channel, full bool) map[string]any {
	if !full {
		return map[string]any{"id": ch.id}
	}
	obj := map[string]any{
		"id":                   ch.id,
		"created":              ch.created.Unix(),
		"is_org_shared":        false,
		"last_read":            "0000000000.000000",
		"latest":               nil,
		"unread_count":         0,
		"unread_count_display": 0,
		"is_open":              true,
		"priority":             0,
	}
	switch ch.kind {
	case kindIM:
		obj["is_im"] = true
		obj["user"] = ch.members[0]
	case kindMPIM:
		obj["is_mpim"] = true
		obj["is_group"] = true
		obj["name"] = ch.name
		obj["members"] = append([]string{ws.botUserID}, ch.members...)
	default:
		obj["is_channel"] = true
		obj["name"] = ch.name
		obj["is_private"] = ch.kind == kindPrivate
	}
	return obj
}

// slashChannelName is channel_name as slash-command payloads carry it.
func slashChannelName(ch *channel) string {
	switch ch.kind {
	case kindIM:
		return "directmessage"
	case kindMPIM:
		return "mpdm"
	}
	return ch.name
}
