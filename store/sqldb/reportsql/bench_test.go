//go:build linux

package reportsql_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// reportBenchDBEnv hands the generated database to TestReportProcess.
const reportBenchDBEnv = "MENTORBOT_REPORT_BENCH_DB"

// BenchmarkReport measures the JSON report on a generated database of
// 100,000 participants and 2,000,000 check-ins (docs/benchmarks.md,
// "Reports"). It is not part of `go test`; run it with
//
//	go test ./store/sqldb/reportsql -run '^$' -bench BenchmarkReport -benchtime 5x
//
// json/* time ReportData + Build + WriteJSON in this process; process runs
// a whole report in a fresh process, as `mentorbot report` does, and reports
// its wall time, CPU time (user + system) and peak resident memory.
func BenchmarkReport(b *testing.B) {
	// One sub-benchmark per engine pass of sqldbtest.Run (sqlite, postgres).
	b.Run(sqldbtest.Engine(), benchReport)
}

func benchReport(b *testing.B) {
	start := time.Now()
	target := generateDB(b, genSpec{People: 100_000, Checkins: 2_000_000, Seed: 1, Marker: feedbackMarker})
	b.Logf("generated %s in %v", databaseSize(b, target), time.Since(start).Round(time.Millisecond))
	ctx := context.Background()
	for _, sc := range []struct {
		name  string
		scope report.Scope
	}{
		{"all", report.Scope{}},
		{"program", report.Scope{Program: "Spring"}},
		{"since", report.Scope{Since: genBase.AddDate(0, -2, 0)}},
	} {
		b.Run("json/"+sc.name, func(b *testing.B) {
			db, err := sqldb.Open(ctx, target, sqldb.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			for b.Loop() {
				if err := jsonReport(ctx, db, sc.scope); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("process", func(b *testing.B) {
		var peakKB int64
		var wall, cpu time.Duration
		runs := 0
		server, onServer := serverCPU(b, target)
		var serverBefore time.Duration
		if onServer {
			serverBefore = server()
		}
		for b.Loop() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestReportProcess$", "-test.bench=^$", "-test.count=1")
			// One engine pass in the child: the target is named already.
			cmd.Env = append(os.Environ(), reportBenchDBEnv+"="+childTarget(target), sqldbtest.EnvEngines+"=sqlite")
			began := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil {
				b.Fatalf("report process: %v\n%s", err, out)
			}
			wall += time.Since(began)
			cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			runs++
			// The child reports its own high-water mark: rusage's maxrss of a
			// child forked from this big process can start at the parent's.
			m := regexp.MustCompile(`peak-rss-kb (\d+)`).FindSubmatch(out)
			if m == nil {
				b.Fatalf("report process did not report its memory:\n%s", out)
			}
			kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
			peakKB = max(peakKB, kb)
		}
		if onServer {
			waitBackendsGone(b, target)
			b.ReportMetric((server()-serverBefore).Seconds()/float64(runs), "server-cpu-s/report")
		}
		b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MB")
		b.ReportMetric(wall.Seconds()/float64(runs), "wall-s/report")
		// CPU time says what the report costs when the machine is shared
		// (the report process's own; on PostgreSQL the server's work is
		// server-cpu-s/report).
		b.ReportMetric(cpu.Seconds()/float64(runs), "cpu-s/report")
	})
}

// databaseSize says how big the generated database is.
func databaseSize(tb testing.TB, target string) string {
	if sqldbtest.Engine() != "postgres" {
		st, err := os.Stat(target)
		if err != nil {
			return target
		}
		return fmt.Sprintf("%s (%d MB)", target, st.Size()>>20)
	}
	var mb int64
	raw := sqldbtest.Raw(tb, target, sqldb.DSN)
	if err := raw.Get(&mb, `SELECT (SUM(pg_total_relation_size(c.oid)) / 1048576)::bigint FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`); err != nil {
		return "a PostgreSQL schema"
	}
	return fmt.Sprintf("a PostgreSQL schema (%d MB with indexes)", mb)
}

// TestReportProcess is BenchmarkReport's child: one JSON report of the
// database named by MENTORBOT_REPORT_BENCH_DB, in a process of its own.
func TestReportProcess(t *testing.T) {
	path := os.Getenv(reportBenchDBEnv)
	if path == "" {
		t.Skip("helper process of BenchmarkReport")
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, path, sqldb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := jsonReport(ctx, db, report.Scope{}); err != nil {
		t.Fatal(err)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status)
	if m == nil {
		t.Fatal("no VmHWM in /proc/self/status")
	}
	fmt.Printf("peak-rss-kb %s\n", m[1])
}

func jsonReport(ctx context.Context, db *sqldb.DB, scope report.Scope) error {
	raw, err := db.ReportData(ctx, scope)
	if err != nil {
		return err
	}
	return report.WriteJSON(io.Discard, report.Build(raw, report.DefaultMinGroup))
}
