package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// The apps of the ack benchmark run as child processes, so their memory
// and CPU are their own (ackbench_harness_test.go).

// child is a running app.
type child struct {
	tb   testing.TB
	cmd  *exec.Cmd
	logs *syncBuffer
}

// start runs app against its workspace and waits until it is connected.
func (h *ackBench) start(app ackApp) *child { return h.startOn(app, h.fakes[app]) }

func (h *ackBench) startOn(app ackApp, fake *slackfake.Server) *child {
	h.tb.Helper()
	before := fake.ConnectCount()
	c := &child{tb: h.tb, logs: &syncBuffer{}}
	c.cmd = exec.Command(h.bins[app])
	if app == appBot {
		c.cmd.Args = append(c.cmd.Args, "serve")
	}
	c.cmd.Env = append(slices.Clone(h.env), "SLACK_API_URL="+fake.URL())
	if app == appBot {
		// MENTORBOT_ACKBENCH_ENV adds settings to mentorbot's environment
		// for an experiment (e.g. "GOMEMLIMIT=off GODEBUG=gctrace=1").
		c.cmd.Env = append(c.cmd.Env, strings.Fields(os.Getenv("MENTORBOT_ACKBENCH_ENV"))...)
	}
	c.cmd.Stdout, c.cmd.Stderr = c.logs, c.logs
	if err := c.cmd.Start(); err != nil {
		h.tb.Fatal(err)
	}
	h.tb.Cleanup(c.kill)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, func() bool { return fake.ConnectCount() > before }); err != nil {
		c.kill()
		h.tb.Fatalf("%s never connected:\n%s", app, c.logs.String())
	}
	return c
}

// stop ends the app like SIGTERM would and reaps it.
func (c *child) stop() {
	if c.cmd.Process == nil || c.cmd.ProcessState != nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			c.tb.Errorf("%s exited with %v:\n%s", c.cmd.Path, err, c.logs.String())
		}
		// MENTORBOT_ACKBENCH_LOGS appends each run's output to a file.
		if path := os.Getenv("MENTORBOT_ACKBENCH_LOGS"); path != "" {
			if f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
				fmt.Fprintf(f, "=== %s\n%s", c.cmd.Path, c.logs.String())
				f.Close()
			}
		}
	case <-time.After(30 * time.Second):
		c.tb.Errorf("%s ignored SIGTERM for 30 s", c.cmd.Path)
		c.kill()
	}
}

func (c *child) kill() {
	if c.cmd.Process == nil || c.cmd.ProcessState != nil {
		return
	}
	_ = c.cmd.Process.Kill()
	_ = c.cmd.Wait()
}

var statusKB = regexp.MustCompile(`(?m)^(VmRSS|VmHWM):\s+(\d+) kB`)

// memory reads the child's resident memory now and its peak so far, in
// bytes, from /proc/PID/status.
func (c *child) memory() (rss, peak int64) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		c.tb.Fatalf("memory of %s: %v", c.cmd.Path, err)
	}
	for _, m := range statusKB.FindAllSubmatch(raw, -1) {
		kb, _ := strconv.ParseInt(string(m[2]), 10, 64)
		if string(m[1]) == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return rss, peak
}

// cpu is the CPU time the child has used so far, summed over its threads
// (/proc/PID/task/*/schedstat, in nanoseconds).
func (c *child) cpu() time.Duration {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", c.cmd.Process.Pid))
	if err != nil {
		c.tb.Fatal(err)
	}
	var sum time.Duration
	for _, t := range tasks {
		raw, err := os.ReadFile(t)
		if err != nil {
			continue // the thread ended
		}
		var ns int64
		if _, err := fmt.Sscan(string(raw), &ns); err == nil {
			sum += time.Duration(ns)
		}
	}
	return sum
}

// settle waits until the child's work is over: at least 300 ms, then
// until it uses under 2 ms of CPU in 100 ms (at most 10 s).
func (c *child) settle() {
	<-time.After(300 * time.Millisecond)
	last := c.cpu()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		<-time.After(100 * time.Millisecond)
		now := c.cpu()
		if now-last < 2*time.Millisecond {
			return
		}
		last = now
	}
}
