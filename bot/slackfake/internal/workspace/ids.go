package workspace

import (
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
)

// newIDLocked returns the next Slack-style ID with the given prefix:
// U… users, D… DMs, G… group DMs, C… channels, V… views, F… files.
// Slack IDs are upper-case alphanumerics; a counter keeps them readable and
// deterministic.
func (ws *Workspace) newIDLocked(prefix string) string {
	ws.seq[prefix]++
	return fmt.Sprintf("%s%08d", prefix, ws.seq[prefix])
}

// nextTSLocked returns a message timestamp "seconds.micros" from the clock,
// strictly increasing even when the injected clock stands still (Slack's ts
// is unique per channel and doubles as the message ID).
func (ws *Workspace) nextTSLocked() string {
	us := ws.opts.Now().UnixMicro()
	if us <= ws.lastTSMicros {
		us = ws.lastTSMicros + 1
	}
	ws.lastTSMicros = us
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// newEventID returns an Events API event_id like "Ev01ABCDEF23".
func newEventID() string {
	return "Ev" + strings.ToUpper(hub.RandHex(5))
}

// newTriggerIDLocked returns a trigger_id shaped like Slack's
// "3701415066658.3485157640.72f11de3d52bb9593d6931af772a323e".
func (ws *Workspace) newTriggerIDLocked() string {
	ws.seq["trigger"]++
	return fmt.Sprintf("%d.%d.%s", ws.opts.Now().UnixMilli(), ws.seq["trigger"], hub.RandHex(16))
}

// newHashLocked returns a view hash like Slack's "1655863316.uFehmGP0".
func (ws *Workspace) newHashLocked() string {
	return fmt.Sprintf("%d.%s", ws.opts.Now().Unix(), hub.RandHex(4))
}
