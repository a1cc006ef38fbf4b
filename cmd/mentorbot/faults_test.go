//go:build faults

package main

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// The full fault-injection suite: go test -tags faults ./cmd/mentorbot/ -run Fault -v
// (helpers in faults_helpers_test.go; docs/operations.md).

// TestFaultAckThousandEnvelopesWithSlowHandlers: 1,000 envelopes while
// every handler waits 2.5 s on Slack; each must be acked at once.
func TestFaultAckThousandEnvelopesWithSlowHandlers(t *testing.T) {
	r := startBot(t)
	st := ackBurst(t, r, 1000, 64)
	t.Logf("ack latency with slow handlers: %v", st)
	if st.late > 0 || st.max > 3*time.Second {
		t.Fatalf("late acks: %v", st)
	}
	if st.p99 >= time.Second {
		t.Fatalf("ack p99 %v, goal under 1 s", st.p99)
	}
	if path := os.Getenv("MENTORBOT_FAULTS_REPORT"); path != "" {
		os.WriteFile(path, []byte(st.String()+"\n"), 0o644)
	}
}

// TestFaultRedeliveryEveryKind: each kind of envelope redelivered with
// retry_attempt 1-3 and with a new envelope_id has one effect.
func TestFaultRedeliveryEveryKind(t *testing.T) {
	t.Run("slash command", func(t *testing.T) { redeliveredPairHasOneEffect(t) })
	t.Run("view submission", func(t *testing.T) { redeliveredSignupHasOneEffect(t) })
	t.Run("check-in click", func(t *testing.T) { redeliveredNeedHelpHasOneEffect(t) })
	t.Run("feedback submission", func(t *testing.T) { redeliveredFeedbackHasOneEffect(t) })
	t.Run("app_home_opened", func(t *testing.T) { redeliveredHomeOpenedHasOneEffect(t) })
	t.Run("leave click", func(t *testing.T) { redeliveredLeaveHasOneEffect(t) })
}

// TestFaultReconnects: refresh_requested, warning, link_disabled and an
// abrupt close, each with commands in flight, several times over.
func TestFaultReconnects(t *testing.T) {
	r := startBot(t)
	var worst time.Duration
	for round := range 3 {
		for _, f := range []string{"refresh_requested", "warning", "link_disabled", "too_many_websockets", "abrupt"} {
			t.Run(fmt.Sprintf("%s-%d", f, round), func(t *testing.T) {
				worst = max(worst, reconnectAfter(t, r, f, 20))
			})
		}
	}
	t.Logf("slowest reconnect: %v", worst)
}

// TestFaultAuthStops: a refused app token stops serve with a clear line.
func TestFaultAuthStops(t *testing.T) {
	for _, code := range []string{"invalid_auth", "token_revoked", "account_inactive", "not_authed"} {
		t.Run(code, func(t *testing.T) { authStops(t, code) })
	}
	t.Run("revoked while running", func(t *testing.T) { authRevokedWhileRunning(t) })
}

// TestFaultWebAPI: 429, 500 and slow answers on every Web API method the
// bot calls.
func TestFaultWebAPI(t *testing.T) {
	for _, c := range apiCases {
		for _, f := range apiFaults {
			t.Run(c.method+"/"+f.name, func(t *testing.T) { runAPICase(t, c, f) })
		}
	}
	t.Run("auth.test", func(t *testing.T) { authTestFaults(t) })
}

var _ = slackfake.Fault{}
