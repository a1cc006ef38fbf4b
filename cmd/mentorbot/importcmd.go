package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// maxImportErrorsShown bounds the bad lines printed.
const maxImportErrorsShown = 50

func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := dbFlag(fs, getenv)
	program := fs.String("program", "", "add everyone imported to this (open) program")
	partial := fs.Bool("partial", false, "import the valid rows even if some rows are bad")
	sync := fs.Bool("sync", false, "make the participants exactly the file's: people missing from it are departed (prints the plan; changes nothing without --yes)")
	yes := fs.Bool("yes", false, "with --sync: carry the plan out")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("import needs one CSV file: mentorbot import --db PATH [--program NAME] [--partial] [--sync [--yes]] FILE.csv")
	}
	if *yes && !*sync {
		return errors.New("--yes goes with --sync (a plain import changes people at once)")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	profiles, bad, err := store.ParseImportCSV(f, *program)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	for i, e := range bad {
		if i == maxImportErrorsShown {
			fmt.Fprintf(stderr, "… and %s more\n", bot.Count(len(bad)-maxImportErrorsShown, "bad line", "bad lines"))
			break
		}
		fmt.Fprintf(stderr, "%s: %v\n", fs.Arg(0), e)
	}
	if len(bad) > 0 && !*partial {
		return fmt.Errorf("%s; nothing was imported (fix them, or use --partial to import the %s)", bot.Count(len(bad), "bad line", "bad lines"), bot.Count(len(profiles), "valid row", "valid rows"))
	}
	db, err := sqldb.Open(ctx, *path, sqldb.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	if *sync {
		return runSync(ctx, db, profiles, bad, *yes, stdout)
	}
	bar := newProgress(stderr, len(profiles))
	res, err := db.ImportProfiles(ctx, profiles, bar.set)
	bar.done()
	if err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	fmt.Fprintf(stdout, "imported %s (%d new, %d updated), skipped %s, in %v\n",
		bot.Count(res.Created+res.Updated, "person", "people"), res.Created, res.Updated, bot.Count(len(bad), "bad line", "bad lines"), time.Since(start).Round(time.Millisecond))
	return nil
}

// progress draws a bar on a terminal, and nothing elsewhere (logs, pipes).
type progress struct {
	w     io.Writer
	total int
	shown int
	on    bool
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = total > 0
		}
	}
	return p
}

func (p *progress) set(done int) {
	if !p.on {
		return
	}
	pct := done * 100 / p.total
	if pct == p.shown && done != p.total {
		return
	}
	p.shown = pct
	const width = 30
	filled := pct * width / 100
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = '.'
		if i < filled {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\rimporting [%s] %3d%% %d/%d", bar, pct, done, p.total)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}
