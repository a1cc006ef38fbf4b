package workspace

import "slices"

// Conversation kinds, as ConversationInfo.Kind reports them.
const (
	KindChannel = "channel" // C…: a public channel such as #general
	KindIM      = "im"      // D…: the bot's DM with one person
	KindMPIM    = "mpim"    // G…: a group DM of the bot and 2-8 people
	KindPrivate = "private" // C…: a private channel the bot created
)

// ConversationInfo is a conversation as a member's sidebar lists it.
type ConversationInfo struct {
	ID      string
	Kind    string // KindChannel, KindIM or KindMPIM
	Name    string // channel name ("general"); Slack's generated name for DMs
	Members []string
}

// ConversationsOf lists the conversations userID is in, in the order they
// were created: #general and other channels, the DM with the bot once it
// is open, and group DMs. It is what a client such as the playground
// shows in its sidebar.
func (ws *Workspace) ConversationsOf(userID string) []ConversationInfo {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	var out []ConversationInfo
	for _, id := range ws.channelOrder {
		ch := ws.channels[id]
		if !ch.hasMember(userID) {
			continue
		}
		kind := map[channelKind]string{kindPublic: KindChannel, kindIM: KindIM, kindMPIM: KindMPIM, kindPrivate: KindPrivate}[ch.kind]
		out = append(out, ConversationInfo{ID: ch.id, Kind: kind, Name: ch.name, Members: slices.Clone(ch.members)})
	}
	return out
}

// File returns a shared file by ID.
func (ws *Workspace) File(id string) (File, bool) {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	for _, f := range ws.files {
		if f.ID == id {
			f.Content = slices.Clone(f.Content)
			return f, true
		}
	}
	return File{}, false
}
