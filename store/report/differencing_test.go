package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// history is a company's ratings in the order they were given: programs
// 1..programs, and 0 for pairings outside any program.
type history struct {
	k        int // the minimum group
	programs int
	ratings  []Rating // InWindow is set per report
}

// randomHistory draws a company: a minimum group of 2 to 5, one to three
// programs, a pool of people (sometimes fewer than the minimum group) each
// rating in one or two programs, and 10 to 30 ratings of random values.
func randomHistory(rng *rand.Rand) history {
	h := history{k: 2 + rng.IntN(4), programs: 1 + rng.IntN(3)}
	people := h.k - 1 + rng.IntN(h.k+6)
	homes := make([][]int64, people)
	for p := range homes {
		homes[p] = []int64{int64(rng.IntN(h.programs + 1))}
		if rng.IntN(3) == 0 {
			homes[p] = append(homes[p], int64(rng.IntN(h.programs+1)))
		}
	}
	for range 10 + rng.IntN(21) {
		p := rng.IntN(people)
		h.ratings = append(h.ratings, Rating{Program: homes[p][rng.IntN(len(homes[p]))], Rater: int64(p), Value: 1 + rng.IntN(5)})
	}
	return h
}

// attackDepartments give every pulled report a department breakdown (with
// a merged small department and people who left), so that the check of
// every rating-bearing figure covers its rows too.
var attackDepartments = []Department{
	{Name: "Eng", People: 9, Mentors: 4, Mentees: 5, Sent: cnt(20, 9), Answered: cnt(15, 8), Met: cnt(9, 6)},
	{Name: "Ops", People: 6, Mentors: 3, Mentees: 3, Sent: cnt(12, 6), Answered: cnt(10, 6), Met: cnt(5, 4)},
	{Name: "Law", People: 2, Mentors: 1, Mentees: 1, Sent: cnt(4, 2), Answered: cnt(2, 2), Met: cnt(1, 1)},
}

// publisher makes the report an admin gets from raw; released lists the
// ratings (indices into raw.Feedback) its feedback figures are about.
type publisher func(raw Raw, k int) (released []int, r Report)

func buildPublisher(raw Raw, k int) ([]int, Report) {
	r := Build(raw, k)
	return r.released, r
}

// mainPublisher is the rule on main before issue 10: every rating of the
// scope and window, once at least k people gave them, with the whole
// distribution.
func mainPublisher(raw Raw, k int) ([]int, Report) {
	var set []int
	raters := map[int64]bool{}
	var sum int
	var buckets [5]int
	for i, rt := range raw.Feedback {
		if rt.InWindow {
			set = append(set, i)
			raters[rt.Rater] = true
			sum += rt.Value
			buckets[rt.Value-1]++
		}
	}
	r := Report{MinGroup: k}
	if len(raters) < k {
		return nil, r
	}
	n := len(set)
	r.Feedback = FeedbackFigures{Responses: &n, AverageRating: average(sum, n)}
	d := &r.Feedback.Distribution
	d.R1, d.R2, d.R3, d.R4, d.R5 = &buckets[0], &buckets[1], &buckets[2], &buckets[3], &buckets[4]
	return set, r
}

// attack pulls every report of h an admin can pull, after each new rating:
// all programs and each program, from the beginning and from every
// rating's time on (every distinct --since window). It checks that each
// report's feedback figures are true of the ratings it says they are about
// (so every equation written is one the admin can write), then solves.
// It returns the first rating or person it pins down, or "".
func attack(t *testing.T, h history, publish publisher, strict bool) string {
	t.Helper()
	eq := newEquations(len(h.ratings))
	before := map[[2]int][]int{} // each (scope, window)'s set at the previous pull
	formatsChecked, read := 0, map[string]bool{}
	for now := 1; now <= len(h.ratings); now++ {
		for scope := -1; scope <= h.programs; scope++ {
			if scope == 0 {
				continue // "outside any program" is no --program an admin can name
			}
			var idx []int // the scope's ratings so far, in the store's order
			for i := range now {
				if scope < 0 || h.ratings[i].Program == int64(scope) {
					idx = append(idx, i)
				}
			}
			slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(h.ratings[a].Program, h.ratings[b].Program) })
			for cut := range now {
				raw := Raw{Feedback: make([]Rating, len(idx))}
				for j, i := range idx {
					raw.Feedback[j] = h.ratings[i]
					raw.Feedback[j].InWindow = i >= cut
				}
				released, r := publish(raw, h.k)
				set := make([]int, len(released))
				for j, x := range released {
					set[j] = idx[x]
				}
				slices.Sort(set)
				where := fmt.Sprintf("at rating %d, scope %d, window from rating %d", now, scope, cut)
				checkFeedbackTrue(t, h, set, cut, r.Feedback, where)
				if strict {
					checkReleaseRule(t, h, set, before[[2]int{scope, cut}], where)
					before[[2]int{scope, cut}] = set
					// A report's other figures do not depend on the ratings
					// (Raw has none by department): once per new released
					// set, the report is pulled again with a department
					// breakdown and people who left, and read whole.
					if key := fmt.Sprint(set, distributionShown(r.Feedback.Distribution.Buckets())); !read[key] {
						read[key] = true
						raw.Departments, raw.Participants = attackDepartments, Participants{Total: 17, Mentors: 8, Mentees: 9, Left: 1}
						again, full := publish(raw, h.k)
						if !slices.Equal(again, released) {
							t.Fatalf("%s: a department breakdown changes the released ratings", where)
						}
						r = full
						checkNoOtherRatingFigure(t, r, where)
						if len(set) > 0 && formatsChecked < 3 {
							formatsChecked++
							checkFormatsShowFeedback(t, r)
						}
					}
				}
				if len(set) > 0 {
					eq.learn(set, r.Feedback.Distribution.Buckets())
				}
			}
		}
	}
	return eq.leak(h.ratings)
}

// checkFeedbackTrue: the published figures are the count, the average and
// the distribution of exactly the ratings in set, all in the window.
func checkFeedbackTrue(t *testing.T, h history, set []int, cut int, fb FeedbackFigures, where string) {
	t.Helper()
	b := fb.Distribution.Buckets()
	if len(set) == 0 {
		if fb.Responses != nil || fb.AverageRating != nil || slices.ContainsFunc(b[:], func(p *int) bool { return p != nil }) {
			t.Fatalf("%s: feedback %+v shown about no released rating", where, fb)
		}
		return
	}
	sum, counts := 0, [5]int{}
	for _, i := range set {
		if i < cut {
			t.Fatalf("%s: rating %d is before the window", where, i)
		}
		sum += h.ratings[i].Value
		counts[h.ratings[i].Value-1]++
	}
	if fb.Responses == nil || *fb.Responses != len(set) || fb.AverageRating == nil || *fb.AverageRating != *average(sum, len(set)) {
		t.Fatalf("%s: feedback %v/%v is not that of ratings %v", where, fb.Responses, fb.AverageRating, set)
	}
	for r, p := range b {
		if p != nil && *p != counts[r] {
			t.Fatalf("%s: %d ratings of %d shown as %d", where, counts[r], r+1, *p)
		}
	}
}

// checkReleaseRule checks what docs/reports.md promises admins: feedback
// moves in whole groups of k ratings per program, and a pulled figure
// never loses a rating it counted before.
func checkReleaseRule(t *testing.T, h history, set, before []int, where string) {
	t.Helper()
	perProgram := map[int64]int{}
	for _, i := range set {
		perProgram[h.ratings[i].Program]++
	}
	for p, n := range perProgram {
		if n%h.k != 0 {
			t.Fatalf("%s: %d ratings of program %d released, not a multiple of %d", where, n, p, h.k)
		}
	}
	for _, i := range before {
		if _, found := slices.BinarySearch(set, i); !found {
			t.Fatalf("%s: rating %d counted before, not now", where, i)
		}
	}
}

// checkNoOtherRatingFigure: no figure of r but feedback's own (which the
// attacker models) has a value under a key about feedback or ratings.
func checkNoOtherRatingFigure(t *testing.T, r Report, where string) {
	t.Helper()
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	walkJSON("", doc, func(path string, v any) {
		modelled := path == "feedback.responses" || path == "feedback.average_rating" || strings.HasPrefix(path, "feedback.distribution.")
		if v != nil && !modelled && (strings.Contains(path, "feedback") || strings.Contains(path, "rating")) {
			t.Fatalf("%s: %s = %v carries ratings the attacker does not model", where, path, v)
		}
	})
}

// walkJSON calls fn on every leaf of a decoded JSON document, by path.
func walkJSON(path string, v any, fn func(string, any)) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			walkJSON(join(k), c, fn)
		}
	case []any:
		for i, c := range x {
			walkJSON(join(fmt.Sprint(i)), c, fn)
		}
	default:
		fn(path, v)
	}
}

// TestAttackerLearnsNoRating is issue 10's item 5 as a property: over
// random histories, every report an admin can pull (each scope, each
// window, after each new rating) together pins down no rating and no
// person's ratings.
func TestAttackerLearnsNoRating(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 5))
	for iter := range 40 {
		h := randomHistory(rng)
		t.Run(fmt.Sprint(iter), func(t *testing.T) {
			t.Parallel()
			if leak := attack(t, h, buildPublisher, true); leak != "" {
				t.Fatalf("min group %d, %d programs, %d ratings: the reports give away %s", h.k, h.programs, len(h.ratings), leak)
			}
		})
	}
}

// TestAttackerCatchesMainsRule shows the attacker has teeth: on main's rule
// (every rating once k people gave them) it finds a rating in issue 10's
// example (all programs minus Spring, or a window starting one rating
// later) and in random histories where the release rule gives nothing
// away.
func TestAttackerCatchesMainsRule(t *testing.T) {
	example := history{k: 5, programs: 1}
	for i, v := range []int{4, 4, 5, 5, 4} {
		example.ratings = append(example.ratings, Rating{Program: 1, Rater: int64(i), Value: v})
	}
	example.ratings = append(example.ratings, Rating{Program: 0, Rater: 5, Value: 3})
	if leak := attack(t, example, mainPublisher, false); leak == "" {
		t.Errorf("main's rule on the issue's example: the attacker found nothing")
	}
	if leak := attack(t, example, buildPublisher, true); leak != "" {
		t.Errorf("the release rule on the issue's example gives away %s", leak)
	}
	rng := rand.New(rand.NewPCG(10, 5)) // the first histories of TestAttackerLearnsNoRating
	for iter := range 4 {
		h := randomHistory(rng)
		t.Run(fmt.Sprint(iter), func(t *testing.T) {
			t.Parallel()
			if attack(t, h, mainPublisher, false) == "" {
				t.Errorf("main's rule gave nothing away")
			}
		})
	}
}
