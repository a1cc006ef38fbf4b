package slackfake_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

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
