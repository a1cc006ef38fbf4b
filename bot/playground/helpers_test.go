package playground

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// testPeople is a small workspace for the server tests.
func testPeople() []Person {
	return []Person{
		{ID: AdminID, Handle: "hana", Name: "Hana Okafor", Title: "People Programs Lead, HR", Department: "HR", TZ: "Europe/Berlin"},
		{ID: "U0ADA", Handle: "ada", Name: "Ada Lindqvist", Title: "Principal Engineer, Platform", Department: "Platform", TZ: "Europe/Stockholm",
			Profile: &Profile{Role: "mentor", Teaches: "Go", Seniority: 15, Capacity: 2, Cadence: "weekly"}},
		{ID: "U0TOMAS", Handle: "tomas", Name: "Tomás Silva", Title: "Junior Developer, Web", Department: "Web", TZ: "America/Sao_Paulo"},
	}
}

// env is a fake Slack with a tiny slack-go bot connected over Socket Mode
// and the playground's HTTP server in front of it.
type env struct {
	t     *testing.T
	fake  *slackfake.Server
	clock *Clock
	pg    *Server
	http  *httptest.Server
	api   *slack.Client
}

func newEnv(t *testing.T, mutate ...func(*Config)) *env {
	t.Helper()
	clock := NewClock(func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) })
	fake := slackfake.New(slackfake.Options{Now: clock.Now})
	t.Cleanup(fake.Close)
	people := testPeople()
	for _, u := range Users(people, clock.Now()) {
		fake.AddUser(u)
	}
	cfg := Config{Fake: fake, Clock: clock, People: people, Admins: []string{AdminID}}
	for _, m := range mutate {
		m(&cfg)
	}
	pg, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pg.pollLimit = 5 * time.Second
	srv := httptest.NewServer(pg) // 127.0.0.1
	t.Cleanup(srv.Close)
	e := &env{t: t, fake: fake, clock: clock, pg: pg, http: srv}
	e.api = startMiniBot(t, fake)
	return e
}

func (e *env) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	e.t.Cleanup(cancel)
	return ctx
}

// post sends a JSON body and decodes the JSON answer.
func (e *env) post(path string, body any) (int, map[string]any) {
	e.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(e.ctx(), http.MethodPost, e.http.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// state fetches a person's state (since < 0: no long poll).
func (e *env) state(user string) State {
	e.t.Helper()
	res, err := http.Get(e.http.URL + "/api/state?user=" + user)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		e.t.Fatalf("state: %d %s", res.StatusCode, b)
	}
	var st State
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		e.t.Fatal(err)
	}
	return st
}

// waitState polls until cond holds for user's state (each poll waits for
// a change, so this never spins).
func (e *env) waitState(user string, cond func(State) bool) State {
	e.t.Helper()
	st := e.state(user)
	deadline := time.Now().Add(10 * time.Second)
	for !cond(st) {
		if time.Now().After(deadline) {
			raw, _ := json.MarshalIndent(st, "", " ")
			e.t.Fatalf("state of %s never matched; last:\n%s", user, raw)
		}
		res, err := http.Get(e.http.URL + "/api/state?user=" + user + "&since=" + jsonNum(st.Rev))
		if err != nil {
			e.t.Fatal(err)
		}
		st = State{}
		err = json.NewDecoder(res.Body).Decode(&st)
		res.Body.Close()
		if err != nil {
			e.t.Fatal(err)
		}
	}
	return st
}

func jsonNum(n uint64) string { b, _ := json.Marshal(n); return string(b) }

// conv returns a conversation of a state by kind ("channel", "im", "mpim").
func conv(st State, kind string) (ConvState, bool) {
	for _, c := range st.Convs {
		if c.Kind == kind {
			return c, true
		}
	}
	return ConvState{}, false
}

func hasMessage(st State, kind, text string) bool {
	c, ok := conv(st, kind)
	if !ok {
		return false
	}
	for _, m := range c.Messages {
		if strings.Contains(m.HTML, text) {
			return true
		}
	}
	return false
}

// startMiniBot connects a small slack-go bot: `/mentor echo …` answers
// with the text it got, `/mentor form` opens a modal with several input
// types, a submission named "bad" gets a field error, "ping" buttons get a
// "pong" DM, and opening the Home tab publishes one.
func startMiniBot(t *testing.T, fake *slackfake.Server) *slack.Client {
	t.Helper()
	api := slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(fake.URL()))
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = sm.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case ev := <-sm.Events:
				miniBotHandle(ctx, api, sm, ev)
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := fake.WaitConnected(wctx, 1); err != nil {
		t.Fatal(err)
	}
	return api
}

var miniForm = slack.ModalViewRequest{
	Type: slack.VTModal, CallbackID: "form", Title: slack.NewTextBlockObject("plain_text", "A form", false, false),
	Submit: slack.NewTextBlockObject("plain_text", "Save", false, false),
	Close:  slack.NewTextBlockObject("plain_text", "Cancel", false, false),
	Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewInputBlock("name", slack.NewTextBlockObject("plain_text", "Name", false, false), nil,
			slack.NewPlainTextInputBlockElement(nil, "value")),
		slack.NewInputBlock("level", slack.NewTextBlockObject("plain_text", "Level", false, false), nil,
			slack.NewOptionsSelectBlockElement("static_select", nil, "value",
				slack.NewOptionBlockObject("junior", slack.NewTextBlockObject("plain_text", "Junior", false, false), nil),
				slack.NewOptionBlockObject("senior", slack.NewTextBlockObject("plain_text", "Senior", false, false), nil))),
		func() *slack.InputBlock {
			ib := slack.NewInputBlock("buddy", slack.NewTextBlockObject("plain_text", "Buddy", false, false), nil,
				slack.NewOptionsSelectBlockElement("users_select", nil, "value"))
			ib.Optional = true
			return ib
		}(),
	}},
}

func miniBotHandle(ctx context.Context, api *slack.Client, sm *socketmode.Client, ev socketmode.Event) {
	switch data := ev.Data.(type) {
	case slack.SlashCommand:
		switch {
		case strings.HasPrefix(data.Text, "form"):
			_ = sm.Ack(*ev.Request)
			_, _ = api.OpenViewContext(ctx, data.TriggerID, miniForm)
		default:
			// Escaped, so the page shows exactly the text the bot got.
			_ = sm.Ack(*ev.Request, map[string]string{"text": "got: " + strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(data.Text)})
		}
	case slack.InteractionCallback:
		switch data.Type {
		case slack.InteractionTypeViewSubmission:
			name := data.View.State.Values["name"]["value"].Value
			if name == "bad" {
				_ = sm.Ack(*ev.Request, slack.NewErrorsViewSubmissionResponse(map[string]string{"name": "Not that name"}))
				return
			}
			_ = sm.Ack(*ev.Request)
			level := data.View.State.Values["level"]["value"].SelectedOption.Value
			buddy := data.View.State.Values["buddy"]["value"].SelectedUser
			_, _, _ = api.PostMessageContext(ctx, data.User.ID, slack.MsgOptionText("Saved "+name+" ("+level+", buddy "+buddy+")", false))
		case slack.InteractionTypeBlockActions:
			_ = sm.Ack(*ev.Request)
			if len(data.ActionCallback.BlockActions) > 0 && data.ActionCallback.BlockActions[0].ActionID == "ping" {
				_, _, _ = api.PostMessageContext(ctx, data.User.ID, slack.MsgOptionText("pong "+data.ActionCallback.BlockActions[0].Value, false))
			}
		default:
			_ = sm.Ack(*ev.Request)
		}
	case slackevents.EventsAPIEvent:
		_ = sm.Ack(*ev.Request)
		if home, ok := data.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
			_, _ = api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: home.User, View: slack.HomeTabViewRequest{
				Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
					slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", "Home of "+home.User, false, false)),
					slack.NewActionBlock("home", slack.NewButtonBlockElement("ping", "home", slack.NewTextBlockObject("plain_text", "Ping", false, false))),
				}}}})
		}
	default:
		if ev.Request != nil && ev.Request.EnvelopeID != "" {
			_ = sm.Ack(*ev.Request)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
