package groups

// Form groups people for one round (docs/rounds.md): for Size 2, an exact
// maximum-weight matching that first places the most people, then makes
// the fewest repeats, then has the highest total score; an odd person out
// joins the pair where they add the most. For Size 3, triples (plus one or
// two pairs when the count is not a multiple of three) by the method of
// docs/rounds.md. The result depends only on the input (order included).
func Form(people []Person, opt Options) (Result, error) {
	m, err := prepare(people, opt)
	if err != nil {
		return Result{}, err
	}
	groups := asGroups(m.bestPairs())
	if m.size == 2 {
		return m.result(m.addThirds(groups, m.unmatched(groups))), nil
	}
	return m.result(m.triples(groups)), nil
}

// prepare validates the input and builds the round's model.
func prepare(people []Person, opt Options) (*model, error) {
	opt, err := opt.normalise()
	if err == nil {
		err = validatePeople(people)
	}
	if err != nil {
		return nil, err
	}
	return newModel(people, opt), nil
}

func asGroups(pairs [][2]int) [][]int {
	groups := make([][]int, len(pairs))
	for k, p := range pairs {
		groups[k] = []int{p[0], p[1]}
	}
	return groups
}

// bestPairs is the pairing both sizes start from.
func (m *model) bestPairs() [][2]int {
	pairs, _ := m.exactPairs()
	return pairs
}

// shape is how many triples and pairs n placed people make: triples, and
// the remainder as one pair (n = 3t+2) or two pairs (n = 3t+4).
func shape(n int) (triples, pairs int) {
	switch {
	case n < 2:
		return 0, 0
	case n%3 == 0:
		return n / 3, 0
	case n%3 == 2:
		return (n - 2) / 3, 1
	default:
		return (n - 4) / 3, 2
	}
}
