// Package groups forms the groups of a networking round: pairs (exact,
// maximum-weight matching on a general graph) or groups of three. It is pure:
// no Slack, no SQL, no clock. The rules and the objective are in
// docs/rounds.md.
package groups

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Person is one opted-in member of a round.
type Person struct {
	ID         string
	Department string
	ManagerID  string        // "" if none
	Topics     []string      // normalised topics (teaches ∪ learns); may be empty
	UTCOffset  time.Duration // the person's zone offset now; used for working-hours overlap
	HasZone    bool          // false: overlap unknown, score it neutrally
}

// Weights are the points a pair earns for each term when fully met.
type Weights struct{ Department, Overlap, Topics int64 }

// MaxWeight bounds each weight, so that sums of scores cannot overflow.
const MaxWeight = 10000

// DefaultWeights: networking is first of all about meeting people outside
// one's own department; a shared working day makes the meeting easy; shared
// topics give something to talk about.
func DefaultWeights() Weights { return Weights{Department: 50, Overlap: 30, Topics: 20} }

// Options say how to group a round.
type Options struct {
	Size        int                    // 2 or 3
	Weights     Weights                // the zero value means DefaultWeights
	MetRecently func(a, b string) bool // the pair met within the series' memory (nil: none)
}

// Group is one group of a round: 2 or 3 IDs (a 3 in pairs mode only for
// the odd one out).
type Group struct{ Members []string }

// Result is a round's grouping.
type Result struct {
	Groups   []Group
	Total    int64    // sum of pair scores inside groups
	Repeats  int      // pairs inside groups that met recently (only when unavoidable)
	Unplaced []string // people who could not be placed at all (e.g. only their manager left)
}

// MaxPeople bounds one round, so that the lexicographic edge weights of
// docs/rounds.md fit in int64.
const MaxPeople = 200000

func (w Weights) validate() error {
	var errs []error
	for _, f := range []struct {
		name string
		v    int64
	}{{"Department", w.Department}, {"Overlap", w.Overlap}, {"Topics", w.Topics}} {
		if f.v < 0 || f.v > MaxWeight {
			errs = append(errs, fmt.Errorf("groups: weight %s=%d: want 0..%d", f.name, f.v, MaxWeight))
		}
	}
	return errors.Join(errs...)
}

func (opt Options) normalise() (Options, error) {
	if opt.Size != 2 && opt.Size != 3 {
		return opt, fmt.Errorf("groups: size %d: want 2 or 3", opt.Size)
	}
	if opt.Weights == (Weights{}) {
		opt.Weights = DefaultWeights()
	}
	return opt, opt.Weights.validate()
}

func validatePeople(people []Person) error {
	if len(people) > MaxPeople {
		return fmt.Errorf("groups: %d people: at most %d in one round", len(people), MaxPeople)
	}
	seen := make(map[string]bool, len(people))
	for i, p := range people {
		if strings.TrimSpace(p.ID) == "" {
			return fmt.Errorf("groups: person %d has an empty ID", i)
		}
		if seen[p.ID] {
			return fmt.Errorf("groups: duplicate ID %q", p.ID)
		}
		seen[p.ID] = true
	}
	return nil
}
