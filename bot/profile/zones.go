package profile

import (
	"sync"
	"time"
)

// zones keeps the time zones status answers have loaded: time.LoadLocation
// reads and parses the zone file on every call (11 µs and 5 KB each here),
// several times per `/mentor status` on its ack path. Only zones that
// loaded are kept, so the map holds at most the zone database's names.
type zones struct {
	byName sync.Map // name → *time.Location
}

// in is the zone named tz, UTC when tz is empty or unknown.
func (z *zones) in(tz string) *time.Location {
	if loc, ok := z.byName.Load(tz); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	z.byName.Store(tz, loc)
	return loc
}
