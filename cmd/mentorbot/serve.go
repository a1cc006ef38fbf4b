package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := loadConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	return serve(ctx, cfg, logger, time.Now)
}

// serve runs the bot until ctx ends: open and migrate the database, check
// the tokens, connect Socket Mode, and on shutdown drain handlers, stop the
// scheduler and close the database.
func serve(ctx context.Context, cfg config, logger *slog.Logger, now func() time.Time) error {
	db, err := store.Open(ctx, cfg.DB, store.Options{Clock: now})
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := db.Migrate(ctx); err != nil {
		return err
	} else if n > 0 {
		logger.Info("database migrated", "applied", n, "db", cfg.DB)
	}

	api := slack.New(cfg.BotToken, slack.OptionAppLevelToken(cfg.AppToken), slack.OptionAPIURL(cfg.APIURL))
	auth, err := api.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("SLACK_BOT_TOKEN was refused by Slack (auth.test: %s)", slackError(err))
	}
	logger.Info("connected to Slack", "team", auth.Team, "bot_user", auth.UserID)

	sm := socketmode.New(api)
	b := bot.New(api, db, bot.Config{Admins: cfg.Admins, Logger: logger, Clock: now})
	logger.Info("mentorbot serving", "version", version, "db", cfg.DB, "admins", len(cfg.Admins))
	err = b.Run(ctx, sm)
	logger.Info("mentorbot stopped")
	return err
}

// slackError shows a Slack error without anything secret.
func slackError(err error) string {
	if se, ok := err.(slack.SlackErrorResponse); ok {
		return se.Err
	}
	return err.Error()
}
