package slackfake

import (
	"context"
	"fmt"
)

// ChangeUser replaces a member's record and sends the bot the user_change
// event Slack sends on such a change: the whole user object, as users.info
// now reports it. To deactivate someone set Deleted; the Envelope is the
// event's delivery (Redeliver it to test a duplicate).
func (s *Server) ChangeUser(ctx context.Context, u User) (*Envelope, error) {
	d, err := s.ws.ChangeUser(u)
	return s.send(ctx, d, err)
}

// SetDeleted deactivates (true) or reactivates (false) a member and sends
// the user_change event, as a workspace admin's click in Slack does.
func (s *Server) SetDeleted(ctx context.Context, userID string, deleted bool) (*Envelope, error) {
	u, ok := s.ws.User(userID)
	if !ok {
		return nil, fmt.Errorf("slackfake: no user %s", userID)
	}
	u.Deleted = deleted
	return s.ChangeUser(ctx, u)
}

// User returns one member as the workspace has it now.
func (s *Server) User(id string) (User, bool) { return s.ws.User(id) }
