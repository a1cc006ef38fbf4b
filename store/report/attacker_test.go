package report

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// The attacker of issue 10's item 5: an admin who pulls every report they
// can and writes each published feedback figure as a linear equation over
// the individual ratings, then solves. Rating i is modelled by five
// unknowns y(i,1..5), one-hot (y(i,r) = 1 when it is r), so that a
// distribution cell is linear too:
//
//	responses       Σ_{i∈S} Σ_r y(i,r)
//	rating sum      Σ_{i∈S} Σ_r r·y(i,r)   (the average times the responses)
//	distribution r  Σ_{i∈S} y(i,r)
//
// where S is the set of ratings the figure is about. The attacker also
// knows that each rating exists (Σ_r y(i,r) = 1). A rating is determined
// when its value Σ_r r·y(i,r), or any y(i,r), lies in the row space of
// the equations; a person's ratings are, when their sum does. Arithmetic
// is exact (math/big.Rat), never floating point.

// equations is a basis, in echelon form, of every equation learned so far.
type equations struct {
	width int
	rows  []basisRow
	known map[string]bool // the sets already written down
}

// basisRow is one basis vector, sparse, scaled so its pivot entry is 1.
type basisRow struct {
	pivot int
	idx   []int
	val   []*big.Rat
}

func newEquations(ratings int) *equations {
	e := &equations{width: 5 * ratings, known: map[string]bool{}}
	for i := range ratings {
		v := e.vector()
		for r := range 5 {
			v[unknown(i, r+1)].SetInt64(1)
		}
		e.add(v)
	}
	return e
}

// unknown is the column of y(i,r).
func unknown(i, r int) int { return 5*i + r - 1 }

func (e *equations) vector() []big.Rat { return make([]big.Rat, e.width) }

// reduce subtracts from v, in order, the multiple of each basis row that
// clears its pivot; every later row is zero at earlier pivots, so v ends
// zero exactly when it lies in the span.
func (e *equations) reduce(v []big.Rat) {
	var c, t big.Rat
	for _, b := range e.rows {
		if v[b.pivot].Sign() == 0 {
			continue
		}
		c.Set(&v[b.pivot])
		for k, j := range b.idx {
			t.Mul(&c, b.val[k])
			v[j].Sub(&v[j], &t)
		}
	}
}

// add learns the equation v (which it consumes).
func (e *equations) add(v []big.Rat) {
	e.reduce(v)
	p := slices.IndexFunc(v, func(x big.Rat) bool { return x.Sign() != 0 })
	if p < 0 {
		return
	}
	inv := new(big.Rat).Inv(&v[p])
	b := basisRow{pivot: p}
	for j := p; j < e.width; j++ {
		if v[j].Sign() != 0 {
			b.idx = append(b.idx, j)
			b.val = append(b.val, new(big.Rat).Mul(&v[j], inv))
		}
	}
	e.rows = append(e.rows, b)
}

// determines tells whether the equations pin down the combination v.
func (e *equations) determines(v []big.Rat) bool {
	e.reduce(v)
	return !slices.ContainsFunc(v, func(x big.Rat) bool { return x.Sign() != 0 })
}

// learn writes down what a report says about the ratings set (indices
// into the history): its response count and rating sum, and each shown
// cell of its distribution. Only new sets add anything.
func (e *equations) learn(set []int, distribution [5]*int) {
	key := fmt.Sprint(set, distributionShown(distribution))
	if e.known[key] {
		return
	}
	e.known[key] = true
	// The response count is the sum of the set's Σ_r y(i,r) = 1, known
	// from the start: it adds nothing, and is not reduced again.
	sum := e.vector()
	for _, i := range set {
		for r := 1; r <= 5; r++ {
			sum[unknown(i, r)].SetInt64(int64(r))
		}
	}
	e.add(sum)
	for r, b := range distribution {
		if b == nil {
			continue
		}
		cell := e.vector()
		for _, i := range set {
			cell[unknown(i, r+1)].SetInt64(1)
		}
		e.add(cell)
	}
}

func distributionShown(d [5]*int) string {
	var sb strings.Builder
	for _, b := range d {
		sb.WriteByte("hv"[boolInt(b != nil)])
	}
	return sb.String()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// leak is the first rating or person the equations pin down, or "".
func (e *equations) leak(ratings []Rating) string {
	value := func(set ...int) []big.Rat {
		v := e.vector()
		for _, i := range set {
			for r := 1; r <= 5; r++ {
				v[unknown(i, r)].SetInt64(int64(r))
			}
		}
		return v
	}
	byPerson := map[int64][]int{}
	for i, rt := range ratings {
		if e.determines(value(i)) {
			return fmt.Sprintf("rating %d (person %d, program %d) = %d", i, rt.Rater, rt.Program, rt.Value)
		}
		for r := 1; r <= 5; r++ {
			v := e.vector()
			v[unknown(i, r)].SetInt64(1)
			if e.determines(v) {
				return fmt.Sprintf("whether rating %d (person %d) is %d", i, rt.Rater, r)
			}
		}
		byPerson[rt.Rater] = append(byPerson[rt.Rater], i)
	}
	people := make([]int64, 0, len(byPerson))
	for p := range byPerson {
		people = append(people, p)
	}
	slices.Sort(people)
	for _, p := range people {
		if set := byPerson[p]; len(set) > 1 && e.determines(value(set...)) {
			return fmt.Sprintf("the sum of person %d's ratings %v", p, set)
		}
	}
	return ""
}
