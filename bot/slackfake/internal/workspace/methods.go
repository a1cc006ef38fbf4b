package workspace

import (
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// Methods is the Web API the workspace serves (all but
// apps.connections.open, which is Socket Mode's), with the token type each
// needs.
func (ws *Workspace) Methods() map[string]webapi.Method {
	bot := func(h webapi.Handler) webapi.Method { return webapi.Method{Serve: h, Token: webapi.BotToken} }
	return map[string]webapi.Method{
		"auth.test":                    bot(ws.authTest),
		"users.info":                   bot(ws.usersInfo),
		"conversations.open":           bot(ws.conversationsOpen),
		"conversations.members":        bot(ws.conversationsMembers),
		"conversations.create":         bot(ws.conversationsCreate),
		"conversations.invite":         bot(ws.conversationsInvite),
		"chat.postMessage":             bot(ws.chatPostMessage),
		"chat.postEphemeral":           bot(ws.chatPostEphemeral),
		"chat.update":                  bot(ws.chatUpdate),
		"chat.delete":                  bot(ws.chatDelete),
		"views.open":                   bot(ws.viewsOpen),
		"views.push":                   bot(ws.viewsPush),
		"views.update":                 bot(ws.viewsUpdate),
		"views.publish":                bot(ws.viewsPublish),
		"files.getUploadURLExternal":   bot(ws.filesGetUploadURLExternal),
		"files.completeUploadExternal": bot(ws.filesCompleteUploadExternal),
	}
}

// RateChannelLocked is the conversation a call is counted against: its
// channel parameter, where a user ID and that user's DM count as one.
func (ws *Workspace) RateChannelLocked(ch string) string {
	if c, ok := ws.channels[ch]; ok && c.kind == kindIM {
		return "im:" + c.members[0]
	}
	if _, ok := ws.users[ch]; ok {
		return "im:" + ch
	}
	return ch
}

// authTest serves auth.test.
func (ws *Workspace) authTest(*webapi.Request) (map[string]any, error) {
	return map[string]any{
		"url":                   "https://fake.slack.com/",
		"team":                  "Fake Workspace",
		"user":                  ws.users[ws.botUserID].Name,
		"team_id":               ws.opts.TeamID,
		"user_id":               ws.botUserID,
		"bot_id":                ws.botID,
		"is_enterprise_install": false,
	}, nil
}
