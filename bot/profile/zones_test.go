package profile

import (
	"testing"
	"time"
)

// A zone is loaded once and then shared; an empty name is UTC, and so is
// an unknown one, which is not kept.
func TestZonesLoadEachZoneOnce(t *testing.T) {
	var z zones
	first := z.in("America/New_York")
	if first.String() != "America/New_York" {
		t.Fatalf("got %v", first)
	}
	if again := z.in("America/New_York"); again != first {
		t.Error("the zone was loaded again, not kept")
	}
	for _, name := range []string{"", "Mars/Olympus_Mons"} {
		if got := z.in(name); got != time.UTC {
			t.Errorf("in(%q) = %v, want UTC", name, got)
		}
		if _, kept := z.byName.Load(name); kept && name != "" {
			t.Errorf("in(%q) was kept", name)
		}
	}
}
