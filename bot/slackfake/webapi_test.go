package slackfake_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// slackError returns the Slack error code of a slack-go error ("" if none).
func slackError(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestTokens(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"bot method, no token", func() error {
			_, err := slack.New("", slack.OptionAPIURL(s.URL())).GetUserInfoContext(ctx, "U1")
			return err
		}, "not_authed"},
		{"bot method, wrong token", func() error {
			_, err := slack.New("xoxb-wrong", slack.OptionAPIURL(s.URL())).GetUserInfoContext(ctx, "U1")
			return err
		}, "invalid_auth"},
		{"bot method, app token", func() error {
			_, err := slack.New("xapp-test", slack.OptionAPIURL(s.URL())).GetUserInfoContext(ctx, "U1")
			return err
		}, "not_allowed_token_type"},
		{"apps.connections.open, bot token", func() error {
			_, _, err := slack.New("xoxb-test", slack.OptionAppLevelToken("xoxb-test"), slack.OptionAPIURL(s.URL())).StartSocketModeContext(ctx)
			return err
		}, "not_allowed_token_type"},
		{"views.publish, bearer bot token", func() error {
			_, err := newAPI(s).PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{
				Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}})
			return err
		}, ""},
		{"views.publish without blocks", func() error {
			_, err := newAPI(s).PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{Type: slack.VTHomeTab}})
			return err
		}, "invalid_arguments"},
		{"auth.test", func() error {
			res, err := newAPI(s).AuthTestContext(ctx)
			if err == nil && (res.UserID != s.BotUserID() || res.TeamID != "T0001") {
				return fmt.Errorf("auth.test = %+v", res)
			}
			return err
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := slackError(tc.call()); got != tc.want {
				t.Errorf("error = %q, want %q", got, tc.want)
			}
		})
	}

	// Form methods also take the token as a Bearer header; unknown methods
	// answer unknown_method and are recorded.
	post := func(method string, form url.Values) map[string]any {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+method, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer xoxb-test")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(res.Body).Decode(&body)
		return body
	}
	if body := post("chat.postMessage", url.Values{"channel": {"U1"}, "text": {"hi"}}); body["ok"] != true {
		t.Errorf("bearer form post: %v", body)
	}
	if body := post("chat.postMessage", url.Values{"channel": {"U1"}, "blocks": {"[{"}}); body["error"] != "invalid_blocks_format" {
		t.Errorf("broken blocks: %v", body)
	}
	if body := post("admin.users.list", nil); body["error"] != "unknown_method" {
		t.Errorf("unknown method: %v", body)
	}
	if calls := s.Calls("admin.users.list"); len(calls) != 1 || calls[0].Error != "unknown_method" {
		t.Errorf("unknown method calls = %+v", calls)
	}
	for _, c := range s.Calls("") {
		if c.Form.Get("token") != "" || strings.Contains(string(c.JSON), "xoxb-test") {
			t.Errorf("recorded call keeps the token: %+v", c)
		}
	}
}

func TestUsersInfo(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)
	s.AddUser(slackfake.User{ID: "U3", Name: "grace", RealName: "Grace Hopper", Deleted: true, IsAdmin: true})

	u, err := api.GetUserInfoContext(ctx, "U2")
	if err != nil {
		t.Fatal(err)
	}
	if u.TZ != "America/New_York" || u.TZOffset != -18000 || u.RealName != "Alan Turing" || u.Profile.RealName != "Alan Turing" || u.Deleted {
		t.Errorf("U2 = %+v", u)
	}
	u, err = api.GetUserInfoContext(ctx, "U1")
	if err != nil || u.Profile.Title != "Engineer" {
		t.Errorf("U1 title %q err %v", u.Profile.Title, err)
	}
	u, err = api.GetUserInfoContext(ctx, "U3")
	if err != nil || !u.Deleted || !u.IsAdmin || u.TZ != "UTC" {
		t.Errorf("U3 = %+v, %v", u, err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U404"); slackError(err) != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
	if got := len(s.Users()); got != 4 {
		t.Errorf("Users() = %d, want bot + 3", got)
	}
}

func TestFailNext(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)

	s.FailNext("users.info", 1, slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1500 * time.Millisecond})
	s.FailNext("users.info", 1, slackfake.Fault{Error: "user_not_found"})
	s.FailNext("users.info", 1, slackfake.Fault{Status: http.StatusInternalServerError})

	_, err := api.GetUserInfoContext(ctx, "U1")
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Fatalf("first call: %v, want RateLimitedError retry 2s", err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U1"); slackError(err) != "user_not_found" {
		t.Fatalf("second call: %v", err)
	}
	_, err = api.GetUserInfoContext(ctx, "U1")
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != http.StatusInternalServerError {
		t.Fatalf("third call: %v", err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Fatalf("fourth call: %v", err)
	}
	if s.RateLimited() != 0 {
		t.Errorf("RateLimited counts injected faults: %d", s.RateLimited())
	}
	calls := s.Calls("users.info")
	if len(calls) != 4 || calls[0].Status != 429 || calls[1].Error != "user_not_found" || calls[3].Status != 200 {
		t.Errorf("calls = %+v", calls)
	}

	// A Delay-only fault slows the call and then serves it.
	s.FailNext("auth.test", 1, slackfake.Fault{Delay: 30 * time.Millisecond})
	start := time.Now()
	if _, err := api.AuthTestContext(ctx); err != nil || time.Since(start) < 30*time.Millisecond {
		t.Errorf("delayed auth.test: %v after %v", err, time.Since(start))
	}
}

func TestSetRateLimit(t *testing.T) {
	s, clk := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)
	s.SetRateLimit("chat.postMessage", slackfake.RateLimit{PerChannelPerSecond: 1})
	s.SetRateLimit("users.info", slackfake.RateLimit{PerMinute: 2})

	post := func(to string) error {
		_, _, err := api.PostMessageContext(ctx, to, slack.MsgOptionText("hello", false))
		return err
	}
	if err := post("U1"); err != nil {
		t.Fatal(err)
	}
	var rl *slack.RateLimitedError
	if err := post("U1"); !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("second post in the same second: %v", err)
	}
	if err := post("U2"); err != nil {
		t.Fatalf("another conversation is not limited: %v", err)
	}
	clk.Advance(time.Second)
	if err := post("U1"); err != nil {
		t.Fatalf("after a second: %v", err)
	}
	if n := len(s.Messages(s.DMChannel("U1"))); n != 2 {
		t.Errorf("U1 DM has %d messages; the limited call must post nothing", n)
	}

	for i := range 3 {
		_, err := api.GetUserInfoContext(ctx, "U1")
		if (i < 2) != (err == nil) {
			t.Fatalf("users.info call %d: %v", i+1, err)
		}
	}
	clk.Advance(time.Minute)
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Fatalf("after a minute: %v", err)
	}
	if got := s.RateLimited(); got != 2 {
		t.Errorf("RateLimited = %d, want 2", got)
	}
}

func TestConversationsOpen(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)
	s.AddUser(slackfake.User{ID: "U3", Name: "grace"})
	s.AddUser(slackfake.User{ID: "U9", Name: "gone", Deleted: true})

	open := func(users ...string) (string, bool, error) {
		ch, noOp, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: users})
		if err != nil {
			return "", false, err
		}
		return ch.ID, noOp, nil
	}
	dm, noOp, err := open("U1")
	if err != nil || !strings.HasPrefix(dm, "D") || noOp {
		t.Fatalf("open U1 = %q %v %v", dm, noOp, err)
	}
	if again, noOp, _ := open("U1"); again != dm || !noOp {
		t.Errorf("reopen = %q no_op %v", again, noOp)
	}
	if s.DMChannel("U1") != dm || s.DMChannel("U2") != "" {
		t.Errorf("DMChannel U1 %q U2 %q", s.DMChannel("U1"), s.DMChannel("U2"))
	}
	g, _, err := open("U1", "U2", "U3")
	if err != nil || !strings.HasPrefix(g, "G") {
		t.Fatalf("group = %q %v", g, err)
	}
	if again, _, _ := open("U3", "U1", "U2"); again != g {
		t.Errorf("same members in another order gave %q, want %q", again, g)
	}
	if other, _, _ := open("U1", "U2"); other == g {
		t.Error("different member set gave the same group")
	}
	if s.Conversation("U2", "U3", "U1") != g || s.Conversation("U1", "U3") != "" {
		t.Errorf("Conversation lookup wrong")
	}

	errs := []struct {
		users []string
		want  string
	}{
		{[]string{"U404"}, "user_not_found"},
		{[]string{"U9"}, "user_disabled"},
		{[]string{"U1", "U9"}, "user_disabled"},
		{[]string{s.BotUserID()}, "cannot_dm_bot"},
		{[]string{"U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U10"}, "too_many_users"},
	}
	for _, tc := range errs {
		if _, _, err := open(tc.users...); slackError(err) != tc.want {
			t.Errorf("open %v: %v, want %s", tc.users, err, tc.want)
		}
	}
}

func TestChatMethods(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{CheckMessage: func(p []byte) error {
		if strings.Contains(string(p), "@channel") {
			return errors.New("no @channel please")
		}
		return nil
	}})
	ctx := testCtx(t)
	api := newAPI(s)

	ch, ts, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("first", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, ch, ts, slack.MsgOptionText("edited", false)); err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages(ch)
	if len(msgs) != 1 || msgs[0].Text != "edited" || !msgs[0].Updated || msgs[0].User != s.BotUserID() {
		t.Fatalf("after update: %+v", msgs)
	}
	blocks := make([]slack.Block, 51)
	for i := range blocks {
		blocks[i] = slack.NewDividerBlock()
	}

	errs := []struct {
		name string
		call func() error
		want string
	}{
		{"unknown channel", func() error {
			_, _, err := api.PostMessageContext(ctx, "C404", slack.MsgOptionText("x", false))
			return err
		}, "channel_not_found"},
		{"no text", func() error {
			_, _, err := api.PostMessageContext(ctx, "U1")
			return err
		}, "no_text"},
		{"51 blocks", func() error {
			_, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionBlocks(blocks...))
			return err
		}, "invalid_blocks"},
		{"CheckMessage refuses", func() error {
			_, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("hey @channel", false))
			return err
		}, "invalid_blocks"},
		{"ephemeral to someone not in the DM", func() error {
			_, err := api.PostEphemeralContext(ctx, ch, "U2", slack.MsgOptionText("x", false))
			return err
		}, "user_not_in_channel"},
		{"update unknown ts", func() error {
			_, _, _, err := api.UpdateMessageContext(ctx, ch, "1.000001", slack.MsgOptionText("x", false))
			return err
		}, "message_not_found"},
		{"DM a deactivated user", func() error {
			s.AddUser(slackfake.User{ID: "U9", Name: "gone", Deleted: true})
			_, _, err := api.PostMessageContext(ctx, "U9", slack.MsgOptionText("x", false))
			return err
		}, "is_archived"},
	}
	for _, tc := range errs {
		if got := slackError(tc.call()); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}

	if _, err := api.PostEphemeralContext(ctx, s.DefaultChannel(), "U2", slack.MsgOptionText("psst", false)); err != nil {
		t.Fatal(err)
	}
	if eph := s.Ephemerals("U2"); len(eph) != 1 || eph[0].Text != "psst" || eph[0].Recipient != "U2" {
		t.Errorf("ephemerals = %+v", eph)
	}
	if _, _, err := api.DeleteMessageContext(ctx, ch, ts); err != nil {
		t.Fatal(err)
	}
	if msgs := s.Messages(ch); len(msgs) != 0 {
		t.Errorf("after delete: %+v", msgs)
	}
}

func TestViewsOpenTriggers(t *testing.T) {
	s, clk := newServer(t, slackfake.Options{TriggerTTL: 3 * time.Second})
	startBot(t, s)
	ctx := testCtx(t)
	api := newAPI(s)

	trigger := func() string {
		env, err := s.SlashCommand(ctx, "U1", "/mentor", "signup")
		if err != nil {
			t.Fatal(err)
		}
		var cmd slack.SlashCommand
		if err := json.Unmarshal(env.Payload(), &cmd); err != nil {
			t.Fatal(err)
		}
		return cmd.TriggerID
	}
	modal := slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject(slack.PlainTextType, "Sign up", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}

	used := trigger()
	if _, err := api.OpenViewContext(ctx, used, modal); err != nil {
		t.Fatal(err)
	}
	expired := trigger()
	clk.Advance(3*time.Second + time.Millisecond)

	tests := []struct {
		name, trigger, want string
	}{
		{"exchanged", used, "exchanged_trigger_id"},
		{"expired", expired, "expired_trigger_id"},
		{"unknown", "123.456.abc", "invalid_trigger_id"},
	}
	for _, tc := range tests {
		if _, err := api.OpenViewContext(ctx, tc.trigger, modal); slackError(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}

	fresh := trigger()
	long := modal
	long.Title = slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("t", 25), false, false)
	if _, err := api.OpenViewContext(ctx, fresh, long); slackError(err) != "invalid_arguments" {
		t.Errorf("25-character title: %v", err)
	}
	if _, err := api.OpenViewContext(ctx, fresh, modal); err != nil {
		t.Errorf("a refused view must not use up the trigger: %v", err)
	}
}

func TestViewsUpdateAndPublish(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	startBot(t, s)
	ctx := testCtx(t)
	api := newAPI(s)

	env, err := s.SlashCommand(ctx, "U1", "/mentor", "")
	if err != nil {
		t.Fatal(err)
	}
	var cmd slack.SlashCommand
	_ = json.Unmarshal(env.Payload(), &cmd)
	title := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	modal := slack.ModalViewRequest{Type: slack.VTModal, Title: title("One"), Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}
	opened, err := api.OpenViewContext(ctx, cmd.TriggerID, modal)
	if err != nil {
		t.Fatal(err)
	}
	modal.Title = title("Two")
	if _, err := api.UpdateViewContext(ctx, modal, "", "1.stale", opened.View.ID); slackError(err) != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	updated, err := api.UpdateViewContext(ctx, modal, "", opened.View.Hash, opened.View.ID)
	if err != nil {
		t.Fatal(err)
	}
	if updated.View.ID != opened.View.ID || updated.View.Hash == opened.View.Hash || updated.View.Title.Text != "Two" {
		t.Errorf("updated view %+v", updated.View)
	}
	if _, err := api.UpdateViewContext(ctx, modal, "", "", "V404"); slackError(err) != "not_found" {
		t.Errorf("unknown view: %v", err)
	}

	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, CallbackID: "home", Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}
	first, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home})
	if err != nil {
		t.Fatal(err)
	}
	second, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home})
	if err != nil || second.View.ID != first.View.ID {
		t.Fatalf("republish: %v, id %q vs %q", err, second.View.ID, first.View.ID)
	}
	stale := first.View.Hash
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home, Hash: &stale}); slackError(err) != "hash_conflict" {
		t.Errorf("publish with stale hash: %v", err)
	}
	if v, ok := s.HomeView("U2"); !ok || v.CallbackID != "home" || v.Type != "home" {
		t.Errorf("HomeView = %+v %v", v, ok)
	}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: slack.HomeTabViewRequest{Type: slack.VTModal}}); slackError(err) != "invalid_arguments" {
		t.Errorf("modal published as home: %v", err)
	}
}

func TestUploadFileLandsInChannel(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil {
		t.Fatal(err)
	}
	content := `{"name":"Ada"}`
	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Channel: ch.ID, Filename: "export.json", Title: "Your data", Content: content, FileSize: len(content), InitialComment: "Here you go",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files(ch.ID)
	if len(files) != 1 || files[0].ID != sum.ID || string(files[0].Content) != content || files[0].Name != "export.json" ||
		files[0].Title != "Your data" || files[0].InitialComment != "Here you go" {
		t.Fatalf("files = %+v", files)
	}
	msgs := s.Messages(ch.ID)
	if len(msgs) != 1 || len(msgs[0].Files) != 1 || msgs[0].Files[0] != sum.ID {
		t.Errorf("share message = %+v", msgs)
	}
	if _, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Channel: "U1", Filename: "x.csv", Content: "a", FileSize: 1}); !strings.Contains(err.Error(), "invalid_channel") {
		t.Errorf("upload to a user ID: %v", err)
	}
	if n := len(s.Calls("file_upload")); n != 2 {
		t.Errorf("file_upload calls = %d", n)
	}
}

func TestWait(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := s.Wait(short, func() bool { return false }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait on a false condition: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Wait(ctx, func() bool { return len(s.Calls("auth.test")) > 0 }) }()
	if _, err := newAPI(s).AuthTestContext(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("Wait after the call: %v", err)
	}
}
