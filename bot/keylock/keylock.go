// Package keylock serializes work per key (a person's Slack ID) while work
// on different keys runs at once. The bot publishes a person's Home tab
// from several places (the tab opened, a button, a program change); two
// publishes racing could land the older view last, so each holds its
// person's lock from its read to its views.publish.
package keylock

import (
	"context"
	"sync"

	"github.com/mentorbot/mentorbot/bot/workslot"
)

// Locks is a set of per-key locks; the zero value is ready. A key's entry
// lives only while someone holds or waits for it, so the set does not
// grow with everyone who ever opened a Home tab.
type Locks struct {
	mu   sync.Mutex
	keys map[string]*entry
}

// entry is one key's lock: a one-slot channel rather than a mutex, so a
// goroutine waiting for it counts as blocked in testing/synctest.
type entry struct {
	slot  chan struct{}
	users int // holders and waiters
}

// Lock takes key's lock and returns its release. A handler (ctx) lends
// its work slot while it waits: the holder takes a slot back after its
// Slack call, before it lets go.
func (l *Locks) Lock(ctx context.Context, key string) (unlock func()) {
	l.mu.Lock()
	if l.keys == nil {
		l.keys = make(map[string]*entry)
	}
	e := l.keys[key]
	if e == nil {
		e = &entry{slot: make(chan struct{}, 1)}
		l.keys[key] = e
	}
	e.users++
	l.mu.Unlock()

	back := workslot.WhileBlocked(ctx)
	e.slot <- struct{}{}
	back()
	return func() {
		<-e.slot
		l.mu.Lock()
		if e.users--; e.users == 0 {
			delete(l.keys, key)
		}
		l.mu.Unlock()
	}
}

// held counts the keys with an entry (tests).
func (l *Locks) held() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}
