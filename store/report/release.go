package report

import (
	"slices"
	"sort"
)

// Ratings are confidential, and hiding small totals does not keep them so:
// a report of 6 ratings averaging 4.17 and one of 5 averaging 4.4 (another
// program, another --since window, the same report a day earlier) differ
// by one rating, 3. The release rule below makes every published feedback
// figure a sum over whole release groups, so no difference or other linear
// combination of published figures isolates less than a whole group.
//
// Release groups. Within each program (pairings outside any program form
// one more), ratings are dealt in the order they were given into groups of
// exactly MinGroup ratings from MinGroup different people: each rating
// joins the oldest open group without a rating from the same person, or
// opens a new group. The deal of a rating looks only at earlier ratings of
// its program, so a group, once formed, never changes: not with later
// ratings, not with the report's scope or window, not with departments or
// people leaving. Ratings are never edited or deleted (leaving erases only
// their text), which the deal relies on.
//
// Release. A report publishes, of the feedback, only the complete groups of
// its scope's programs whose every rating falls in its window; the
// response count, the average and the distribution are over those ratings.
// Every published figure is then a sum, over whole groups, of each
// rating's value (or of "this rating is r"), so every equation an admin
// can write from any number of reports gives the same weight to all
// ratings of a group, and so does any combination of them. One person's
// rating, or the sum of one person's ratings, gives weight to one person
// only, while every group holds MinGroup different people: it can never be
// such a combination. What a group as a whole says (five ratings of 5 say
// that each was a 5) is the minimum-group rule's own limit, and the same
// for any aggregate.
//
// The cost: feedback figures move in steps of MinGroup responses per
// program, and ratings still in an incomplete group (or in a group that
// straddles the start of a window) are not counted yet.

// releaseGroups deals ratings into release groups of k ratings from k
// different people, per program, in the order given. It returns each
// rating's group (-1 for a rating outside 1..5, which the database never
// holds) and each group's size; groups are numbered across programs.
func releaseGroups(ratings []Rating, k int) (group, size []int) {
	type dealer struct {
		open []int         // groups still open, oldest first
		last map[int64]int // each person's newest group
	}
	dealers := map[int64]*dealer{}
	group = make([]int, len(ratings))
	for i, r := range ratings {
		group[i] = -1
		if r.Value < 1 || r.Value > 5 {
			continue
		}
		d := dealers[r.Program]
		if d == nil {
			d = &dealer{last: map[int64]int{}}
			dealers[r.Program] = d
		}
		// A person is in every open group older than their newest one
		// (each rating takes the oldest group it can), so the oldest open
		// group without them is the first one newer than their newest.
		pos := 0
		if last, ok := d.last[r.Rater]; ok {
			pos = sort.SearchInts(d.open, last+1)
		}
		if pos == len(d.open) {
			d.open = append(d.open, len(size))
			size = append(size, 0)
		}
		g := d.open[pos]
		group[i], d.last[r.Rater] = g, g
		if size[g]++; size[g] == k {
			d.open = slices.Delete(d.open, pos, pos+1)
		}
	}
	return group, size
}

// releasedFeedback is the feedback a report publishes.
type releasedFeedback struct {
	ratings []int // indices into the ratings released, in order
	sum     int
	// buckets count the released ratings by value, with the people behind
	// each count (for the distribution's own minimum-group rule).
	buckets [5]Count
}

// release picks the ratings a report may publish: every complete release
// group whose ratings all fall in the window.
func release(ratings []Rating, k int) releasedFeedback {
	group, size := releaseGroups(ratings, k)
	out := make([]bool, len(size))
	for g, n := range size {
		out[g] = n == k
	}
	for i, r := range ratings {
		if g := group[i]; g >= 0 && !r.InWindow {
			out[g] = false
		}
	}
	var rel releasedFeedback
	var raters [5]map[int64]bool
	for i, r := range ratings {
		if g := group[i]; g < 0 || !out[g] {
			continue
		}
		rel.ratings = append(rel.ratings, i)
		rel.sum += r.Value
		b := &rel.buckets[r.Value-1]
		b.Value++
		if raters[r.Value-1] == nil {
			raters[r.Value-1] = map[int64]bool{}
		}
		if !raters[r.Value-1][r.Rater] {
			raters[r.Value-1][r.Rater] = true
			b.People++
		}
	}
	return rel
}
