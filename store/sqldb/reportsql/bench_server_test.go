//go:build linux

package reportsql_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// serverCPU reads the CPU time a PostgreSQL server on this machine has
// used, its finished backends included: the postmaster's own time plus
// what it reaped from its children (/proc/PID/stat utime, stime, cutime,
// cstime). A report's backend ends with the report's process, so the
// difference across one report is what the server spent on it (with
// nothing else running on that server). ok is false on SQLite, or when the
// server is not a process this one can read.
func serverCPU(tb testing.TB, target string) (cpu func() time.Duration, ok bool) {
	if sqldbtest.Engine() != "postgres" {
		return nil, false
	}
	raw := sqldbtest.Raw(tb, target, sqldb.DSN)
	var backend int
	if err := raw.Get(&backend, `SELECT pg_backend_pid()`); err != nil {
		return nil, false
	}
	f, err := procStat(backend)
	if err != nil || len(f) < 4 {
		return nil, false
	}
	postmaster, err := strconv.Atoi(f[1]) // ppid
	if err != nil {
		return nil, false
	}
	if _, err := procStat(postmaster); err != nil {
		return nil, false
	}
	return func() time.Duration {
		f, err := procStat(postmaster)
		if err != nil {
			tb.Fatal(err)
		}
		var ticks int64
		for _, i := range []int{11, 12, 13, 14} { // utime stime cutime cstime
			n, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += n
		}
		return time.Duration(ticks) * time.Second / 100 // USER_HZ
	}, true
}

// procStat is /proc/pid/stat's fields after the command name: state is
// [0], ppid [1], utime [11].
func procStat(pid int) ([]string, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil, err
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:]), nil
}

// reportChild names the report processes' connections on PostgreSQL.
const reportChild = "mentorbot-report-bench-child"

// childTarget is target for a report process: on PostgreSQL its
// connections carry reportChild as their application name.
func childTarget(target string) string {
	if sqldbtest.Engine() != "postgres" {
		return target
	}
	return target + "&application_name=" + reportChild
}

// waitBackendsGone waits until the report processes' backends have ended
// (and so been reaped by the postmaster).
func waitBackendsGone(tb testing.TB, target string) {
	raw := sqldbtest.Raw(tb, target, sqldb.DSN)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); <-tick.C {
		var left int
		if err := raw.Get(&left, `SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1`, reportChild); err != nil {
			tb.Fatal(err)
		}
		if left == 0 {
			return
		}
	}
	tb.Log("report backends still connected after 10 s; server CPU may be short")
}
