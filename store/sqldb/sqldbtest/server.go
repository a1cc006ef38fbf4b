package sqldbtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	serverOnce sync.Once
	serverURL  string
	serverErr  error
	// started is the cluster this process started (stopServer stops it).
	started string
	runAs   func(string) *exec.Cmd
	// reaper stops and removes the cluster once its stdin closes: when
	// stopServer closes it, or when this process dies however it dies (a
	// test timeout's panic skips stopServer).
	reaper   *exec.Cmd
	reaperIn io.WriteCloser
)

// ensureServer finds the PostgreSQL server of the tests, starting a
// throwaway one if none is named; the error says why there is none.
func ensureServer() error {
	serverOnce.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			serverURL, serverErr = u, ping(u)
			if serverErr != nil {
				serverErr = fmt.Errorf("%s is set but the server does not answer: %w", EnvURL, serverErr)
			}
			return
		}
		serverURL, serverErr = startServer()
	})
	return serverErr
}

func ping(u string) error {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// binDir finds initdb and pg_ctl: Debian keeps them per version.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no server: " + EnvURL + " is not set and PostgreSQL is not installed (initdb not found; apt-get install postgresql)")
}

// startServer initdb's a cluster into a temporary directory and starts it
// on 127.0.0.1 and a free port. initdb refuses root: as root the cluster
// runs as the unprivileged user nobody.
func startServer() (string, error) {
	bin, err := binDir()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "mentorbot-pg-")
	if err != nil {
		return "", err
	}
	runAs = func(cmdline string) *exec.Cmd { return exec.Command("sh", "-c", cmdline) }
	if os.Geteuid() == 0 {
		if err := os.Chmod(dir, 0o755); err != nil {
			return "", err
		}
		if err := os.Chown(dir, 65534, 65534); err != nil {
			return "", fmt.Errorf("no server: running as root, and cannot hand %s to nobody: %w", dir, err)
		}
		runAs = func(cmdline string) *exec.Cmd { return exec.Command("su", "nobody", "-s", "/bin/sh", "-c", cmdline) }
	}
	port, err := freePort()
	if err != nil {
		return "", err
	}
	data := filepath.Join(dir, "data")
	initdb := fmt.Sprintf("'%s/initdb' -D '%s' -U mentorbot --auth=trust --no-sync -E UTF8 --locale=C", bin, data)
	if out, err := runAs(initdb).CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("no server: initdb: %w: %s", err, strings.TrimSpace(string(out)))
	}
	start := fmt.Sprintf(`'%s/pg_ctl' -D '%s' -l '%s/server.log' -w -t 60 -o "-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories='%s' -c fsync=off -c max_connections=300" start`,
		bin, data, dir, port, dir)
	if out, err := runAs(start).CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("no server: pg_ctl start: %w: %s", err, strings.TrimSpace(string(out)))
	}
	started = dir
	startReaper(bin, dir)
	return "postgres://mentorbot@127.0.0.1:" + strconv.Itoa(port) + "/postgres?sslmode=disable", nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startReaper starts the process that stops and removes the cluster in
// dir when this one lets go of its stdin. Without it (it failed to start)
// stopServer still does, on a normal exit.
func startReaper(bin, dir string) {
	cmd := runAs(fmt.Sprintf("read line; %s >/dev/null 2>&1; rm -rf '%s'", stopCommand(bin, dir), dir))
	in, err := cmd.StdinPipe()
	if err != nil {
		return
	}
	if err := cmd.Start(); err != nil {
		return
	}
	reaper, reaperIn = cmd, in
}

// stopCommand stops the cluster in dir at once.
func stopCommand(bin, dir string) string {
	return fmt.Sprintf("'%s/pg_ctl' -D '%s/data' -m immediate -w stop", bin, dir)
}

// stopServer stops and removes the cluster startServer started, if any.
func stopServer() {
	if admin != nil {
		admin.Close()
	}
	if started == "" {
		return
	}
	if reaper != nil {
		reaperIn.Close() // the reaper stops and removes the cluster
		_ = reaper.Wait()
		reaper = nil
	} else {
		bin, _ := binDir()
		_ = runAs(stopCommand(bin, started)).Run()
	}
	os.RemoveAll(started) // whatever the reaper could not remove
	started = ""
}
