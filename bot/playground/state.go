package playground

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/render"
	"github.com/mentorbot/mentorbot/bot/playground/wire"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// State is what the page shows for one person: the workspace's people,
// the person's conversations with the bot's messages rendered as HTML,
// their open modal and their Home tab.
type State struct {
	Rev      uint64        `json:"rev"`
	Now      time.Time     `json:"now"`
	NowLabel string        `json:"now_label"` // the clock in the person's timezone
	User     string        `json:"user"`
	People   []PersonState `json:"people"`
	// Deactivated are the members whose Slack account is deactivated
	// (the page offers to reactivate them).
	Deactivated []PersonState `json:"deactivated"`
	Convs       []ConvState   `json:"conversations"`
	Modal       *ViewState    `json:"modal,omitempty"`
	Home        *ViewState    `json:"home,omitempty"`
	Features    Features      `json:"features"`
	// Travel is the time travel under way, if any.
	Travel *TravelProgress `json:"travel,omitempty"`
}

// Features says which optional parts this playground has.
type Features struct {
	TimeTravel bool `json:"time_travel"`
	Report     bool `json:"report"` // the HTML report link: for admins only
	Seed       bool `json:"seed"`
}

// PersonState is one workspace member in the people list.
type PersonState struct {
	ID     string `json:"id"`
	Handle string `json:"handle"`
	Name   string `json:"name"`
	Title  string `json:"title"`
	TZ     string `json:"tz"`
	Admin  bool   `json:"admin"`
	Role   string `json:"role,omitempty"`
}

// ConvState is a conversation and its messages, oldest first.
type ConvState struct {
	ID       string     `json:"id"`
	Kind     string     `json:"kind"`
	Name     string     `json:"name"`
	Messages []MsgState `json:"messages"`
}

// MsgState is a rendered message.
type MsgState struct {
	TS        string `json:"ts"`
	Time      string `json:"time"`
	Ephemeral bool   `json:"ephemeral"`
	Updated   bool   `json:"updated"`
	HTML      string `json:"html"`
}

// ViewState is a rendered modal or Home tab. The page keeps a modal's form
// as the visitor filled it until ID or Hash changes.
type ViewState struct {
	ID         string `json:"id"`
	Hash       string `json:"hash"`
	CallbackID string `json:"callback_id"`
	Title      string `json:"title"`
	Submit     string `json:"submit,omitempty"`
	Close      string `json:"close"`
	Depth      int    `json:"depth"`
	HTML       string `json:"html"`
}

// handleState answers GET /api/state?user=U&since=REV. With since, it is
// a long poll: it answers once the workspace changed after revision REV
// (or after about 25 s with the same state).
func (s *Server) handleState(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	user := q.Get("user")
	if _, ok := s.person(user); !ok {
		user = s.defaultUser() // a fresh page, or a stale ?as= link
	}
	if since, err := strconv.ParseUint(q.Get("since"), 10, 64); err == nil {
		ctx, cancel := context.WithTimeout(r.Context(), s.pollLimit)
		_ = s.fake.Wait(ctx, func() bool { return s.fake.Revision() != since })
		cancel()
		if r.Context().Err() != nil {
			return
		}
	}
	st, err := s.state(r.Context(), user)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// defaultUser is who a fresh page shows: the first seeded person left to
// sign up by hand, or else the first member.
func (s *Server) defaultUser() string {
	for _, p := range s.people {
		if p.Profile == nil && !s.admins[p.ID] {
			if _, ok := s.person(p.ID); ok {
				return p.ID
			}
		}
	}
	for _, u := range s.fake.Users() {
		if !u.IsBot && !u.Deleted {
			return u.ID
		}
	}
	return ""
}

// state builds a person's State.
func (s *Server) state(ctx context.Context, user string) (State, error) {
	rev := s.fake.Revision() // read first: a change after this shows on the next poll
	st := State{Rev: rev, Now: s.clock.Now(), User: user,
		Features: Features{TimeTravel: s.sched != nil, Report: s.report != nil && s.admins[user], Seed: len(s.people) > 0}}
	roles, err := s.roles(ctx)
	if err != nil {
		return st, err
	}
	users := s.fake.Users()
	var me slackfake.User
	for _, u := range users {
		if u.ID == user {
			me = u
		}
		if u.IsBot {
			continue
		}
		if u.Deleted {
			st.Deactivated = append(st.Deactivated, PersonState{ID: u.ID, Handle: u.Name, Name: u.RealName})
			continue
		}
		st.People = append(st.People, PersonState{ID: u.ID, Handle: u.Name, Name: u.RealName, Title: u.Title, TZ: u.TZ,
			Admin: s.admins[u.ID], Role: roles[u.ID]})
	}
	loc, err := time.LoadLocation(me.TZ)
	if err != nil {
		loc = time.UTC
	}
	st.NowLabel = clockLabel(st.Now, loc)
	st.Travel = s.progress(loc)

	convs := s.fake.ConversationsOf(user)
	channels := map[string]string{}
	for _, c := range convs {
		if c.Kind == slackfake.KindChannel {
			channels[c.ID] = c.Name
		}
	}
	rd := render.NewRenderer(render.NewDirectory(users, channels))
	names := map[string]string{}
	for _, u := range users {
		names[u.ID] = u.RealName
	}
	ephemerals := s.fake.Ephemerals(user)
	for _, c := range convs {
		cs := ConvState{ID: c.ID, Kind: c.Kind, Name: convName(c, user, names), Messages: []MsgState{}}
		msgs := s.fake.Messages(c.ID)
		for _, m := range msgs {
			cs.Messages = append(cs.Messages, s.msgState(rd, m, false, loc))
		}
		for _, m := range ephemerals {
			if m.Channel == c.ID {
				cs.Messages = append(cs.Messages, s.msgState(rd, m, true, loc))
			}
		}
		sort.SliceStable(cs.Messages, func(i, j int) bool { return wire.TSLess(cs.Messages[i].TS, cs.Messages[j].TS) })
		st.Convs = append(st.Convs, cs)
	}
	if views := s.fake.OpenViews(user); len(views) > 0 {
		vs := viewState(rd, views[len(views)-1])
		vs.Depth = len(views)
		st.Modal = &vs
	}
	if home, ok := s.fake.HomeView(user); ok {
		vs := viewState(rd, home)
		st.Home = &vs
	}
	return st, nil
}

// convName is how the sidebar names a conversation for user.
func convName(c slackfake.ConversationInfo, user string, names map[string]string) string {
	switch c.Kind {
	case slackfake.KindIM:
		return "mentorbot"
	case slackfake.KindMPIM:
		var others []string
		for _, m := range c.Members {
			if m != user {
				others = append(others, names[m])
			}
		}
		return "mentorbot, " + strings.Join(others, ", ")
	}
	return "#" + c.Name
}

func (s *Server) msgState(rd *render.Renderer, m slackfake.Message, ephemeral bool, loc *time.Location) MsgState {
	var files []slackfake.File
	for _, id := range m.Files {
		if f, ok := s.fake.File(id); ok {
			files = append(files, f)
		}
	}
	return MsgState{TS: m.TS, Time: wire.TSTime(m.TS).In(loc).Format("Mon 2 Jan, 15:04"), Ephemeral: ephemeral,
		Updated: m.Updated, HTML: rd.MessageHTML(m, files)}
}

// viewState renders a view.
func viewState(rd *render.Renderer, v slackfake.View) ViewState {
	var raw struct {
		Title  wire.Obj        `json:"title"`
		Submit wire.Obj        `json:"submit"`
		Close  wire.Obj        `json:"close"`
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(v.Raw, &raw)
	vs := ViewState{ID: v.ID, Hash: v.Hash, CallbackID: v.CallbackID, Title: raw.Title.Str("text"),
		Submit: raw.Submit.Str("text"), Close: raw.Close.Str("text"), HTML: rd.ViewHTML(v.ID, raw.Blocks)}
	if vs.Close == "" {
		vs.Close = "Cancel"
	}
	return vs
}
