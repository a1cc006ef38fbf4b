package match

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"
)

var testNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// randomInstance builds a small cohort that exercises every rule: "both"
// people, managers, history, unavailable people, used capacity, mentees
// who already have a mentor, ties.
func randomInstance(rng *rand.Rand) Input {
	topics := []string{"Go", "go ", "SQL", "Kubernetes", "Design", "Leadership"}
	words := []string{"leadership", "speaking", "architecture", "career", "family", "the", "and"}
	zones := []string{"", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Not/AZone"}
	depts := []string{"", "Eng", "eng", "Sales"}
	pick := func(from []string, n int) []string {
		var out []string
		for range n {
			out = append(out, from[rng.IntN(len(from))])
		}
		return out
	}
	nMentees, nMentors := 1+rng.IntN(6), 1+rng.IntN(4)
	var people []Person
	for i := range nMentors {
		role := RoleMentor
		if rng.IntN(4) == 0 {
			role = RoleBoth
		}
		people = append(people, Person{
			ID: fmt.Sprintf("M%d", i), Role: role,
			Teaches: pick(topics, rng.IntN(4)), Learns: pick(topics, rng.IntN(2)),
			Goals:      fmt.Sprint(pick(words, rng.IntN(4))),
			Department: depts[rng.IntN(len(depts))], Seniority: rng.IntN(20),
			Capacity: 1 + rng.IntN(3), ActivePairings: rng.IntN(2) * rng.IntN(2),
			TZ: zones[rng.IntN(len(zones))], Available: rng.IntN(10) > 0,
		})
	}
	for i := range nMentees {
		people = append(people, Person{
			ID: fmt.Sprintf("E%d", i), Role: RoleMentee,
			Learns:     pick(topics, rng.IntN(4)),
			Goals:      fmt.Sprint(pick(words, rng.IntN(4))),
			Department: depts[rng.IntN(len(depts))], Seniority: rng.IntN(10),
			ActivePairings: rng.IntN(8) / 7,
			TZ:             zones[rng.IntN(len(zones))], Available: rng.IntN(10) > 0,
		})
	}
	for i := range people {
		if rng.IntN(5) == 0 {
			people[i].ManagerID = people[rng.IntN(len(people))].ID
		}
	}
	met := map[[2]string]bool{}
	for range rng.IntN(4) {
		a, b := people[rng.IntN(len(people))].ID, people[rng.IntN(len(people))].ID
		met[[2]string{a, b}] = true
	}
	in := Input{People: people, Now: testNow}
	if len(met) > 0 {
		in.History = func(a, b string) bool { return met[[2]string{a, b}] }
	}
	if rng.IntN(3) == 0 {
		w := DefaultWeights()
		w.Topic, w.Goals, w.Overlap = float64(rng.IntN(5)), float64(rng.IntN(3)), 0
		in.Weights = w // small weights: many ties
	}
	if rng.IntN(3) == 0 {
		w := effectiveWeights(in.Weights)
		w.RequireSharedTopic = false // pairs that share no topic are feasible too
		in.Weights = w
	}
	return in
}

// longTests reports whether the heavy variants of the tests should run:
// MENTORBOT_LONG_TESTS=1. The default run stays cheap enough for CI, where
// every package's tests run at once on a few cores.
func longTests() bool {
	return os.Getenv("MENTORBOT_LONG_TESTS") == "1"
}

// bruteForce returns the best (pairs, total units) over every matching,
// with the reference scorer and rules (Score); zones may be nil.
func bruteForce(in Input, zones *tzOffsets) (bestPairs int, bestTotal int64) {
	var mentors, mentees []Person
	for _, p := range in.People {
		if canMentor(&p) {
			mentors = append(mentors, p)
		}
		if canBeMentee(&p) {
			mentees = append(mentees, p)
		}
	}
	ps := newPairScorer(in, zones)         // Score, with zone lookups shared
	score := make([][]int64, len(mentees)) // -1 infeasible
	for e := range mentees {
		score[e] = make([]int64, len(mentors))
		for m := range mentors {
			b, ok := ps.score(&mentors[m], &mentees[e])
			score[e][m] = -1
			if ok {
				score[e][m] = b.Units()
			}
		}
	}
	load := make([]int, len(mentors))
	bestPairs, bestTotal = 0, 0
	var rec func(e, pairs int, total int64)
	rec = func(e, pairs int, total int64) {
		if e == len(mentees) {
			if pairs > bestPairs || (pairs == bestPairs && total > bestTotal) {
				bestPairs, bestTotal = pairs, total
			}
			return
		}
		rec(e+1, pairs, total)
		for m := range mentors {
			if s := score[e][m]; s >= 0 && load[m] < remainingCapacity(&mentors[m]) {
				load[m]++
				rec(e+1, pairs+1, total+s)
				load[m]--
			}
		}
	}
	rec(0, 0, 0)
	return bestPairs, bestTotal
}

func resultUnits(r Result) int64 {
	var t int64
	for _, p := range r.Pairs {
		t += p.Breakdown.Units()
	}
	return t
}

// TestMatchEqualsBruteForce: on thousands of small random instances the
// matcher's pair count and total equal exhaustive search, under the
// default tuning and under a starved one that forces many rounds of
// column generation, and the certificate checker accepts the result.
func TestMatchEqualsBruteForce(t *testing.T) {
	tunings := []tuning{defaultTuning(), {TopK: 1, AddK: 1}, {AddK: 1}, {AddMentor: 1}, {TopK: 1, AddK: 2, AddMentor: 1, Margin: 3000}}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 3000
	switch {
	case longTests():
		n = 30000
	case testing.Short():
		n = 300
	}
	for i := range n {
		in := randomInstance(rng)
		zones := newTZOffsets(in.Now) // one set of zone lookups per instance
		wantPairs, wantTotal := bruteForce(in, zones)
		for _, tu := range tunings {
			tu.zones = zones
			r, err := matchWith(in, tu)
			if err != nil {
				t.Fatalf("instance %d %+v: %v", i, tu, err)
			}
			if len(r.Pairs) != wantPairs || resultUnits(r) != wantTotal {
				t.Fatalf("instance %d %+v: got %d pairs, %d units; brute force %d pairs, %d units\n%+v",
					i, tu, len(r.Pairs), resultUnits(r), wantPairs, wantTotal, in.People)
			}
			if err := verifyCertificate(in, r, zones, 0); err != nil {
				t.Fatalf("instance %d %+v: certificate rejected: %v", i, tu, err)
			}
		}
	}
}

// TestVerifyRejectsPerturbed: a result changed in any way that makes it
// suboptimal, infeasible or inconsistent is rejected.
func TestVerifyRejectsPerturbed(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var swaps, drops, duals int
	for i := 0; i < 3000 && (swaps < 200 || drops < 200 || duals < 200); i++ {
		in := randomInstance(rng)
		zones := newTZOffsets(in.Now)
		verify := func(r Result) error { return verifyCertificate(in, r, zones, 0) }
		tu := defaultTuning()
		tu.zones = zones
		r, err := matchWith(in, tu)
		if err != nil {
			t.Fatal(err)
		}
		_, bestTotal := bruteForce(in, zones)
		if len(r.Pairs) >= 2 {
			// Swap the mentors of two pairs; keep scores and total honest so
			// only optimality is in question.
			a, b := rng.IntN(len(r.Pairs)), rng.IntN(len(r.Pairs))
			p := perturb(r)
			pa, pb := &p.Pairs[a], &p.Pairs[b]
			if a != b && pa.MentorID != pb.MentorID {
				pa.MenteeID, pb.MenteeID = pb.MenteeID, pa.MenteeID
				okA, okB := rescore(in, zones, pa), rescore(in, zones, pb)
				p.Total = unitsToPoints(resultUnits(p))
				err := verify(p)
				if (!okA || !okB || resultUnits(p) < bestTotal) && err == nil {
					t.Fatalf("instance %d: swapped result accepted", i)
				}
				swaps++
			}
		}
		if len(r.Pairs) >= 1 {
			p := perturb(r)
			k := rng.IntN(len(p.Pairs))
			dropped := p.Pairs[k]
			p.Pairs = slices.Delete(p.Pairs, k, k+1)
			p.Total = unitsToPoints(resultUnits(p))
			p.Unmatched = append(p.Unmatched, Unmatched{ID: dropped.MenteeID, Side: RoleMentee, Reason: "dropped"})
			if err := verify(p); err == nil {
				t.Fatalf("instance %d: result with a dropped pair accepted", i)
			}
			drops++
		}
		for id := range r.Certificate.Mentees {
			for _, delta := range []int64{1, -1} {
				p := perturb(r)
				p.Certificate.Mentees[id] += delta
				if err := verify(p); err == nil {
					t.Fatalf("instance %d: certificate with mentee %s potential %+d accepted", i, id, delta)
				}
			}
			duals++
			break
		}
		for id := range r.Certificate.Mentors {
			p := perturb(r)
			p.Certificate.Mentors[id]--
			if err := verify(p); err == nil && r.Certificate.Mentors[id] > 0 {
				// Lowering a positive mentor price breaks tightness or dual
				// feasibility unless the mentor has no pair and no neighbour.
				if hasPairWith(r, id) {
					t.Fatalf("instance %d: certificate with mentor %s potential -1 accepted", i, id)
				}
			}
			break
		}
	}
	if swaps < 200 || drops < 200 || duals < 200 {
		t.Fatalf("too few perturbations tried: %d swaps, %d drops, %d duals", swaps, drops, duals)
	}
}

func hasPairWith(r Result, mentorID string) bool {
	for _, p := range r.Pairs {
		if p.MentorID == mentorID {
			return true
		}
	}
	return false
}

// perturb deep-copies the parts of r a perturbation changes.
func perturb(r Result) Result {
	p := r
	p.Pairs = slices.Clone(r.Pairs)
	p.Unmatched = slices.Clone(r.Unmatched)
	p.Certificate.Mentees = make(map[string]int64)
	p.Certificate.Mentors = make(map[string]int64)
	for k, v := range r.Certificate.Mentees {
		p.Certificate.Mentees[k] = v
	}
	for k, v := range r.Certificate.Mentors {
		p.Certificate.Mentors[k] = v
	}
	return p
}

// rescore recomputes a pair's score after a change; false if infeasible.
func rescore(in Input, zones *tzOffsets, p *Pair) bool {
	var mentor, mentee Person
	for _, x := range in.People {
		if x.ID == p.MentorID {
			mentor = x
		}
		if x.ID == p.MenteeID {
			mentee = x
		}
	}
	b, ok := newPairScorer(in, zones).score(&mentor, &mentee)
	p.Breakdown, p.Score = b, b.Points()
	return ok
}
