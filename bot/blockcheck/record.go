package blockcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EnvDir names the directory where Record writes samples for the TypeScript
// check of .ci/run (.ci/blockkit/check.mjs). Unset: nothing is written.
const EnvDir = "MENTORBOT_BLOCKKIT_DIR"

// TB is the part of testing.TB that Record uses; declared here so the
// production binary (the playground links this package) never links the
// testing package.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Record checks v, a message ("message") or a view ("modal", "home"), and
// fails t on any problem. If $MENTORBOT_BLOCKKIT_DIR is set it also writes the
// JSON to $MENTORBOT_BLOCKKIT_DIR/<kind>-<name>.json, name reduced to
// [a-z0-9-], for the @slack/types check in CI.
//
// v is marshalled with encoding/json, so slack-go values work directly
// (slack.Msg, []slack.Block, slack.Blocks, slack.ModalViewRequest,
// slack.HomeTabViewRequest); []byte and json.RawMessage are taken as JSON.
func Record(t TB, kind, name string, v any) {
	t.Helper()
	raw, err := toJSON(v)
	if err != nil {
		t.Fatalf("blockcheck.Record %s %q: %v", kind, name, err)
	}
	var check func([]byte) error
	switch kind {
	case "message":
		check = CheckMessage
	case "modal", "home":
		check = func(raw []byte) error {
			var head struct {
				Type string `json:"type"`
			}
			if err := json.Unmarshal(raw, &head); err == nil && head.Type != kind {
				return fmt.Errorf("recorded as %q but the view's type is %q", kind, head.Type)
			}
			return CheckView(raw)
		}
	default:
		t.Fatalf("blockcheck.Record: kind %q: want message, modal or home", kind)
	}
	file := sanitize(name)
	if file == "" {
		t.Fatalf("blockcheck.Record: name %q has no usable characters", name)
	}
	if err := check(raw); err != nil {
		t.Errorf("blockcheck: %s %q breaks Slack's Block Kit rules:\n%v\nJSON: %s", kind, name, err, raw)
	}
	dir := os.Getenv(EnvDir)
	if dir == "" {
		return
	}
	if err := writeSample(filepath.Join(dir, kind+"-"+file+".json"), raw); err != nil {
		t.Errorf("blockcheck.Record: %v", err)
	}
}

func toJSON(v any) ([]byte, error) {
	var raw []byte
	switch v := v.(type) {
	case []byte:
		raw = v
	case json.RawMessage:
		raw = v
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("marshal: %w", err)
		}
		raw = b
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	return out.Bytes(), nil
}

// writeSample writes a sample; the same name recorded twice with different
// JSON is an error, since one sample would silently hide the other.
func writeSample(path string, raw []byte) error {
	old, err := os.ReadFile(path)
	switch {
	case err == nil && !bytes.Equal(old, raw):
		return fmt.Errorf("%s was already recorded with different JSON; give each sample its own name", filepath.Base(path))
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("read %s: %w", path, err)
	}
	// Write then rename so a reader never sees half a file.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sample-*")
	if err != nil {
		return fmt.Errorf("create sample: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("write sample: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write sample: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write sample: %w", err)
	}
	return nil
}

// sanitize lowercases name and turns every run of other characters into one
// '-', so test names such as "TestHome/paused user" become "testhome-paused-user".
func sanitize(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
