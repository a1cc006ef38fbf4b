package slackfake

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
func (s *Server) AddUser(u User) {
	if u.TZ == "" {
		u.TZ = "UTC"
	}
	if u.Name == "" {
		u.Name = u.ID
	}
	s.hub.Lock()
	defer s.hub.Unlock()
	if _, ok := s.users[u.ID]; !ok {
		s.userOrder = append(s.userOrder, u.ID)
		if ch := s.channels[s.generalID]; ch != nil {
			ch.members = append(ch.members, u.ID)
		}
	}
	s.users[u.ID] = u
	s.hub.NotifyLocked()
}

// Users returns every member, the bot first, in the order they were added.
func (s *Server) Users() []User {
	s.hub.Lock()
	defer s.hub.Unlock()
	out := make([]User, 0, len(s.userOrder))
	for _, id := range s.userOrder {
		out = append(out, s.users[id])
	}
	return out
}

// slackUser renders u as Slack's user object (the shape of slack.User).
func (s *Server) slackUser(u User) slack.User {
	su := slack.User{
		ID:       u.ID,
		TeamID:   s.opts.TeamID,
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
	if u.ID == s.botUserID {
		su.Profile.BotID = s.botID
		su.Profile.ApiAppID = s.appID
	}
	return su
}

// usersInfo serves users.info.
func (s *Server) usersInfo(req *webapi.Request) (map[string]any, error) {
	u, ok := s.users[req.Get("user")]
	if !ok {
		return nil, webapi.Err("user_not_found")
	}
	return map[string]any{"user": s.slackUser(u)}, nil
}
