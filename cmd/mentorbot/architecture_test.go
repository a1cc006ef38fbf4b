package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The layer rules of docs/architecture.md, checked from `go list` so a later
// change cannot break them silently.

const modulePath = "github.com/mentorbot/mentorbot"

// goPackage is the part of `go list -json` the rules read.
type goPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string // non-test, built on this platform
	Imports    []string // direct, non-test
	Deps       []string // transitive, non-test
}

func listPackages(t *testing.T) map[string]goPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", modulePath+"/...")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	pkgs := map[string]goPackage{}
	dec := json.NewDecoder(&out)
	for dec.More() {
		var p goPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, modulePath), "/")] = p
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	return pkgs
}

// rel is an import path relative to the module, or "" for outside ones.
func rel(path string) (string, bool) {
	if path == modulePath {
		return "", true
	}
	r, ok := strings.CutPrefix(path, modulePath+"/")
	return r, ok
}

func under(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }

// Packages that exist for tests and the playground, never for serve.
var testOnlyPackages = []string{"bot/slackfake", "bot/playground", "bot/blockcheck", "store/sqldb/sqldbtest"}

// Packages under bot/ that are not Slack capabilities.
var botSupportPackages = map[string]bool{
	"bot": true, "bot/match": true, "bot/slackfake": true, "bot/playground": true, "bot/blockcheck": true,
	"bot/responseurl": true,
	"bot/workslot":    true,
	"bot/words":       true,
	"bot/recent":      true,
	"bot/encoded":     true,
	"bot/workers":     true,
	"bot/slackerr":    true,
	"bot/reading":     true,
	"bot/idlegc":      true,
	"bot/keylock":     true,
	"bot/slackapi":    true,
}

// isCapability reports whether pkg is a capability package: a direct child
// of bot/ that registers with the core.
func isCapability(pkg string) bool {
	rest, ok := strings.CutPrefix(pkg, "bot/")
	return ok && !strings.Contains(rest, "/") && !botSupportPackages[pkg]
}

func TestArchitectureRules(t *testing.T) {
	pkgs := listPackages(t)
	type rule struct {
		name   string
		applys func(pkg string) bool
		// forbidden reports why an import is not allowed, or "".
		forbidden func(pkg, imp string) string
		deps      bool // check transitive deps, not only direct imports
	}
	slackGo := func(imp string) bool { return strings.HasPrefix(imp, "github.com/slack-go/") }
	sqlPkg := func(imp string) bool {
		return imp == "database/sql" || strings.HasPrefix(imp, "github.com/jmoiron/sqlx") ||
			strings.HasPrefix(imp, "github.com/mattn/go-sqlite3") || strings.HasPrefix(imp, "github.com/jackc/")
	}
	rules := []rule{
		{
			name:   "store knows no Slack, no bot and no jobs",
			applys: func(p string) bool { return under(p, "store") },
			forbidden: func(_, imp string) string {
				r, ours := rel(imp)
				switch {
				case slackGo(imp):
					return "Slack"
				case ours && (under(r, "bot") || under(r, "scheduler") || under(r, "cmd")):
					return "a layer above the store"
				case strings.HasPrefix(imp, "github.com/robfig/cron"):
					return "cron (jobs belong to scheduler/)"
				}
				return ""
			},
		},
		{
			name:   "the domain package store imports no SQL",
			applys: func(p string) bool { return p == "store" },
			forbidden: func(_, imp string) string {
				r, ours := rel(imp)
				switch {
				case sqlPkg(imp):
					return "SQL (queries belong to store/sqldb)"
				case ours && under(r, "store") && r != "store":
					return "a store sub-package (they build on the domain, not the reverse)"
				}
				return ""
			},
		},
		{
			name: "only an engine package links a SQL driver",
			// sqldbtest opens raw test handles on either engine.
			applys: func(p string) bool { return !isEnginePackage(p) && p != "store/sqldb/sqldbtest" },
			forbidden: func(_, imp string) string {
				if strings.HasPrefix(imp, "github.com/mattn/go-sqlite3") || strings.HasPrefix(imp, "github.com/jackc/") {
					return "a SQL driver (store/sqldb/<engine> owns it)"
				}
				return ""
			},
		},
		{
			name:   "the scheduler knows no bot and no Slack",
			applys: func(p string) bool { return under(p, "scheduler") },
			forbidden: func(_, imp string) string {
				r, ours := rel(imp)
				if slackGo(imp) {
					return "Slack"
				}
				if ours && (under(r, "bot") || under(r, "cmd")) {
					return "the bot"
				}
				return ""
			},
		},
		{
			name:   "matching and report figures are pure",
			applys: func(p string) bool { return under(p, "bot/match") || under(p, "store/report") },
			forbidden: func(p, imp string) string {
				r, ours := rel(imp)
				switch {
				case slackGo(imp):
					return "Slack"
				case sqlPkg(imp):
					return "SQL"
				case ours && !under(r, p):
					return "another mentorbot package"
				case imp == "net" || strings.HasPrefix(imp, "net/http"):
					return "the network"
				}
				return ""
			},
		},
		{
			name:   "production never links the fake Slack, the playground, Block Kit test checks or testing",
			applys: func(p string) bool { return p != "cmd/mentorbot" && !isTestOnly(p) },
			deps:   true,
			forbidden: func(_, imp string) string {
				r, ours := rel(imp)
				if imp == "testing" {
					return "the testing package"
				}
				if ours && isTestOnly(r) {
					return "a test-only package"
				}
				return ""
			},
		},
		{
			name:   "the bot core knows no capability",
			applys: func(p string) bool { return p == "bot" },
			forbidden: func(_, imp string) string {
				if r, ours := rel(imp); ours && isCapability(r) {
					return "a capability (capabilities register with the core; cmd/mentorbot wires them)"
				}
				return ""
			},
		},
		{
			name:   "capabilities never import each other",
			applys: isCapability,
			forbidden: func(p, imp string) string {
				if r, ours := rel(imp); ours && isCapability(r) && r != p {
					return "another capability (use a small interface wired in cmd/mentorbot)"
				}
				return ""
			},
		},
	}
	for _, rl := range rules {
		t.Run(rl.name, func(t *testing.T) {
			checked := 0
			for name, p := range pkgs {
				if !rl.applys(name) {
					continue
				}
				checked++
				imps := p.Imports
				if rl.deps {
					imps = p.Deps
				}
				for _, imp := range imps {
					if why := rl.forbidden(name, imp); why != "" {
						t.Errorf("%s imports %s: %s", p.ImportPath, imp, why)
					}
				}
			}
			if checked == 0 {
				t.Errorf("rule %q applies to no package: the layout changed, update the rule", rl.name)
			}
		})
	}
}

// isEnginePackage reports whether pkg is one engine's side of the store
// (store/sqldb/sqlite, and later its siblings): the driver, DSN and
// migrations of one database.
func isEnginePackage(pkg string) bool {
	return slices.Contains(enginePackages, pkg)
}

// Engine packages under store/sqldb.
var enginePackages = []string{"store/sqldb/sqlite", "store/sqldb/postgres"}

func isTestOnly(pkg string) bool {
	for _, d := range testOnlyPackages {
		if under(pkg, d) {
			return true
		}
	}
	return false
}

// The architecture rules must be able to fail: a rule that forbids nothing
// would pass any layout.
func TestArchitectureRulesCatchViolations(t *testing.T) {
	three := filepath.Join(t.TempDir(), "three.go")
	if err := os.WriteFile(three, []byte("package x\n\nvar y = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n := countLines(t, three); n != 3 {
		t.Errorf("countLines counted %d lines of a 3-line file", n)
	}
	if !isCapability("bot/pairing") || isCapability("bot") || isCapability("bot/match") || isCapability("bot/pairing/x") {
		t.Error("isCapability misclassifies")
	}
	if !isTestOnly("bot/slackfake") || !isTestOnly("bot/playground/static") || isTestOnly("bot") {
		t.Error("isTestOnly misclassifies")
	}
	if !isEnginePackage("store/sqldb/sqlite") || isEnginePackage("store/sqldb") || isEnginePackage("store") {
		t.Error("isEnginePackage misclassifies")
	}
	if r, ok := rel(modulePath + "/store/report"); !ok || r != "store/report" {
		t.Errorf("rel = %q, %v", r, ok)
	}
}

// Size limits: a file or package past them is a sign a new room is due
// (docs/architecture.md). They sit a little above the targets (400 lines a
// file, 2,500 a package, 2,000 the core) so they catch creep, not noise.
const (
	maxFileLines    = 450
	maxPackageLines = 2600
	maxCoreLines    = 2200
)

// sizeExceptions are packages allowed past maxPackageLines for now, each
// with its ceiling, so they cannot grow further unnoticed.
var sizeExceptions = map[string]int{
	// Directory sync and retention (issue 16) landed after the split:
	// departures, HR sync and retention share erasePerson with leave, so
	// the next room is a privacy sub-package holding all four.
	"store/sqldb": 2750,
}

func TestArchitectureSizes(t *testing.T) {
	pkgs := listPackages(t)
	for name, p := range pkgs {
		total := 0
		for _, f := range p.GoFiles {
			n := countLines(t, filepath.Join(p.Dir, f))
			total += n
			if n > maxFileLines {
				t.Errorf("%s/%s has %d lines (limit %d): split it by job", name, f, n, maxFileLines)
			}
		}
		limit := maxPackageLines
		if name == "bot" {
			limit = maxCoreLines
		}
		if l, ok := sizeExceptions[name]; ok {
			limit = l
		}
		if total > limit {
			t.Errorf("package %s has %d lines of non-test Go (limit %d): split it", p.ImportPath, total, limit)
		}
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(data, []byte("\n"))
}
