package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// postgresWithPassword is a fresh PostgreSQL schema for t whose URL
// carries a password (the test server trusts loopback, so any password
// connects): no output may ever show it.
func postgresWithPassword(t *testing.T) (target, password string) {
	t.Helper()
	u, err := url.Parse(sqldbtest.PostgresTarget(t))
	if err != nil {
		t.Fatal(err)
	}
	password = "pw-Secr3t-never-shown"
	u.User = url.UserPassword(u.User.Username(), password)
	return u.String(), password
}

// TestCommandsOnPostgres runs migrate, import, match, report, audit and
// backup with MENTORBOT_DB set to a postgres:// URL: every command works
// on PostgreSQL, backup explains pg_dump, and the URL's password never
// shows in any output or error.
func TestCommandsOnPostgres(t *testing.T) {
	target, password := postgresWithPassword(t)
	env := func(k string) string {
		if k == "MENTORBOT_DB" {
			return target
		}
		return ""
	}
	var seen strings.Builder
	cli := func(args ...string) (string, error) {
		t.Helper()
		var out, errb strings.Builder
		err := run(context.Background(), args, env, &out, &errb)
		seen.WriteString(out.String() + errb.String())
		if err != nil {
			seen.WriteString(scrubSecrets(err.Error()))
		}
		return out.String(), err
	}
	if out, err := cli("migrate"); err != nil || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	if out, err := cli("migrate"); err != nil || !strings.Contains(out, "applied 0 migration") {
		t.Fatalf("second migrate: %q %v", out, err)
	}
	csvPath := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(csvPath, []byte(importCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := cli("import", csvPath); err != nil || !strings.Contains(out, "3 new") {
		t.Fatalf("import: %q %v", out, err)
	}
	out, err := cli("match", "--dry-run", "--format", "json")
	if err != nil {
		t.Fatalf("match: %v", err)
	}
	var m matchJSON
	if err := json.Unmarshal([]byte(out), &m); err != nil || len(m.Pairs) != 1 || m.Pairs[0].MenteeID != "U003" {
		t.Fatalf("match on PostgreSQL: %v %+v", err, m)
	}
	if out, err := cli("report", "--format", "json"); err != nil || !strings.Contains(out, `"participants"`) {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if _, err := cli("audit"); err != nil {
		t.Fatalf("audit: %v", err)
	}
	_, err = cli("backup", filepath.Join(t.TempDir(), "copy.db"))
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("backup on PostgreSQL should explain pg_dump, got %v", err)
	}
	if strings.Contains(seen.String(), password) {
		t.Fatalf("the database password was shown:\n%s", seen.String())
	}
}

// TestServeOnPostgres: serve migrates a PostgreSQL database, takes a
// sign-up and answers /mentor status from it; its logs never show the
// URL's password.
func TestServeOnPostgres(t *testing.T) {
	target, password := postgresWithPassword(t)
	r := startBot(t, func(c *config) { c.DB = target })
	r.signUp("UANN", mentorForm("Go, Kubernetes"))
	p, err := r.db().Participant(context.Background(), "UANN")
	if err != nil || p.Role != "mentor" {
		t.Fatalf("stored participant = %+v, %v", p, err)
	}
	r.slash("UANN", "status")
	r.waitEphemeral("UANN", "Your mentorship status")
	if strings.Contains(r.logs.String(), password) {
		t.Fatal("serve logged the database password")
	}
}
