//go:build race

package groups

// raceEnabled: the race detector slows these tests about tenfold, so the
// property tests run fewer random instances under it.
const raceEnabled = true
