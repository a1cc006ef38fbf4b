package playground

import (
	"context"
	"net/http"
)

// accountRequest deactivates (Active false) or reactivates a persona, as a
// workspace admin would in Slack's admin pages.
type accountRequest struct {
	User   string `json:"user"`
	Active bool   `json:"active"`
}

// handleAccount changes a persona's account (POST /api/account): the fake
// Slack sends the bot the user_change event Slack would, with the whole
// user object (deleted true when deactivated).
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	var req accountRequest
	if !readJSON(w, r, &req) {
		return
	}
	u, ok := s.fake.User(req.User)
	if !ok || u.IsBot {
		writeError(w, http.StatusBadRequest, "unknown user")
		return
	}
	if u.Deleted != req.Active {
		writeError(w, http.StatusConflict, "the account is already so")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ackTimeout)
	defer cancel()
	env, err := s.fake.SetDeleted(ctx, req.User, !req.Active)
	if err != nil {
		writeError(w, http.StatusBadGateway, err.Error())
		return
	}
	s.answerAck(ctx, w, env)
}
