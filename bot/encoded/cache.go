// Package encoded keeps answers already encoded as JSON, by key, for
// answers that depend on nothing but the key (help's, by kind of caller):
// a whole company may ask at once, and encoding an answer again costs
// about ten times as much as sending the bytes kept.
package encoded

import (
	"encoding/json"
	"sync"
)

// Cache holds one encoded answer per key. The zero value is ready.
type Cache[K comparable] struct {
	byKey sync.Map // K → json.RawMessage
}

// Get is the answer for k, encoding build() the first time.
func (c *Cache[K]) Get(k K, build func() any) json.RawMessage {
	if v, ok := c.byKey.Load(k); ok {
		return v.(json.RawMessage)
	}
	raw, err := json.Marshal(build())
	if err != nil { // answers are built from strings: they always encode
		panic(err)
	}
	c.byKey.Store(k, json.RawMessage(raw))
	return raw
}

// Reset forgets every answer (what they were built from changed).
func (c *Cache[K]) Reset() { c.byKey.Clear() }
