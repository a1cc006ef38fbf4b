package workspace

import (
	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// User is a workspace member as users.info reports it.
type User struct {
	ID       string
	Name     string // handle, e.g. "ada"
	RealName string
	Title    string
	TZ       string // IANA name; "UTC" when empty (Slack always reports one)
	TZOffset int    // seconds east of UTC
	Deleted  bool   // deactivated: users.info says deleted, DMs are refused
	IsBot    bool
	IsAdmin  bool // workspace admin (not a program admin)
}

// AddUser adds a member, or replaces the one with the same ID (to
// deactivate someone, add them again with Deleted set).
func (ws *Workspace) AddUser(u User) {
	if u.TZ == "" {
		u.TZ = "UTC"
	}
	if u.Name == "" {
		u.Name = u.ID
	}
	ws.hub.Lock()
	defer ws.hub.Unlock()
	if _, ok := ws.users[u.ID]; !ok {
		ws.userOrder = append(ws.userOrder, u.ID)
		if ch := ws.channels[ws.generalID]; ch != nil {
			ch.members = append(ch.members, u.ID)
		}
	}
	ws.users[u.ID] = u
	ws.hub.NotifyLocked()
}

// Users returns every member, the bot first, in the order they were added.
func (ws *Workspace) Users() []User {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	out := make([]User, 0, len(ws.userOrder))
	for _, id := range ws.userOrder {
		out = append(out, ws.users[id])
	}
	return out
}

// slackUser renders u as Slack's user object (the shape of slack.User).
func (ws *Workspace) slackUser(u User) slack.User {
	su := slack.User{
		ID:       u.ID,
		TeamID:   ws.opts.TeamID,
		Name:     u.Name,
		Deleted:  u.Deleted,
		RealName: u.RealName,
		TZ:       u.TZ,
		TZLabel:  u.TZ,
		TZOffset: u.TZOffset,
		Profile: slack.UserProfile{
			RealName:           u.RealName,
			RealNameNormalized: u.RealName,
			DisplayName:        u.Name,
			Title:              u.Title,
		},
		IsBot:   u.IsBot,
		IsAdmin: u.IsAdmin,
		Locale:  "en-US",
	}
	if u.ID == ws.botUserID {
		su.Profile.BotID = ws.botID
		su.Profile.ApiAppID = ws.appID
	}
	return su
}

// usersInfo serves users.info.
func (ws *Workspace) usersInfo(req *webapi.Request) (map[string]any, error) {
	u, ok := ws.users[req.Get("user")]
	if !ok {
		return nil, webapi.Err("user_not_found")
	}
	return map[string]any{"user": ws.slackUser(u)}, nil
}
