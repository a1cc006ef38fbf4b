package report

// Statistical disclosure control, kept small enough to reason about.
//
// Primary suppression hides every figure about fewer than MinGroup people,
// zero included: if a zero were shown, "suppressed" would itself tell the
// reader "between 1 and MinGroup-1", and two suppressed cells summing to 2
// would each be 1.
//
// Complementary suppression: the figures of a breakdown are published with
// their totals, so a lone suppressed cell in a row or column is the total
// minus the others. Every line (a column of a breakdown, a row of it, the
// rating distribution) therefore ends with no suppressed cell or at least
// `min` of them (2, or 3 where two equations tie the cells, as the rating
// count and the average do for the distribution). The cell added is the
// shown one about the fewest people, then the smallest, then the first, so
// the result is deterministic and loses as little as it can. Adding a cell
// to one line can leave another line with a single suppressed cell, so the
// rule runs to a fixed point; it ends because cells are only ever hidden.
//
// A breakdown with a single cell in a column repeats the column's total,
// which the report shows (program-wide figures always are): that cell is
// pinned, shown like the total, since "suppressed" beside the same figure
// in the total row would hide nothing and only contradict it. So are the
// cells of a column whose total is zero: every one of them is zero.
//
// This protects small groups within one report. Ratings, which must also
// survive comparing reports, are released by release.go's rule instead.

// cell is one figure of a breakdown before it is published.
type cell struct {
	value, people int
	// na marks a figure that does not exist in this row (a head count of
	// people who left): it is neither shown nor part of any line.
	na     bool
	hidden bool
	// pinned: the cell equals a figure the report shows anyway (see
	// pinSole); it is never hidden.
	pinned bool
}

// line is a set of cells bound by a published total.
type line struct {
	cells []*cell
	min   int
	// exempt reports that the line's own total is suppressed, so nothing can
	// be subtracted from it; nil means never.
	exempt func() bool
}

func (l line) hiddenCount() int {
	n := 0
	for _, c := range l.cells {
		if c.hidden {
			n++
		}
	}
	return n
}

// cheapestShown is the shown cell whose hiding costs least, or nil.
func (l line) cheapestShown() *cell {
	var best *cell
	for _, c := range l.cells {
		if c.hidden || c.pinned {
			continue
		}
		if best == nil || c.people < best.people || (c.people == best.people && c.value < best.value) {
			best = c
		}
	}
	return best
}

// visible tells whether a figure about people may be shown. A minimum
// group of 1 turns suppression off, zeros included.
func visible(people, minGroup int) bool { return minGroup <= 1 || people >= minGroup }

// suppressSmall applies the primary rule to cells.
func suppressSmall(minGroup int, cells ...*cell) {
	for _, c := range cells {
		if !c.na {
			c.hidden = !visible(c.people, minGroup)
		}
	}
}

// pinSole pins the only cell of a column whose total is always shown.
func pinSole(col []*cell) {
	if len(col) == 1 {
		col[0].hidden, col[0].pinned = false, true
	}
}

// pinZeroTotal pins every cell of a column whose shown total is zero: each
// cell is zero, which the total already says, so "suppressed" beside it
// would hide nothing and read as a contradiction. No cell of the column is
// hidden, so its zeros say nothing about any other cell.
func pinZeroTotal(col []*cell, total int) {
	if total != 0 {
		return
	}
	for _, c := range col {
		if c.value != 0 {
			return // not the total's column after all: keep every rule
		}
	}
	for _, c := range col {
		c.hidden, c.pinned = false, true
	}
}

// protect adds complementary suppressions until every line that is not
// exempt has no hidden cell or at least its minimum. A line with too few
// cells that may be hidden to reach its minimum keeps what it has.
func protect(lines []line) {
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			if l.exempt != nil && l.exempt() {
				continue
			}
			for n := l.hiddenCount(); n > 0 && n < l.min; n++ {
				c := l.cheapestShown()
				if c == nil {
					break
				}
				c.hidden = true
				changed = true
			}
		}
	}
}

// shown returns the cell's value, or nil when it is suppressed.
func (c *cell) shown() *int {
	if c.na || c.hidden {
		return nil
	}
	v := c.value
	return &v
}
