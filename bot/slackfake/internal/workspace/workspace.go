// Package workspace is the fake Slack's shared state and what the Web API
// methods do to it: users, conversations, messages (posted, ephemeral,
// updated, deleted), views and modal stacks, triggers, response_urls and
// files. It also builds the payloads a person's actions make Slack send
// (slash commands, clicks, submissions, Home opens) and applies what an
// ack payload does. It knows no transport: the facade hands deliveries to
// Socket Mode and mounts the HTTP endpoints.
package workspace

import (
	"encoding/json"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
)

const (
	// responseURLUses and responseURLTTL: "up to 5 times within 30 minutes".
	responseURLUses = 5
	responseURLTTL  = 30 * time.Minute
	// maxViewStack: views.push answers push_limit_reached beyond 3 views.
	maxViewStack = 3
)

// Config is what the workspace needs from the facade's Options.
type Config struct {
	TeamID       string
	Base         string // http://127.0.0.1:PORT, for response_url and upload URLs
	TriggerTTL   time.Duration
	Now          func() time.Time
	CheckMessage func(payload []byte) error
	CheckView    func(view []byte) error
}

// Workspace is the state of the fake Slack. Methods named …Locked need the
// hub's lock held; the others take it.
type Workspace struct {
	opts Config
	hub  *hub.Hub

	appID, botUserID, botID string
	seq                     map[string]int
	lastTSMicros            int64

	users     map[string]User
	userOrder []string

	channels      map[string]*channel
	channelOrder  []string
	generalID     string
	dmByUser      map[string]string
	mpimByMembers map[string]string

	messages   map[string][]*Message // by channel
	ephemerals map[string][]*Message // by recipient user

	views        map[string]*viewRec
	externalIDs  map[string]string   // external_id -> view id
	modalStacks  map[string][]string // user -> open modal view ids, root first
	homeByUser   map[string]string   // user -> home view id
	triggers     map[string]*trigger
	responseURLs map[string]*responseURL

	uploads      map[string]*upload // by file id
	uploadTokens map[string]string  // upload path token -> file id
	files        []File             // shared files, in completion order
}

// New returns a workspace with the app, its bot user and #general.
func New(h *hub.Hub, opts Config) *Workspace {
	ws := &Workspace{
		opts:          opts,
		hub:           h,
		seq:           map[string]int{},
		users:         map[string]User{},
		channels:      map[string]*channel{},
		dmByUser:      map[string]string{},
		mpimByMembers: map[string]string{},
		messages:      map[string][]*Message{},
		ephemerals:    map[string][]*Message{},
		views:         map[string]*viewRec{},
		externalIDs:   map[string]string{},
		modalStacks:   map[string][]string{},
		homeByUser:    map[string]string{},
		triggers:      map[string]*trigger{},
		responseURLs:  map[string]*responseURL{},
		uploads:       map[string]*upload{},
		uploadTokens:  map[string]string{},
	}
	ws.hub.Lock()
	ws.appID = ws.newIDLocked("A")
	ws.botID = ws.newIDLocked("B")
	ws.botUserID = ws.newIDLocked("U")
	ws.users[ws.botUserID] = User{ID: ws.botUserID, Name: "mentorbot", RealName: "mentorbot", TZ: "UTC", IsBot: true}
	ws.userOrder = append(ws.userOrder, ws.botUserID)
	ws.generalID = ws.addChannelLocked("general", kindPublic, nil)
	ws.hub.Unlock()
	return ws
}

// BotUserID is the bot's own user ID (what auth.test answers).
func (ws *Workspace) BotUserID() string { return ws.botUserID }

// AppID is the app's ID (api_app_id in payloads).
func (ws *Workspace) AppID() string { return ws.appID }

// Delivery is an envelope a person's action makes Slack send the app.
type Delivery struct {
	Type    string // socket.TypeSlashCommands, TypeInteractive or TypeEventsAPI
	Payload json.RawMessage
	Accepts bool      // accepts_response_payload
	Effect  AckEffect // what the ack payload does (ApplyAckLocked)
}
