package slackfake

import (
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/workspace"
)

// The workspace's state, as tests and the playground see it.

// User is a workspace member as users.info reports it.
type User = workspace.User

// Message is a message as the workspace shows it now: chat.postMessage /
// chat.update results, file shares, in_channel replies, and (from
// Ephemerals) ephemeral messages.
type Message = workspace.Message

// View is a modal or Home tab as the bot last set it.
type View = workspace.View

// File is a file the bot uploaded and shared (files upload v2 flow:
// files.getUploadURLExternal, POST to the upload URL,
// files.completeUploadExternal).
type File = workspace.File

// ConversationInfo is a conversation as a member's sidebar lists it.
type ConversationInfo = workspace.ConversationInfo

// Conversation kinds, as ConversationInfo.Kind reports them.
const (
	KindChannel = workspace.KindChannel // C…: a public channel such as #general
	KindIM      = workspace.KindIM      // D…: the bot's DM with one person
	KindMPIM    = workspace.KindMPIM    // G…: a group DM of the bot and 2-8 people
	KindPrivate = workspace.KindPrivate // C…: a private channel the bot created
)

// AddUser adds a member, or replaces the one with the same ID (to
// deactivate someone, add them again with Deleted set).
func (s *Server) AddUser(u User) { s.ws.AddUser(u) }

// Users returns every member, the bot first, in the order they were added.
func (s *Server) Users() []User { return s.ws.Users() }

// DefaultChannel is the ID of #general, which every added user joins and
// where SlashCommand is typed.
func (s *Server) DefaultChannel() string { return s.ws.DefaultChannel() }

// AddChannel creates a public channel with the bot and the given members in
// it and returns its ID.
func (s *Server) AddChannel(name string, members ...string) string {
	return s.ws.AddChannel(name, members...)
}

// AddChannelWithoutBot creates a public channel with these members and
// without the bot: chat.postMessage there answers not_in_channel until
// InviteBot.
func (s *Server) AddChannelWithoutBot(name string, members ...string) string {
	return s.ws.AddChannelWithoutBot(name, members...)
}

// InviteBot adds the bot to a channel, as `/invite @mentorbot` does.
func (s *Server) InviteBot(channelID string) { s.ws.InviteBot(channelID) }

// JoinChannel adds a person to a public channel.
func (s *Server) JoinChannel(channelID, userID string) { s.ws.JoinChannel(channelID, userID) }

// DMChannel is the D… channel of the bot's DM with userID, or "" if neither
// conversations.open nor a chat.postMessage to the user ID opened it.
func (s *Server) DMChannel(userID string) string { return s.ws.DMChannel(userID) }

// Conversation is the channel conversations.open returned for exactly these
// users: the group DM (G…) for two or more, the DM for one; "" if none.
func (s *Server) Conversation(members ...string) string { return s.ws.Conversation(members...) }

// ConversationsOf lists the conversations userID is in, in the order they
// were created: #general and other channels, the DM with the bot once it
// is open, and group DMs. It is what a client such as the playground
// shows in its sidebar.
func (s *Server) ConversationsOf(userID string) []ConversationInfo {
	return s.ws.ConversationsOf(userID)
}

// Messages returns the messages now in a channel, oldest first (deleted
// ones are gone; updated ones show their new content).
func (s *Server) Messages(channelID string) []Message { return s.ws.Messages(channelID) }

// Ephemerals returns the ephemeral messages shown to a user, oldest first:
// chat.postEphemeral, ephemeral response_url posts and slash-command ack
// replies.
func (s *Server) Ephemerals(userID string) []Message { return s.ws.Ephemerals(userID) }

// View returns a view by ID (open or closed).
func (s *Server) View(viewID string) (View, bool) { return s.ws.View(viewID) }

// OpenViews returns the user's modal stack, root first. It is empty when no
// modal is open.
func (s *Server) OpenViews(userID string) []View { return s.ws.OpenViews(userID) }

// HomeView returns the user's Home tab as last published.
func (s *Server) HomeView(userID string) (View, bool) { return s.ws.HomeView(userID) }

// Files returns the files shared in a channel, oldest first.
func (s *Server) Files(channelID string) []File { return s.ws.Files(channelID) }

// File returns a shared file by ID.
func (s *Server) File(id string) (File, bool) { return s.ws.File(id) }

// IssueTrigger issues a trigger_id for userID, as any click does.
func (s *Server) IssueTrigger(userID string) string { return s.ws.IssueTrigger(userID) }

// IssueResponseURL issues a response_url for userID in channelID, tied to
// no message (ephemeral answers land in channelID for userID).
func (s *Server) IssueResponseURL(userID, channelID string) string {
	return s.ws.IssueResponseURL(userID, channelID)
}
