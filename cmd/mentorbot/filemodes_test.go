package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestEveryFileWrittenIsPrivate runs with umask 0, so nothing but the
// program's own explicit modes can keep files private, and checks the
// mode of every file serve and the tools write: the database and its
// -wal and -shm while serve runs, a backup, reports in every format,
// match --scores, a database created by migrate and one by import. It
// changes the process umask, so it must not run in parallel.
func TestEveryFileWrittenIsPrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)

	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	r.slash("UBOB", "export")
	r.waitEphemeral("UBOB", "I've sent you a direct message")

	out := t.TempDir()
	in := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(in, []byte(importCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := [][]string{
		{"backup", "--db", r.cfg.DB, filepath.Join(out, "backup.db")},
		{"report", "--db", r.cfg.DB, "--out", filepath.Join(out, "report.txt")},
		{"report", "--db", r.cfg.DB, "--out", filepath.Join(out, "report.csv")},
		{"report", "--db", r.cfg.DB, "--out", filepath.Join(out, "report.json")},
		{"report", "--db", r.cfg.DB, "--out", filepath.Join(out, "report.html")},
		{"migrate", "--db", filepath.Join(out, "migrated.db")},
		{"import", "--db", filepath.Join(out, "imported.db"), in},
		{"match", "--db", filepath.Join(out, "imported.db"), "--dry-run", "--scores", filepath.Join(out, "scores.csv")},
	}
	for _, args := range cli {
		if _, stderr, err := runCLI(t, args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
	}

	// While serve runs, its database has a -wal and a -shm.
	live := filepath.Dir(r.cfg.DB)
	for _, f := range []string{r.cfg.DB, r.cfg.DB + "-wal", r.cfg.DB + "-shm"} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%s: %v (the check would prove nothing)", filepath.Base(f), err)
		}
	}
	checked := 0
	for _, dir := range []string{live, out} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			st, err := os.Stat(path)
			if err != nil {
				return err
			}
			checked++
			if st.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %v, want 0600", filepath.Base(path), st.Mode().Perm())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 12 {
		t.Fatalf("only %d files checked", checked)
	}
	t.Logf("%d files checked", checked)
}
