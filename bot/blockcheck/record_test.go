package blockcheck_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
)

// recorderTB captures what Record reports instead of failing the real test.
type recorderTB struct {
	testing.TB
	errs []string
}

// fatalStop is the panic value recorderTB.Fatalf uses to stop Record, as
// testing.T's Fatalf stops the test goroutine.
type fatalStop struct{}

func (r *recorderTB) Helper() {}
func (r *recorderTB) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorderTB) Fatalf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
	panic(fatalStop{})
}

// record runs blockcheck.Record against a recorderTB and returns its reports.
func record(t *testing.T, kind, name string, v any) (errs []string) {
	t.Helper()
	r := &recorderTB{TB: t}
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(fatalStop); !ok {
				panic(p)
			}
		}
		errs = r.errs
	}()
	blockcheck.Record(r, kind, name, v)
	return r.errs
}

func TestRecordWritesSamples(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(blockcheck.EnvDir, dir)

	if errs := record(t, "modal", "TestSignup/Modal (pre-filled)", signupModal()); errs != nil {
		t.Fatalf("valid modal reported: %v", errs)
	}
	if errs := record(t, "home", "paused", homeView()); errs != nil {
		t.Fatalf("valid home reported: %v", errs)
	}
	if errs := record(t, "message", "status", statusMessage()); errs != nil {
		t.Fatalf("valid message reported: %v", errs)
	}
	if errs := record(t, "message", "raw-bytes", []byte(`{"text":"hi","blocks":[{"type":"divider"}]}`)); errs != nil {
		t.Fatalf("raw JSON reported: %v", errs)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := "home-paused.json message-raw-bytes.json message-status.json modal-testsignup-modal-pre-filled.json"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("files = %q, want %q", got, want)
	}

	raw, err := os.ReadFile(filepath.Join(dir, "modal-testsignup-modal-pre-filled.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back slack.ModalViewRequest
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatalf("sample is not the modal's JSON: %v", err)
	}
	if back.CallbackID != "signup" || len(back.Blocks.BlockSet) != len(signupModal().Blocks.BlockSet) {
		t.Fatalf("sample lost content: %s", raw)
	}
	if err := blockcheck.CheckView(raw); err != nil {
		t.Fatalf("written sample does not pass: %v", err)
	}

	// Recording the same sample again is fine; different JSON under the same
	// name would hide one of them from the TypeScript check.
	if errs := record(t, "home", "paused", homeView()); errs != nil {
		t.Fatalf("identical re-record reported: %v", errs)
	}
	other := homeView()
	other.CallbackID = "home2"
	errs := record(t, "home", "paused", other)
	if len(errs) != 1 || !strings.Contains(errs[0], "already recorded with different JSON") {
		t.Fatalf("name clash reports = %q", errs)
	}
}

func TestRecordReportsProblems(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(blockcheck.EnvDir, dir)
	bad := statusMessage()
	bad.Blocks.BlockSet = append(bad.Blocks.BlockSet, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.MarkdownType, "x", false, false)))

	tests := []struct {
		name, kind, sample string
		v                  any
		want               string
	}{
		{"broken message", "message", "bad", bad, "$.blocks[3].text.type: must be plain_text here"},
		{"kind does not match view type", "modal", "home-as-modal", homeView(), `recorded as "modal" but the view's type is "home"`},
		{"unknown kind", "view", "x", homeView(), `kind "view": want message, modal or home`},
		{"unusable name", "home", "!!!", homeView(), "has no usable characters"},
		{"not JSON", "message", "junk", []byte("{"), "not JSON"},
		{"unmarshalable value", "message", "chan", make(chan int), "marshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := record(t, tt.kind, tt.sample, tt.v)
			if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), tt.want) {
				t.Fatalf("reports %q do not contain %q", errs, tt.want)
			}
		})
	}
	// A sample that breaks the rules is still written, so CI's TypeScript
	// check sees it too.
	if _, err := os.Stat(filepath.Join(dir, "message-bad.json")); err != nil {
		t.Fatalf("broken sample not written: %v", err)
	}
}

func TestRecordWithoutDirWritesNothing(t *testing.T) {
	t.Setenv(blockcheck.EnvDir, "")
	cwd := t.TempDir()
	t.Chdir(cwd)
	if errs := record(t, "home", "quiet", homeView()); errs != nil {
		t.Fatalf("reported: %v", errs)
	}
	entries, err := os.ReadDir(cwd)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Fatalf("wrote %d files without %s", len(entries), blockcheck.EnvDir)
	}
}
