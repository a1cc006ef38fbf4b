package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// runReport implements `mentorbot report [--db PATH] [--program NAME]
// [--since DATE] [--format text|csv|json|html] [--out FILE]`. It reads the
// database on a read-only connection, so it runs beside `serve` (WAL) and
// never migrates or writes; docs/reports.md describes the figures.
func runReport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("report", flag.ContinueOnError)
	fl.SetOutput(stderr)
	path := dbFlag(fl, getenv)
	program := fl.String("program", "", "report on this program only (default: every program)")
	since := fl.String("since", "", "count activity (pairings started or ended, check-ins, feedback) from this day, YYYY-MM-DD in UTC, or an RFC 3339 time")
	formatName := fl.String("format", "", "text, csv, json or html (default: from --out's extension, else text)")
	out := fl.String("out", "", "write the report to this file (default: standard output)")
	minGroupDef := getenv("MENTORBOT_MIN_GROUP")
	if minGroupDef == "" {
		minGroupDef = strconv.Itoa(report.DefaultMinGroup)
	}
	minGroupText := fl.String("min-group", minGroupDef, "smallest group shown in aggregates ($MENTORBOT_MIN_GROUP)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("report takes no arguments, got %q (use --program NAME)", fl.Arg(0))
	}

	minGroup, err := strconv.Atoi(strings.TrimSpace(*minGroupText))
	if err != nil || minGroup < 1 || minGroup > report.MaxMinGroup {
		return fmt.Errorf("MENTORBOT_MIN_GROUP is malformed: want a whole number from 1 to %d", report.MaxMinGroup)
	}
	format, err := reportFormat(*formatName, *out)
	if err != nil {
		return err
	}
	scope := report.Scope{Program: strings.TrimSpace(*program)}
	if *since != "" {
		if scope.Since, err = parseSince(*since); err != nil {
			return err
		}
	}

	// A read-only open of a missing file fails with a vague SQLite error;
	// say what is wrong instead.
	if _, err := os.Stat(*path); errors.Is(err, fs.ErrNotExist) && !sqldb.IsPostgres(*path) {
		return fmt.Errorf("database %s does not exist (set --db or MENTORBOT_DB)", *path)
	}
	db, err := sqldb.Open(ctx, *path, sqldb.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, known, err := db.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if applied > 0 && applied < known {
		fmt.Fprintf(stderr, "mentorbot report: database schema version %d, this mentorbot knows %d: the report works but may be slow; run `mentorbot migrate`\n", applied, known)
	}
	raw, err := db.ReportData(ctx, scope)
	if errors.Is(err, store.ErrNotFound) && scope.Program != "" {
		return fmt.Errorf("no program named %q (mentorbot report without --program covers them all)", scope.Program)
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	rep := report.Build(raw, minGroup)

	if *out == "" {
		return report.Write(stdout, rep, format)
	}
	if err := writeFileAtomic(*out, func(w io.Writer) error { return report.Write(w, rep, format) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s report to %s\n", format, *out)
	return nil
}

// reportFormat picks the format: the flag, else the output file's
// extension, else text.
func reportFormat(name, out string) (report.Format, error) {
	if name != "" {
		return report.ParseFormat(name)
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".csv":
		return report.CSV, nil
	case ".json":
		return report.JSON, nil
	case ".html", ".htm":
		return report.HTML, nil
	}
	return report.Text, nil
}

// parseSince reads --since: a day (UTC midnight) or an RFC 3339 time.
func parseSince(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("--since: want a date like 2026-09-01 (or an RFC 3339 time), got %q", s)
}

// writeFileAtomic writes path through a temporary file in the same folder,
// renamed into place once complete, so a reader never sees half a report.
// The file is private to its owner: at-risk lists name people.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("report: %w", err)
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
