// Package recent is an in-memory set of Socket Mode delivery keys, each
// kept an hour: the dedupe of commands that only answer (bot/dedupe.go),
// whose ack must wait on no write.
package recent

import (
	"sync"
	"time"
)

// For is how long a key is kept: Slack retries within minutes.
const For = time.Hour

// Keys is the set. The zero value is ready.
type Keys struct {
	mu    sync.Mutex
	seen  map[string]time.Time
	swept time.Time
}

// First records key and reports whether it was not seen in the last For.
func (r *Keys) First(key string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]time.Time{}
	}
	if now.Sub(r.swept) > For {
		for k, at := range r.seen {
			if now.Sub(at) > For {
				delete(r.seen, k)
			}
		}
		r.swept = now
	}
	if at, ok := r.seen[key]; ok && now.Sub(at) <= For {
		return false
	}
	r.seen[key] = now
	return true
}

// Forget removes key, so that it counts as not seen.
func (r *Keys) Forget(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.seen, key)
}
