// Command ackpeer is the yardstick of mentorbot's ack latency: the thinnest
// Socket Mode app slack-go allows. It connects and acks every envelope at
// once, from the loop that reads them, with a fixed ephemeral text for a
// slash command and an empty ack for anything else (a view submission's
// ack must be empty or a response_action), and does nothing else: no
// database, no handler, no Web API call after the connection.
//
// The benchmark in cmd/mentorbot (ackbench_test.go) runs it and `mentorbot
// serve` as child processes against the same fake Slack. It reads the same
// variables as serve: SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_API_URL. It
// lives under internal/ so nothing links it into the mentorbot binary.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// reply is the fixed answer to every slash command.
var reply = map[string]any{"response_type": "ephemeral", "text": "ack"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "ackpeer:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	api := slack.New(os.Getenv("SLACK_BOT_TOKEN"), slack.OptionAppLevelToken(os.Getenv("SLACK_APP_TOKEN")),
		slack.OptionAPIURL(os.Getenv("SLACK_API_URL")))
	sm := socketmode.New(api)
	runErr := make(chan error, 1)
	go func() { runErr <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-runErr:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt := <-sm.Events:
			if evt.Request == nil || evt.Request.EnvelopeID == "" {
				continue
			}
			var err error
			if evt.Type == socketmode.EventTypeSlashCommand {
				err = sm.Ack(*evt.Request, reply)
			} else {
				err = sm.Ack(*evt.Request)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "ackpeer: ack:", err)
			}
		}
	}
}
