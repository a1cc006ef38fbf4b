package slackfake

import (
	"net"
	"net/http"
)

// slackGoOrigin is the Origin slack-go sends when it dials Socket Mode. No
// web page can send it: a browser always sends the page's own origin.
const slackGoOrigin = "https://api.slack.com"

// hostGuard holds what a request must name to be answered (see guard).
type hostGuard struct {
	hosts   map[string]bool // Host headers: the listening address, localhost:PORT
	origins map[string]bool // the fake's own origins
}

func newHostGuard(ln net.Listener) hostGuard {
	addr := ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	g := hostGuard{hosts: map[string]bool{}, origins: map[string]bool{}}
	for _, h := range []string{addr, net.JoinHostPort("localhost", port)} {
		g.hosts[h] = true
		g.origins["http://"+h] = true
	}
	return g
}

// guard refuses, unless Options.AllowForeignOrigins is set, what a web
// page open in the user's browser could send the fake: a request whose
// Host is not the fake's own address (127.0.0.1:PORT or localhost:PORT;
// anything else is DNS rebinding), whose Origin is another site's (a
// cross-origin form POST; a WebSocket opened by a page), or that the
// browser marks as cross-site (Sec-Fetch-Site, sent even where Origin is
// not, as on an <img> GET). slack-go sends no Origin over HTTP and
// https://api.slack.com on the Socket Mode WebSocket, which a page cannot.
func (s *Server) guard(next http.Handler) http.Handler {
	if s.opts.AllowForeignOrigins {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if why, status := s.refusal(r); why != "" {
			s.log.Warn("request refused", "why", why, "path", r.URL.Path)
			http.Error(w, why, status)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refusal says why r is refused, or "" when it may be served.
func (s *Server) refusal(r *http.Request) (why string, status int) {
	if !s.hosts.hosts[r.Host] {
		return "this fake Slack answers only on its own address", http.StatusMisdirectedRequest
	}
	if o := r.Header.Get("Origin"); o != "" && !s.hosts.origins[o] && (o != slackGoOrigin || r.URL.Path != "/link/") {
		return "cross-origin request refused", http.StatusForbidden
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return "cross-site request refused", http.StatusForbidden
	}
	return "", 0
}
