// Package encoded keeps private answers in the form encoding/json writes
// fastest (mirror.go), and keeps answers by key for answers that depend on
// nothing but the key (help's, by kind of caller): a whole company may ask
// at once, and building an answer's blocks and encoding them again costs
// several times as much as encoding the answer kept.
package encoded

import (
	"encoding/json"
	"sync"
)

// Cache holds one answer per key. The zero value is ready.
type Cache[K comparable] struct {
	byKey sync.Map // K → *message or json.RawMessage
}

// Get is the answer for k, ready for json.Marshal, building it the first
// time. An answer that is not a mirror (Ephemeral) is kept encoded.
func (c *Cache[K]) Get(k K, build func() any) any {
	if v, ok := c.byKey.Load(k); ok {
		return v
	}
	v := build()
	if _, ok := v.(*message); !ok {
		raw, err := json.Marshal(v)
		if err != nil { // answers are built from strings: they always encode
			panic(err)
		}
		v = json.RawMessage(raw)
	}
	c.byKey.Store(k, v)
	return v
}

// Reset forgets every answer (what they were built from changed).
func (c *Cache[K]) Reset() { c.byKey.Clear() }
