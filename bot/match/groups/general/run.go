package general

// run executes stages until every free vertex has dual zero; each stage
// grows alternating trees from every free vertex whose dual is positive,
// adjusting duals (four kinds of step, as in Galil's exposition) until it
// augments or an S vertex's dual reaches zero. Each stage matches one more
// pair or retires one free vertex, so there are at most 3n/2 of them.
func (s *solver) run() {
	n := s.n
	for {
		for _, x := range s.touched {
			s.label[x] = 0
			s.bestEdge[x] = -1
			if int(x) >= n {
				s.bestEdges[x] = nil
			}
		}
		s.touched = s.touched[:0]
		s.stageNo++
		s.queue = s.queue[:0]
		for v := 0; v < n; v++ {
			if s.mate[v] == -1 && s.dual[v] > 0 && s.label[s.inBlossom[v]] == 0 {
				s.assignLabel(int32(v), 1, -1)
			}
		}
		if !s.stage() {
			break
		}
		// End of stage: expand S-blossoms whose dual is zero.
		for b := n; b < 2*n; b++ {
			if s.parent[b] == -1 && s.base[b] >= 0 && s.label[b] == 1 && s.dual[b] == 0 {
				s.expandBlossom(int32(b), true)
			}
		}
	}
}

// stage returns whether it changed the matching (an augmentation, or a
// free vertex retired with dual zero); false when there was no tree.
func (s *solver) stage() bool {
	n := s.n
	for {
		if s.scan() {
			return true
		}
		// No tight edge left: the dual step. Type 1: an S vertex's dual
		// reaches zero (with the textbook start that is always a root).
		// Only touched vertices and blossoms can be labelled or have a
		// bestEdge, so the steps visit those, not all n.
		deltaType, delta, deltaVertex := 0, int64(0), int32(-1)
		deltaEdge, deltaBlossom := int32(-1), int32(-1)
		for _, x := range s.touched {
			if int(x) < n && s.label[s.inBlossom[x]] == 1 && (deltaVertex == -1 || s.dual[x] < delta) {
				delta, deltaType, deltaVertex = s.dual[x], 1, x
			}
		}
		if deltaType == 0 {
			return false
		}
		for _, x := range s.touched {
			if int(x) < n && s.label[s.inBlossom[x]] == 0 && s.bestEdge[x] != -1 {
				if d := s.slack(s.bestEdge[x]); d < delta {
					delta, deltaType, deltaEdge = d, 2, s.bestEdge[x]
				}
			}
			if s.parent[x] == -1 && s.label[x] == 1 && s.bestEdge[x] != -1 {
				if d := s.slack(s.bestEdge[x]) / 2; d < delta {
					delta, deltaType, deltaEdge = d, 3, s.bestEdge[x]
				}
			}
			if int(x) >= n && s.base[x] >= 0 && s.parent[x] == -1 && s.label[x] == 2 && s.dual[x] < delta {
				delta, deltaType, deltaBlossom = s.dual[x], 4, x
			}
		}
		for _, x := range s.touched {
			if int(x) < n {
				switch s.label[s.inBlossom[x]] {
				case 1:
					s.dual[x] -= delta
				case 2:
					s.dual[x] += delta
				}
			} else if s.base[x] >= 0 && s.parent[x] == -1 {
				switch s.label[x] {
				case 1:
					s.dual[x] += delta
				case 2:
					s.dual[x] -= delta
				}
			}
		}
		switch deltaType {
		case 1:
			s.retire(deltaVertex)
			return true
		case 2:
			s.allow(deltaEdge)
			e := s.edges[deltaEdge]
			i := e.U
			if s.label[s.inBlossom[i]] == 0 {
				i = e.V
			}
			s.queue = append(s.queue, i)
		case 3:
			s.allow(deltaEdge)
			s.queue = append(s.queue, s.edges[deltaEdge].U)
		case 4:
			s.expandBlossom(deltaBlossom, false)
		}
	}
}

// scan takes S vertices from the queue and follows their tight edges:
// growing trees, forming blossoms, or augmenting (returns true).
func (s *solver) scan() bool {
	for len(s.queue) > 0 {
		v := s.queue[len(s.queue)-1]
		s.queue = s.queue[:len(s.queue)-1]
		if s.label[s.inBlossom[v]] != 1 {
			continue
		}
		for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
			k := p / 2
			w := s.endpoint[p]
			if s.inBlossom[v] == s.inBlossom[w] {
				continue
			}
			var kslack int64
			allowed := s.isAllowed(k)
			if !allowed {
				kslack = s.slack(k)
				if kslack <= 0 {
					s.allow(k)
					allowed = true
				}
			}
			bw := s.inBlossom[w]
			switch {
			case allowed:
				switch {
				case s.label[bw] == 0 && s.mate[s.base[bw]] == -1:
					// A retired free vertex (dual zero), or a blossom
					// based at one: an augmenting path ends there.
					s.label[bw], s.labelEnd[bw] = 1, -1
					s.touch(bw)
					s.augmentMatching(k)
					return true
				case s.label[bw] == 0:
					s.assignLabel(w, 2, p^1)
				case s.label[bw] == 1:
					if base := s.scanBlossom(v, w); base >= 0 {
						s.addBlossom(base, k)
					} else {
						s.augmentMatching(k)
						return true
					}
				case s.label[w] == 0:
					s.label[w] = 2
					s.labelEnd[w] = p ^ 1
				}
			case s.label[bw] == 1:
				b := s.inBlossom[v]
				if s.bestEdge[b] == -1 || kslack < s.slack(s.bestEdge[b]) {
					s.bestEdge[b] = k
				}
			case s.label[w] == 0:
				if s.bestEdge[w] == -1 || kslack < s.slack(s.bestEdge[w]) {
					s.bestEdge[w] = k
					s.touch(w)
				}
			}
		}
	}
	return false
}

// retire handles an S vertex x whose dual reached zero: the even
// alternating path from x to its tree's root is flipped (tight edges only),
// so the root is matched and x is free with dual zero, which complementary
// slackness allows. If x is the root, nothing moves.
func (s *solver) retire(x int32) {
	s.flipToRoot(x, -1)
}
