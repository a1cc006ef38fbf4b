package slackfake

import (
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// Call is one recorded request to the fake: a Web API method, a
// response_url post ("response_url") or an upload-URL post ("file_upload").
type Call = webapi.Call

// Fault is an injected failure for the next call(s) of a method.
type Fault = webapi.Fault

// RateLimit is a per-method limit, like Slack's tiers.
type RateLimit = webapi.RateLimit

// methods is the Web API the fake serves, with the token type each needs.
func (s *Server) methods() map[string]webapi.Method {
	bot := func(h webapi.Handler) webapi.Method { return webapi.Method{Serve: h, Token: webapi.BotToken} }
	return map[string]webapi.Method{
		"auth.test":                    bot(s.authTest),
		"apps.connections.open":        {Serve: s.appsConnectionsOpen, Token: webapi.AppToken},
		"users.info":                   bot(s.usersInfo),
		"conversations.open":           bot(s.conversationsOpen),
		"chat.postMessage":             bot(s.chatPostMessage),
		"chat.postEphemeral":           bot(s.chatPostEphemeral),
		"chat.update":                  bot(s.chatUpdate),
		"chat.delete":                  bot(s.chatDelete),
		"views.open":                   bot(s.viewsOpen),
		"views.push":                   bot(s.viewsPush),
		"views.update":                 bot(s.viewsUpdate),
		"views.publish":                bot(s.viewsPublish),
		"files.getUploadURLExternal":   bot(s.filesGetUploadURLExternal),
		"files.completeUploadExternal": bot(s.filesCompleteUploadExternal),
	}
}

// Calls returns the recorded calls of one method, or of all methods when
// method is "", oldest first.
func (s *Server) Calls(method string) []Call { return s.api.Calls(method) }

// FailNext makes the next n calls of method (a Web API method name, or
// "response_url" / "file_upload") fail with f. Faults queue up in order.
func (s *Server) FailNext(method string, n int, f Fault) { s.api.FailNext(method, n, f) }

// SetRateLimit limits a Web API method. Calls over the limit get HTTP 429,
// Retry-After and {"ok":false,"error":"ratelimited"}, and do nothing.
// Windows run on the injected clock. A zero RateLimit removes the limit.
func (s *Server) SetRateLimit(method string, l RateLimit) { s.api.SetRateLimit(method, l) }

// RateLimited is the number of 429s served because a SetRateLimit limit was
// exceeded (injected faults not included).
func (s *Server) RateLimited() int { return s.api.RateLimited() }

// rateChannelLocked is the conversation a call is counted against: its
// channel parameter, where a user ID and that user's DM count as one.
func (s *Server) rateChannelLocked(ch string) string {
	if c, ok := s.channels[ch]; ok && c.kind == kindIM {
		return "im:" + c.members[0]
	}
	if _, ok := s.users[ch]; ok {
		return "im:" + ch
	}
	return ch
}

// authTest serves auth.test.
func (s *Server) authTest(*webapi.Request) (map[string]any, error) {
	return map[string]any{
		"url":                   "https://fake.slack.com/",
		"team":                  "Fake Workspace",
		"user":                  s.users[s.botUserID].Name,
		"team_id":               s.opts.TeamID,
		"user_id":               s.botUserID,
		"bot_id":                s.botID,
		"is_enterprise_install": false,
	}, nil
}
