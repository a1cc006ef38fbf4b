package slackfake

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/socket"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/workspace"
)

// ErrClosed is returned by calls made on (or waiting in) a closed Server.
var ErrClosed = hub.ErrClosed

// Server is a fake Slack workspace: Web API, Socket Mode, response_url and
// file-upload endpoints on one loopback listener. All methods are safe for
// concurrent use.
type Server struct {
	opts Options
	log  *slog.Logger

	ln     net.Listener
	hosts  hostGuard // what requests must name (guard.go)
	http   *http.Server
	base   string         // http://127.0.0.1:PORT
	served chan struct{}  // closed when http.Server.Serve has returned
	connWG sync.WaitGroup // open HTTP connections (ConnState StateNew .. StateClosed/StateHijacked)

	// The protocol surfaces, sharing hub's lock.
	hub    *hub.Hub             // the one lock, the change signal, the goroutine count
	ws     *workspace.Workspace // the state: users, conversations, messages, views, files
	api    *webapi.API          // the Web API: calls, faults, rate limits
	socket *socket.Mode         // Socket Mode: connections, envelopes, acks
}

// New starts a fake Slack on 127.0.0.1 with a random port. Like
// httptest.NewServer it panics if it cannot listen. Call Close when done.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("slackfake: listen on loopback: %v", err))
	}
	s := &Server{
		opts:   opts,
		log:    opts.Logger.With("component", "slackfake"),
		ln:     ln,
		hosts:  newHostGuard(ln),
		base:   "http://" + ln.Addr().String(),
		served: make(chan struct{}),
		hub:    hub.New(),
	}
	s.ws = workspace.New(s.hub, workspace.Config{
		TeamID: opts.TeamID, Base: s.base, TriggerTTL: opts.TriggerTTL, Now: opts.Now,
		CheckMessage: opts.CheckMessage, CheckView: opts.CheckView,
	})

	s.api = webapi.New(s.hub, webapi.Config{
		BotToken: opts.BotToken, AppToken: opts.AppToken, Now: opts.Now, Logger: s.log,
		Methods: s.methods(), RateChannelLocked: s.ws.RateChannelLocked,
	})

	s.socket = socket.New(s.hub, socket.Config{
		AppID: s.ws.AppID(), Base: s.base, PingInterval: opts.PingInterval,
		DisconnectGrace: opts.DisconnectGrace, Logger: s.log, ApplyAckLocked: s.ws.ApplyAckLocked,
		ApplyAfterQuiet: opts.ApplyAcksAfterQuiet,
	})

	mux := http.NewServeMux()
	mux.Handle("/api/{method}", s.api)
	mux.Handle("GET /link/", s.socket)
	mux.HandleFunc("POST /response/{id}", s.handleResponseURL)
	mux.HandleFunc("POST /upload/v1/{token}", s.handleUpload)
	s.http = &http.Server{
		Handler:           s.track(s.guard(mux)),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		ConnState: func(_ net.Conn, st http.ConnState) {
			switch st {
			case http.StateNew:
				s.connWG.Add(1)
			case http.StateClosed, http.StateHijacked:
				s.connWG.Done()
			}
		},
	}
	go func() {
		defer close(s.served)
		_ = s.http.Serve(ln) // http.ErrServerClosed after Close
	}()
	return s
}

// URL is the Web API base URL, ending in "/", for slack.OptionAPIURL.
func (s *Server) URL() string { return s.base + "/api/" }

// BotUserID is the bot's own user ID (what auth.test answers).
func (s *Server) BotUserID() string { return s.ws.BotUserID() }

// AppID is the app's ID (api_app_id in payloads).
func (s *Server) AppID() string { return s.ws.AppID() }

// TeamID is the workspace ID.
func (s *Server) TeamID() string { return s.opts.TeamID }

// Close stops the listener, closes every socket, aborts waiting calls and
// returns once every goroutine the server started has ended.
func (s *Server) Close() {
	s.hub.Lock()
	if !s.hub.CloseLocked() {
		s.hub.Unlock()
		return
	}
	s.hub.Unlock()

	_ = s.http.Close()
	<-s.served                 // no StateNew after this, so connWG.Wait cannot race an Add
	s.socket.DropConnections() // no socket joins once closed
	s.connWG.Wait()
	s.hub.WaitGoroutines()
}

// track counts handler goroutines so Close can wait for them, and refuses
// new requests once closed.
func (s *Server) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hub.GoTracked() {
			http.Error(w, "server closed", http.StatusServiceUnavailable)
			return
		}
		defer s.hub.GoDone()
		next.ServeHTTP(w, r)
	})
}

// Wait re-evaluates cond after every recorded event (Web API call, ack,
// message, view change, connection change) until it returns true, ctx ends
// or the server closes. cond runs without the server's lock held, so it may
// call any Server method.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	return s.hub.Wait(ctx, cond)
}

// Revision counts the events recorded so far (Web API calls, acks,
// messages, view and connection changes): a client that saw revision r
// has something new to show once Revision() != r. Wait(ctx, func() bool {
// return s.Revision() != r }) is a long poll.
func (s *Server) Revision() uint64 { return s.hub.Revision() }
