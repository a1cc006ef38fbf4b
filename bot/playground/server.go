package playground

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/sim"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

//go:embed static
var staticFiles embed.FS

// Slot kinds the time-travel buttons ask the scheduler about.
const (
	SlotCheckin  = "checkin"
	SlotFeedback = "feedback"
)

// Scheduler is the bot's scheduler as the playground drives it.
type Scheduler interface {
	// NextSlot is the earliest slot of kind (SlotCheckin or SlotFeedback)
	// strictly after after, of user's active pairings (user empty: of
	// every active pairing); ok is false when there is none.
	NextSlot(ctx context.Context, kind, user string, after time.Time) (slot time.Time, ok bool, err error)
	// RunDue plans and sends everything due at the clock's current time,
	// as a scheduler tick does, and returns when it is sent.
	RunDue(ctx context.Context) error
}

// Config is what the playground's web page runs on.
type Config struct {
	Fake  *slackfake.Server // the workspace, with People() added
	Clock *Clock            // the clock the bot runs on
	// People is the seeded workspace (People()).
	People []Person
	// Admins are the program admins (MENTORBOT_ADMINS).
	Admins []string
	// Roles tells who has signed up, and as what ("mentor", "mentee",
	// "both"; absent: not signed up). Nil: the page shows no roles and the
	// quick seed signs everybody up.
	Roles func(ctx context.Context) (map[string]string, error)
	// Scheduler drives the time-travel buttons; nil hides them.
	Scheduler Scheduler
	// Report writes the HTML report of the playground's database; nil
	// hides the link. Only admins see the link and get the report.
	Report func(ctx context.Context, w io.Writer) error
	// Seed fixes what the seeded colleagues do when time moves on (0:
	// sim.DefaultSeed). They act only when there is a Scheduler.
	Seed uint64
	// Public allows any Host header (the page is served beyond loopback).
	// Off, only 127.0.0.1, ::1 and localhost are answered, which stops DNS
	// rebinding.
	Public bool
	// Addr is the address the page listens on (host:port). Set and not
	// Public, the Host header must be exactly it or localhost:PORT, and a
	// POST's Origin, when a browser sends one, its origin.
	Addr   string
	Logger *slog.Logger
}

// Server is the playground's web page and JSON API: an http.Handler.
type Server struct {
	fake     *slackfake.Server
	clock    *Clock
	people   []Person
	admins   map[string]bool
	rolesFn  func(ctx context.Context) (map[string]string, error)
	sched    Scheduler
	report   func(ctx context.Context, w io.Writer) error
	public   bool
	hosts    map[string]bool // Host headers answered; nil: any loopback host
	log      *slog.Logger
	mux      *http.ServeMux
	travelMu sync.Mutex // one time travel at a time
	sim      *sim.Simulation
	progMu   sync.Mutex
	prog     travelProgress
	seedMu   sync.Mutex // one quick seed at a time
	// roundsSeed is the seeded networking rounds' joining, which runs
	// after the quick seed answers; time travel waits for it.
	roundsSeed sync.WaitGroup
	pollLimit  time.Duration
}

// New builds the playground server.
func New(cfg Config) (*Server, error) {
	if cfg.Fake == nil || cfg.Clock == nil {
		return nil, errors.New("playground: a fake Slack and a clock are required")
	}
	s := &Server{
		fake: cfg.Fake, clock: cfg.Clock, people: cfg.People, admins: map[string]bool{},
		rolesFn: cfg.Roles, sched: cfg.Scheduler, report: cfg.Report, public: cfg.Public,
		log: cfg.Logger, pollLimit: 25 * time.Second,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, a := range cfg.Admins {
		s.admins[a] = true
	}
	if s.sched != nil && len(cfg.People) > 0 {
		seed := cfg.Seed
		if seed == 0 {
			seed = sim.DefaultSeed
		}
		s.sim = sim.New(cfg.Fake, colleagues(cfg.People), seed)
	}
	if cfg.Addr != "" {
		_, port, err := net.SplitHostPort(cfg.Addr)
		if err != nil {
			return nil, fmt.Errorf("playground: address %q: %w", cfg.Addr, err)
		}
		s.hosts = map[string]bool{cfg.Addr: true, net.JoinHostPort("localhost", port): true}
	}
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("playground: static files: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, static, "index.html")
	})
	mux.HandleFunc("GET /api/state", s.handleState)
	mux.HandleFunc("GET /api/file", s.handleFile)
	mux.HandleFunc("GET /api/mentions", s.handleMentions)
	mux.HandleFunc("POST /api/command", s.handleCommand)
	mux.HandleFunc("POST /api/click", s.handleClick)
	mux.HandleFunc("POST /api/submit", s.handleSubmit)
	mux.HandleFunc("POST /api/close", s.handleClose)
	mux.HandleFunc("POST /api/home", s.handleHome)
	mux.HandleFunc("POST /api/account", s.handleAccount)
	mux.HandleFunc("POST /api/travel", s.handleTravel)
	mux.HandleFunc("POST /api/seed", s.handleSeed)
	mux.HandleFunc("GET /report", s.handleReport)
	s.mux = mux
	return s, nil
}

// ServeHTTP guards and routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.public && (!loopbackHost(r.Host) || (s.hosts != nil && !s.hosts[r.Host])) {
		http.Error(w, "the playground answers on its own address only", http.StatusMisdirectedRequest)
		return
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	// No inline script, nothing from elsewhere: even a rendering bug
	// could not run injected script.
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	if r.Method == http.MethodPost {
		// A JSON body needs a CORS preflight, which is never granted, so
		// another site cannot drive the playground from a visitor's browser.
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			http.Error(w, "POST bodies must be application/json", http.StatusUnsupportedMediaType)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host && o != "https://"+r.Host {
			http.Error(w, "cross-origin request refused", http.StatusForbidden)
			return
		}
		// Browsers mark every request with where it comes from, also
		// where they leave Origin out.
		if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
			http.Error(w, "cross-site request refused", http.StatusForbidden)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// loopbackHost tells whether a Host header names this machine.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// apiError is a JSON error answer {"error": "..."}.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// readJSON decodes a small JSON body.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "bad request body: "+err.Error())
		return false
	}
	return true
}

// readActing reads a JSON request into v and checks that *user, filled by
// the decoding, names a person who can act.
func (s *Server) readActing(w http.ResponseWriter, r *http.Request, v any, user *string) bool {
	if !readJSON(w, r, v) {
		return false
	}
	if _, ok := s.person(*user); !ok {
		writeError(w, http.StatusBadRequest, "unknown user")
		return false
	}
	return true
}

// person returns a member who can act: a seeded or added human, not the bot.
func (s *Server) person(id string) (slackfake.User, bool) {
	for _, u := range s.fake.Users() {
		if u.ID == id && !u.IsBot && !u.Deleted {
			return u, true
		}
	}
	return slackfake.User{}, false
}

func (s *Server) roles(ctx context.Context) (map[string]string, error) {
	if s.rolesFn == nil {
		return map[string]string{}, nil
	}
	return s.rolesFn(ctx)
}

// handleReport serves the HTML report of the playground's database to an
// admin (?as=ID: who the visitor is).
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	if s.report == nil {
		http.Error(w, "no report in this playground", http.StatusNotFound)
		return
	}
	if !s.admins[r.URL.Query().Get("as")] {
		http.Error(w, "The HTML report is for program admins: become the admin (Hana Okafor) to open it.", http.StatusForbidden)
		return
	}
	var b strings.Builder
	if err := s.report(r.Context(), &b); err != nil {
		s.log.Warn("playground report", "err", err)
		http.Error(w, "the report failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	// The report is one self-contained file: its own inline style and
	// script, nothing fetched.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, b.String())
}

// handleFile serves a file the bot shared (an export, a CSV report).
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	f, ok := s.fake.File(r.URL.Query().Get("id"))
	if !ok {
		http.Error(w, "no such file", http.StatusNotFound)
		return
	}
	name := strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r < 0x20 {
			return '_'
		}
		return r
	}, f.Name)
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write(f.Content)
}
