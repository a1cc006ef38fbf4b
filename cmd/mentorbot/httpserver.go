package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// opsServer serves /healthz, /readyz and /metrics on MENTORBOT_HTTP_ADDR.
// It is off unless that is set; Socket Mode itself needs no inbound port.
type opsServer struct {
	srv *http.Server
	ln  net.Listener
}

// readyTimeout bounds the database check of /readyz (the write lock waits
// up to busy_timeout otherwise).
const readyTimeout = 2 * time.Second

// listenOps binds addr and builds the handlers; serve starts answering.
func (a *app) listenOps(addr string) (*opsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("MENTORBOT_HTTP_ADDR: cannot listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		// Liveness: the process answers HTTP. Slack or database trouble is
		// for /readyz; restarting would not fix them.
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", a.readyHandler(&dbProbe{db: a.db}))
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.metrics.reg, promhttp.HandlerOpts{
		ErrorLog: slogPrintln{a.log}, Registry: a.metrics.reg,
	}))
	return &opsServer{ln: ln, srv: &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
	}}, nil
}

// readyHandler answers 200 when Socket Mode is connected and the database
// takes a write transaction, 503 naming what is wrong otherwise.
func (a *app) readyHandler(probe *dbProbe) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var problems []string
		if !a.bot.Connected() {
			problems = append(problems, "socket mode: not connected")
		}
		if err := probe.check(r.Context()); err != nil {
			a.log.Warn("readyz: database not writable", "err", err)
			problems = append(problems, "database: not writable")
		}
		if len(problems) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			for _, p := range problems {
				fmt.Fprintln(w, p)
			}
			return
		}
		fmt.Fprintln(w, "ready")
	}
}

// dbProbe checks the database takes a write transaction within
// readyTimeout. SQLite waits out a held lock for busy_timeout (10 s)
// without heeding the context, so the check runs aside and the answer
// gives up after readyTimeout; at most one check runs at a time, and a
// request arriving while one is stuck fails at once.
type dbProbe struct {
	db interface{ Ping(context.Context) error }

	mu       sync.Mutex
	inflight chan error // nil when no check runs
}

var errProbeStuck = errors.New("a previous write check is still waiting for the lock")

func (p *dbProbe) check(ctx context.Context) error {
	p.mu.Lock()
	if p.inflight != nil {
		p.mu.Unlock()
		return errProbeStuck
	}
	done := make(chan error, 1)
	p.inflight = done
	p.mu.Unlock()
	go func() {
		err := p.db.Ping(context.WithoutCancel(ctx))
		p.mu.Lock()
		p.inflight = nil
		p.mu.Unlock()
		done <- err
	}()
	t := time.NewTimer(readyTimeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return fmt.Errorf("no write lock within %s", readyTimeout)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Addr is the bound address (useful with port 0).
func (o *opsServer) Addr() string { return o.ln.Addr().String() }

// serve answers until shutdown; it returns nil after a graceful shutdown.
func (o *opsServer) serve() error {
	if err := o.srv.Serve(o.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("ops http server: %w", err)
	}
	return nil
}

// shutdown lets in-flight requests finish, up to a few seconds.
func (o *opsServer) shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return o.srv.Shutdown(ctx)
}

// slogPrintln adapts promhttp's error logger to slog.
type slogPrintln struct {
	log interface{ Error(string, ...any) }
}

func (l slogPrintln) Println(v ...any) { l.log.Error("metrics", "err", fmt.Sprint(v...)) }

// startOps starts the ops server when MENTORBOT_HTTP_ADDR is set and
// returns the function that shuts it down gracefully.
func (a *app) startOps() (stop func(), err error) {
	if a.cfg.HTTPAddr == "" {
		return func() {}, nil
	}
	ops, err := a.listenOps(a.cfg.HTTPAddr)
	if err != nil {
		return nil, err
	}
	a.log.Info("ops http listening", "addr", ops.Addr(), "paths", "/healthz /readyz /metrics")
	select {
	case a.opsAddr <- ops.Addr():
	default:
	}
	done := make(chan error, 1)
	go func() { done <- ops.serve() }()
	return func() {
		if err := ops.shutdown(); err != nil {
			a.log.Warn("ops http shutdown", "err", err)
		}
		if err := <-done; err != nil {
			a.log.Warn("ops http server", "err", err)
		}
	}, nil
}
