package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/postgres"
)

// dbFlag adds --db, falling back to MENTORBOT_DB (never shown in usage).
func dbFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	return envString(fs, getenv, "db", "MENTORBOT_DB", "mentorbot.db", "SQLite database file, or a postgres:// URL")
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := dbFlag(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, *path, sqldb.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %s; schema version %d\n", bot.Count(n, "migration", "migrations"), v)
	return nil
}

func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := dbFlag(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if sqldb.IsPostgres(*path) {
		// Nothing to copy from here: explain pg_dump instead.
		return postgres.ErrNoFileBackup
	}
	if fs.NArg() != 1 {
		return errors.New("backup needs the destination file: mentorbot backup [--db PATH] FILE")
	}
	db, err := sqldb.Open(ctx, *path, sqldb.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *path, fs.Arg(0))
	return nil
}

func runAudit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := dbFlag(fs, getenv)
	since := fs.String("since", "", "only entries from this date on (YYYY-MM-DD)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var from time.Time
	if *since != "" {
		t, err := time.Parse("2006-01-02", *since)
		if err != nil {
			return fmt.Errorf("--since: want YYYY-MM-DD, got %q", *since)
		}
		from = t
	}
	db, err := sqldb.Open(ctx, *path, sqldb.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	entries, err := db.AuditLog(ctx, from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", e.At.UTC().Format(time.RFC3339), store.ShowPeople(e.ActorID), e.Action,
			store.ShowPeople(e.Target), e.Outcome, store.ShowPeople(e.Detail))
	}
	return nil
}
