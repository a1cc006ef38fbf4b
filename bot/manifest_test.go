package bot_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// The manifest lives at the repository root so that people can paste it into
// Slack's "Create app from manifest" dialog; the schema is Slack's published
// one (slackapi/manifest-schema, MIT), copied into testdata with its licence.
const (
	manifestPath = "../manifest.yml"
	schemaPath   = "../testdata/slack/manifest.schema.1.0.0.json"
)

// wantBotEvents are the events mentorbot subscribes to, sorted:
// app_home_opened (no scope) and user_change (users:read; directory sync).
var wantBotEvents = []string{"app_home_opened", "user_change"}

// wantBotScopes is the complete list of bot scopes mentorbot needs; adding a
// scope must be a conscious change here too (least privilege).
// channels:read: only a channel's members join its networking rounds
// (conversations.members). groups:write: mentoring circles too big for a group DM get a private
// channel (conversations.create, conversations.invite).
var wantBotScopes = []string{"channels:read", "chat:write", "commands", "files:write", "groups:write", "im:write", "mpim:write", "users:read"}

func TestManifestMatchesSlackSchema(t *testing.T) {
	schema := compileManifestSchema(t)
	doc := loadManifestJSON(t)
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("manifest.yml does not match Slack's manifest schema:\n%v", err)
	}
}

// TestManifestSchemaRejectsBrokenManifests proves the schema test above can
// fail: each mutation of the real manifest must be refused.
func TestManifestSchemaRejectsBrokenManifests(t *testing.T) {
	schema := compileManifestSchema(t)
	tests := []struct {
		name   string
		mutate func(t *testing.T, m map[string]any)
	}{
		{"unknown top-level key", func(t *testing.T, m map[string]any) { m["socket_mode"] = true }},
		{"missing display_information", func(t *testing.T, m map[string]any) { delete(m, "display_information") }},
		{"app name too long", func(t *testing.T, m map[string]any) {
			obj(t, m, "display_information")["name"] = strings.Repeat("m", 36)
		}},
		{"command without slash", func(t *testing.T, m map[string]any) {
			cmds := obj(t, m, "features")["slash_commands"].([]any)
			cmds[0].(map[string]any)["command"] = "mentor"
		}},
		{"command without description", func(t *testing.T, m map[string]any) {
			cmds := obj(t, m, "features")["slash_commands"].([]any)
			delete(cmds[0].(map[string]any), "description")
		}},
		{"interactivity without is_enabled", func(t *testing.T, m map[string]any) {
			obj(t, m, "settings")["interactivity"] = map[string]any{}
		}},
		{"socket mode as string", func(t *testing.T, m map[string]any) { obj(t, m, "settings")["socket_mode_enabled"] = "yes" }},
		{"scopes not a list", func(t *testing.T, m map[string]any) {
			obj(t, obj(t, m, "oauth_config"), "scopes")["bot"] = "commands,chat:write"
		}},
		{"bot user without display name", func(t *testing.T, m map[string]any) {
			obj(t, m, "features")["bot_user"] = map[string]any{"always_online": true}
		}},
		{"duplicate bot event", func(t *testing.T, m map[string]any) {
			obj(t, obj(t, m, "settings"), "event_subscriptions")["bot_events"] = []any{"app_home_opened", "app_home_opened"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := loadManifestMap(t)
			tt.mutate(t, doc)
			err := schema.Validate(roundTrip(t, doc))
			if err == nil {
				t.Fatal("schema accepted a broken manifest")
			}
			t.Logf("refused as expected: %v", err)
		})
	}
}

// manifest holds the parts of the manifest the bot's code depends on.
type manifest struct {
	Features struct {
		AppHome struct {
			HomeTabEnabled     bool `json:"home_tab_enabled"`
			MessagesTabEnabled bool `json:"messages_tab_enabled"`
		} `json:"app_home"`
		BotUser struct {
			DisplayName string `json:"display_name"`
		} `json:"bot_user"`
		SlashCommands []struct {
			Command      string `json:"command"`
			URL          string `json:"url"`
			UsageHint    string `json:"usage_hint"`
			ShouldEscape *bool  `json:"should_escape"`
		} `json:"slash_commands"`
	} `json:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot  []string `json:"bot"`
			User []string `json:"user"`
		} `json:"scopes"`
	} `json:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `json:"request_url"`
			BotEvents  []string `json:"bot_events"`
			UserEvents []string `json:"user_events"`
		} `json:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `json:"is_enabled"`
			RequestURL string `json:"request_url"`
		} `json:"interactivity"`
		SocketModeEnabled bool `json:"socket_mode_enabled"`
	} `json:"settings"`
}

// manifestProblems lists what is wrong with m for a Socket Mode /mentor bot.
func manifestProblems(m manifest) []string {
	var probs []string
	if !m.Settings.SocketModeEnabled {
		probs = append(probs, "settings.socket_mode_enabled must be true")
	}
	if m.Settings.EventSubscriptions.RequestURL != "" || m.Settings.Interactivity.RequestURL != "" {
		probs = append(probs, "Socket Mode apps have no request_url")
	}
	if !m.Settings.Interactivity.IsEnabled {
		probs = append(probs, "settings.interactivity.is_enabled must be true (buttons, modals)")
	}
	if got := slices.Sorted(slices.Values(m.Settings.EventSubscriptions.BotEvents)); !slices.Equal(got, wantBotEvents) {
		probs = append(probs, fmt.Sprintf("bot events = %v, want exactly %v", got, wantBotEvents))
	}
	if len(m.Settings.EventSubscriptions.UserEvents) != 0 {
		probs = append(probs, "no user events wanted")
	}
	if !m.Features.AppHome.HomeTabEnabled {
		probs = append(probs, "features.app_home.home_tab_enabled must be true")
	}
	if !m.Features.AppHome.MessagesTabEnabled {
		probs = append(probs, "features.app_home.messages_tab_enabled must be true (DMs)")
	}
	if m.Features.BotUser.DisplayName == "" {
		probs = append(probs, "features.bot_user.display_name missing")
	}
	var found bool
	for _, c := range m.Features.SlashCommands {
		if c.Command != "/mentor" {
			continue
		}
		found = true
		if c.URL != "" {
			probs = append(probs, "/mentor must have no url under Socket Mode")
		}
		// Escaping turns "@ann" into <@U…|ann> and "#general" into <#C…|general>:
		// pair, unpair and announce read IDs, never display names.
		if c.ShouldEscape == nil || !*c.ShouldEscape {
			probs = append(probs, "/mentor should_escape must be true")
		}
		for _, sub := range []string{"help", "signup", "profile", "status", "pause", "resume", "export", "leave"} {
			if !strings.Contains(c.UsageHint, sub) {
				probs = append(probs, fmt.Sprintf("/mentor usage_hint lacks %q", sub))
			}
		}
	}
	if !found {
		probs = append(probs, "slash command /mentor missing")
	}
	got := slices.Clone(m.OAuthConfig.Scopes.Bot)
	slices.Sort(got)
	if !slices.Equal(got, wantBotScopes) {
		probs = append(probs, fmt.Sprintf("bot scopes = %v, want exactly %v", got, wantBotScopes))
	}
	if len(m.OAuthConfig.Scopes.User) != 0 {
		probs = append(probs, "no user scopes wanted")
	}
	return probs
}

func TestManifestEssentials(t *testing.T) {
	m := decodeManifest(t, loadManifestMap(t))
	for _, p := range manifestProblems(m) {
		t.Error(p)
	}
}

// TestManifestEssentialsCatchMistakes proves manifestProblems can fail.
func TestManifestEssentialsCatchMistakes(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(t *testing.T, m map[string]any)
		want   string
	}{
		{"socket mode off", func(t *testing.T, m map[string]any) { obj(t, m, "settings")["socket_mode_enabled"] = false }, "socket_mode_enabled"},
		{"extra scope", func(t *testing.T, m map[string]any) {
			s := obj(t, obj(t, m, "oauth_config"), "scopes")
			s["bot"] = append(s["bot"].([]any), "users:read.email")
		}, "bot scopes"},
		{"missing scope", func(t *testing.T, m map[string]any) {
			obj(t, obj(t, m, "oauth_config"), "scopes")["bot"] = []any{"commands", "chat:write"}
		}, "bot scopes"},
		{"no app_home_opened", func(t *testing.T, m map[string]any) {
			obj(t, obj(t, m, "settings"), "event_subscriptions")["bot_events"] = []any{"message.im"}
		}, "app_home_opened"},
		{"no user_change", func(t *testing.T, m map[string]any) {
			obj(t, obj(t, m, "settings"), "event_subscriptions")["bot_events"] = []any{"app_home_opened"}
		}, "bot events"},
		{"extra event", func(t *testing.T, m map[string]any) {
			obj(t, obj(t, m, "settings"), "event_subscriptions")["bot_events"] = []any{"app_home_opened", "user_change", "team_join"}
		}, "bot events"},
		{"renamed command", func(t *testing.T, m map[string]any) {
			cmds := obj(t, m, "features")["slash_commands"].([]any)
			cmds[0].(map[string]any)["command"] = "/mentorship"
		}, "/mentor missing"},
		{"unescaped command", func(t *testing.T, m map[string]any) {
			cmds := obj(t, m, "features")["slash_commands"].([]any)
			cmds[0].(map[string]any)["should_escape"] = false
		}, "should_escape"},
		{"home tab off", func(t *testing.T, m map[string]any) {
			obj(t, obj(t, m, "features"), "app_home")["home_tab_enabled"] = false
		}, "home_tab_enabled"},
		{"interactivity off", func(t *testing.T, m map[string]any) {
			obj(t, m, "settings")["interactivity"] = map[string]any{"is_enabled": false}
		}, "interactivity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := loadManifestMap(t)
			tt.mutate(t, doc)
			probs := manifestProblems(decodeManifest(t, doc))
			if !slices.ContainsFunc(probs, func(p string) bool { return strings.Contains(p, tt.want) }) {
				t.Fatalf("problems %q do not mention %q", probs, tt.want)
			}
		})
	}
}

func compileManifestSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Fatalf("open schema: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("parse schema: %v", err)
	}
	abs, err := filepath.Abs(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(abs)
	c := jsonschema.NewCompiler()
	// The file carries no $schema keyword; Slack publishes it as draft-07.
	c.DefaultDraft(jsonschema.Draft7)
	c.UseRegexpEngine(compileSchemaRegexp)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatalf("add schema: %v", err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return sch
}

// loadManifestJSON returns manifest.yml as a JSON instance for the validator.
func loadManifestJSON(t *testing.T) any {
	t.Helper()
	raw, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		t.Fatalf("manifest.yml is not valid YAML: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatalf("manifest as JSON: %v", err)
	}
	return doc
}

// loadManifestMap returns a fresh, mutable copy of the manifest.
func loadManifestMap(t *testing.T) map[string]any {
	t.Helper()
	m, ok := loadManifestJSON(t).(map[string]any)
	if !ok {
		t.Fatal("manifest is not a mapping")
	}
	return m
}

// roundTrip re-encodes a mutated document so numbers come back as the
// validator expects them (json.Number).
func roundTrip(t *testing.T, doc any) any {
	t.Helper()
	js, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func decodeManifest(t *testing.T, doc map[string]any) manifest {
	t.Helper()
	js, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatalf("decode manifest: %v", err)
	}
	return m
}

// obj returns m[key] as an object, creating nothing: a missing key is a test bug.
func obj(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	v, ok := m[key].(map[string]any)
	if !ok {
		t.Fatalf("manifest has no object %q", key)
	}
	return v
}

// lookaheadRegexp is an ECMA pattern ^(?!A)B that Go's RE2 cannot compile:
// it matches when B matches and A does not match at the start.
type lookaheadRegexp struct {
	source string
	not    *regexp.Regexp
	body   *regexp.Regexp
}

func (r lookaheadRegexp) String() string { return r.source }

func (r lookaheadRegexp) MatchString(s string) bool {
	return !r.not.MatchString(s) && r.body.MatchString(s)
}

// compileSchemaRegexp compiles JSON Schema patterns with Go's regexp, plus the
// one ECMA construct Slack's schema uses that RE2 lacks: a leading negative
// lookahead (the domain patterns of unfurl_domains and outgoing_domains).
// Anything else RE2 refuses stays an error, so nothing is silently skipped.
func compileSchemaRegexp(pattern string) (jsonschema.Regexp, error) {
	re, err := regexp.Compile(pattern)
	if err == nil {
		return re, nil
	}
	rest, ok := strings.CutPrefix(pattern, "^(?!")
	end := strings.IndexByte(rest, ')')
	if !ok || end < 0 || strings.ContainsAny(rest[:end], "(|") || strings.Contains(rest[end+1:], "|") {
		return nil, fmt.Errorf("pattern %q: %w", pattern, err)
	}
	not, errNot := regexp.Compile("^(?:" + rest[:end] + ")")
	body, errBody := regexp.Compile("^(?:" + rest[end+1:] + ")")
	if errNot != nil || errBody != nil {
		return nil, fmt.Errorf("pattern %q: %w", pattern, err)
	}
	return lookaheadRegexp{source: pattern, not: not, body: body}, nil
}

func TestCompileSchemaRegexpLookahead(t *testing.T) {
	re, err := compileSchemaRegexp(`^(?![\.\-])([-a-z0-9\.])+([a-z0-9])$`)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{
		"example.com": true, "a-b.example.org": true,
		".example.com": false, "-example.com": false, "example.com-": false, "Example.com": false, "": false,
	} {
		if got := re.MatchString(s); got != want {
			t.Errorf("MatchString(%q) = %v, want %v", s, got, want)
		}
	}
	if _, err := compileSchemaRegexp(`(?<=a)b`); err == nil {
		t.Error("lookbehind accepted; want an error")
	}
}
