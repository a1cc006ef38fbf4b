package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// randomRaw draws a consistent program: departments of random sizes (many
// small), people who left, weeks and ratings, with every figure's people
// count no larger than the group it belongs to.
func randomRaw(rng *rand.Rand) Raw {
	var raw Raw
	raw.GeneratedAt = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	part := func(n int) int { return rng.IntN(n + 1) }
	// activity is a count about some of n people: value 0 iff people 0.
	activity := func(n int) Count {
		p := part(n)
		if p == 0 {
			return Count{}
		}
		return Count{Value: p + rng.IntN(4*p+1), People: p}
	}
	sub := func(c Count) Count { // a part of c, about at most as many people
		if c.People == 0 {
			return Count{}
		}
		p := part(c.People)
		if p == 0 {
			return Count{}
		}
		return Count{Value: max(p, rng.IntN(c.Value+1)), People: p}
	}
	nDepts := 1 + rng.IntN(10)
	for i := range nDepts {
		size := rng.IntN(3)
		switch size {
		case 0:
			size = rng.IntN(5) // under the minimum, often
		case 1:
			size = 5 + rng.IntN(10)
		default:
			size = rng.IntN(60)
		}
		d := Department{Name: fmt.Sprintf("D%02d", i), People: size}
		d.Mentors, d.Mentees = part(size), part(size)
		d.Waiting, d.Paused = part(d.Mentees), part(size)
		m := part(d.Mentees)
		d.Pairings = Count{Value: m + part(m), People: m}
		d.Sent = activity(size)
		d.Answered = sub(d.Sent)
		d.Met = sub(d.Answered)
		raw.Departments = append(raw.Departments, d)
		p := &raw.Participants
		p.Total += d.People
		p.Mentors += d.Mentors
		p.Mentees += d.Mentees
		p.Waiting += d.Waiting
		p.Paused += d.Paused
		raw.Pairings.Active += d.Pairings.Value
		raw.CheckIns.Sent += d.Sent.Value
		raw.CheckIns.Answered += d.Answered.Value
		raw.CheckIns.Met += d.Met.Value
	}
	if rng.IntN(2) == 0 {
		left := 1 + rng.IntN(8)
		raw.Participants.Left = left
		f := Department{People: left, Sent: activity(left)}
		f.Answered = sub(f.Sent)
		f.Met = sub(f.Answered)
		raw.Former = f
		raw.CheckIns.Sent += f.Sent.Value
		raw.CheckIns.Answered += f.Answered.Value
		raw.CheckIns.Met += f.Met.Value
	}
	raw.Feedback = randomRatings(rng)
	// Goals and fit answers (issue 15): fit answers are ratings of 1 to 3.
	raw.Goals.Pairings = rng.IntN(12)
	raw.Goals.Set = raw.Goals.Pairings * (1 + rng.IntN(3))
	raw.Goals.Done = rng.IntN(raw.Goals.Set + 1)
	raw.Goals.Progressing = rng.IntN(raw.Goals.Set - raw.Goals.Done + 1)
	for _, f := range randomRatings(rng) {
		f.Value = 1 + (f.Value-1)%3
		raw.Fit = append(raw.Fit, f)
	}
	for w := range rng.IntN(8) {
		n := rng.IntN(40)
		wk := Week{Start: time.Date(2026, 9, 7+7*w, 0, 0, 0, 0, time.UTC), Sent: activity(n)}
		wk.Answered = sub(wk.Sent)
		wk.Met = sub(wk.Answered)
		raw.Weeks = append(raw.Weeks, wk)
	}
	raw.Pairings.DaysToMatchMentees = part(12)
	raw.Pairings.DaysToMatch = float64(rng.IntN(30))
	return raw
}

// randomRatings draws up to 60 ratings in up to 3 programs from a pool of
// people (often few, so release groups fill slowly), in the store's order
// (by program, then as given), with a random window start.
func randomRatings(rng *rand.Rand) []Rating {
	people := 1 + rng.IntN(30)
	n := rng.IntN(61)
	cut := rng.IntN(n + 1)
	var out []Rating
	for p := range int64(1 + rng.IntN(3)) {
		for i := range n {
			if rng.IntN(2) == 0 {
				out = append(out, Rating{Program: p, Rater: int64(rng.IntN(people)), Value: 1 + rng.IntN(5), InWindow: i >= cut})
			}
		}
	}
	return out
}

// TestPropertyNoSmallOrRecoverableCell checks, on random programs, that (1)
// no figure about fewer than MinGroup people is shown and (2) every row and
// column of every breakdown has no suppressed cell or at least two (three
// for the rating distribution), unless its total is itself suppressed or it
// has a single cell.
func TestPropertyNoSmallOrRecoverableCell(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for iter := range 3000 {
		raw := randomRaw(rng)
		minGroup := 2 + rng.IntN(6)
		r := Build(raw, minGroup)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("iteration %d (min %d): %s", iter, minGroup, fmt.Sprintf(format, args...))
		}

		// (1) Primary rule, figure by figure.
		small := func(people int) bool { return people < minGroup }
		byName := map[string]Department{}
		var other Department
		for _, d := range raw.Departments {
			if small(d.People) {
				other = addDepartment(other, d)
			} else {
				byName[d.Name] = d
			}
		}
		// A column with a single row repeats the program-wide total, shown
		// by rule whatever its size (item 6: never "suppressed" beside it).
		headRows := len(r.Departments)
		if r.OtherDepartments != nil {
			headRows++
		}
		actRows := headRows
		if r.FormerParticipants != nil {
			actRows++
		}
		check := func(where string, g GroupFigures, d Department, former bool) {
			if g.FeedbackResponses != nil || g.AverageRating != nil {
				fail("%s: ratings broken down by department", where)
			}
			cells := []struct {
				name   string
				shown  *int
				people int
			}{
				{"checkins_sent", g.CheckinsSent, d.Sent.People}, {"checkins_answered", g.CheckinsAnswered, d.Answered.People},
				{"checkins_met", g.CheckinsMet, d.Met.People},
			}
			if !former {
				cells = append(cells, []struct {
					name   string
					shown  *int
					people int
				}{
					{"people", g.People, d.People}, {"mentors", g.Mentors, d.Mentors}, {"mentees", g.Mentees, d.Mentees},
					{"waiting", g.Waiting, d.Waiting}, {"paused", g.Paused, d.Paused}, {"pairings_active", g.PairingsActive, d.Pairings.People},
				}...)
			}
			// A column whose total is zero shows its zeros (all of them).
			zeroTotal := map[string]bool{
				"checkins_sent": raw.CheckIns.Sent == 0, "checkins_answered": raw.CheckIns.Answered == 0, "checkins_met": raw.CheckIns.Met == 0,
				"people": raw.Participants.Total == 0, "mentors": raw.Participants.Mentors == 0, "mentees": raw.Participants.Mentees == 0,
				"waiting": raw.Participants.Waiting == 0, "paused": raw.Participants.Paused == 0, "pairings_active": raw.Pairings.Active == 0,
			}
			for i, c := range cells {
				sole := (i < 3 && actRows == 1) || (i >= 3 && headRows == 1)
				if c.shown != nil && small(c.people) && !sole && !(zeroTotal[c.name] && *c.shown == 0) {
					fail("%s %s shown about %d people", where, c.name, c.people)
				}
			}
			if g.MetRate != nil && (g.CheckinsMet == nil || g.CheckinsAnswered == nil) {
				fail("%s met rate shown beside a suppressed input", where)
			}
			if g.AverageRating != nil && g.FeedbackResponses == nil {
				fail("%s average rating shown without its responses", where)
			}
		}
		for _, d := range r.Departments {
			check(d.Department, d.GroupFigures, byName[d.Department], false)
		}
		if r.OtherDepartments != nil {
			check("other", *r.OtherDepartments, other, false)
		}
		if f := r.FormerParticipants; f != nil {
			check("former", GroupFigures{CheckinsSent: f.CheckinsSent, CheckinsAnswered: f.CheckinsAnswered, CheckinsMet: f.CheckinsMet,
				MetRate: f.MetRate, FeedbackResponses: f.FeedbackResponses, AverageRating: f.AverageRating}, raw.Former, true)
		}
		raters, bucketRaters := map[int64]bool{}, [5]map[int64]bool{}
		for _, i := range r.released {
			rt := raw.Feedback[i]
			raters[rt.Rater] = true
			if bucketRaters[rt.Value-1] == nil {
				bucketRaters[rt.Value-1] = map[int64]bool{}
			}
			bucketRaters[rt.Value-1][rt.Rater] = true
		}
		if r.Feedback.Responses != nil && small(len(raters)) {
			fail("feedback shown about %d raters", len(raters))
		}
		for i, b := range r.Feedback.Distribution.Buckets() {
			// A zero may show when the shown ratings make up the count
			// (every hidden one would be zero).
			if b != nil && small(len(bucketRaters[i])) && *b != 0 {
				fail("rating %d shown about %d raters", i+1, len(bucketRaters[i]))
			}
		}
		for i, w := range r.CheckIns.Weeks {
			rw := raw.Weeks[i] // randomRaw makes weeks in order
			smallShown := func(p *int, c Count, total int) bool { return p != nil && small(c.People) && !(total == 0 && *p == 0) }
			shownSmall := smallShown(w.Sent, rw.Sent, raw.CheckIns.Sent) || smallShown(w.Answered, rw.Answered, raw.CheckIns.Answered) ||
				smallShown(w.Met, rw.Met, raw.CheckIns.Met)
			if shownSmall && len(r.CheckIns.Weeks) > 1 {
				fail("week %s shows a small figure", w.Week)
			}
		}
		if r.Pairings.MedianDaysToMatch != nil && small(raw.Pairings.DaysToMatchMentees) {
			fail("median over %d mentees shown", raw.Pairings.DaysToMatchMentees)
		}

		// (2) Complementary rule, line by line.
		checkLines(t, r, fail)
	}
}

// checkLines asserts the complementary rule on a built report.
func checkLines(t *testing.T, r Report, fail func(string, ...any)) {
	t.Helper()
	rows := r.breakdown()
	rows = rows[:len(rows)-1] // the total row is the program's, always shown
	headCells := func(g groupRow) []*int {
		return []*int{g.Mentors, g.Mentees, g.Waiting, g.Paused, g.PairingsActive}
	}
	actCells := func(g groupRow) []*int {
		return []*int{g.CheckinsSent, g.CheckinsAnswered, g.CheckinsMet}
	}
	nulls := func(cells []*int) int {
		n := 0
		for _, c := range cells {
			if c == nil {
				n++
			}
		}
		return n
	}
	for _, g := range rows {
		cells := actCells(g)
		if !g.former {
			cells = append(headCells(g), cells...)
		}
		// Zeros shown because their whole column is zero (pinZeroTotal)
		// cannot be swapped for a complement; the row's people count is
		// not the sum of its cells, so a lone hidden cell beside only such
		// zeros is still protected by its column.
		free := 0
		zero := []bool{r.Participants.Mentors == 0, r.Participants.Mentees == 0, r.Participants.Waiting == 0, r.Participants.Paused == 0,
			r.Pairings.Active == 0, r.CheckIns.Sent == 0, r.CheckIns.Answered == 0, r.CheckIns.Met == 0}
		if g.former {
			zero = zero[5:]
		}
		headRows := len(rows)
		if r.FormerParticipants != nil {
			headRows--
		}
		for i, c := range cells {
			sole := (g.former && len(rows) == 1) || (!g.former && (i < 5 && headRows == 1 || i >= 5 && len(rows) == 1))
			if c != nil && !zero[i] && !sole {
				free++
			}
		}
		if g.People != nil && nulls(cells) == 1 && free > 0 {
			fail("row %q has one suppressed cell: %+v", g.label, rowDump(cells))
		}
	}
	type col struct {
		name        string
		get         func(groupRow) *int
		head        bool
		totalHidden bool
	}
	cols := []col{
		{"people", func(g groupRow) *int { return g.People }, true, false},
		{"mentors", func(g groupRow) *int { return g.Mentors }, true, false},
		{"mentees", func(g groupRow) *int { return g.Mentees }, true, false},
		{"waiting", func(g groupRow) *int { return g.Waiting }, true, false},
		{"paused", func(g groupRow) *int { return g.Paused }, true, false},
		{"pairings", func(g groupRow) *int { return g.PairingsActive }, true, false},
		{"sent", func(g groupRow) *int { return g.CheckinsSent }, false, false},
		{"answered", func(g groupRow) *int { return g.CheckinsAnswered }, false, false},
		{"met", func(g groupRow) *int { return g.CheckinsMet }, false, false},
	}
	for _, c := range cols {
		var cells []*int
		for _, g := range rows {
			if c.head && g.former {
				continue
			}
			cells = append(cells, c.get(g))
		}
		if !c.totalHidden && nulls(cells) == 1 {
			fail("department column %s has one suppressed cell (%d rows), its total shown", c.name, len(cells))
		}
	}
	weeks := r.CheckIns.Weeks
	for _, w := range weeks {
		// A zero shown because its whole column is zero (pinZeroTotal)
		// gives nothing to subtract from.
		zeroCols := (r.CheckIns.Answered == 0 && w.Answered != nil) || (r.CheckIns.Met == 0 && w.Met != nil)
		if nulls([]*int{w.Sent, w.Answered, w.Met}) == 1 && !zeroCols {
			fail("week %s has one suppressed cell", w.Week)
		}
	}
	for j, get := range []func(WeekRow) *int{
		func(w WeekRow) *int { return w.Sent }, func(w WeekRow) *int { return w.Answered }, func(w WeekRow) *int { return w.Met },
	} {
		var cells []*int
		for _, w := range weeks {
			cells = append(cells, get(w))
		}
		if nulls(cells) == 1 {
			fail("week column %d has one suppressed cell (%d weeks), its total shown", j, len(cells))
		}
	}
	b := r.Feedback.Distribution.Buckets()
	if n := nulls(b[:]); r.Feedback.Responses != nil && n > 0 && n < 3 {
		fail("rating distribution has %d suppressed buckets", n)
	}
}

// TestPropertyFormatsRender runs every writer over random reports: none
// fails, and the suppressed word appears exactly where JSON has null.
func TestPropertyFormatsRender(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for iter := range 200 {
		r := Build(randomRaw(rng), 2+rng.IntN(5))
		for _, f := range Formats() {
			var buf bytes.Buffer
			if err := Write(&buf, r, f); err != nil {
				t.Fatalf("iteration %d %s: %v", iter, f, err)
			}
		}
	}
}

func rowDump(cells []*int) []string {
	var out []string
	for _, c := range cells {
		out = append(out, count(c))
	}
	return out
}
