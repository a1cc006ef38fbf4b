package general

// run executes stages until no augmenting path improves the matching; each
// stage grows alternating trees from every free vertex, adjusting duals
// (four kinds of step, as in Galil's exposition) until it augments or the
// smallest vertex dual reaches zero.
func (s *solver) run() {
	n := s.n
	for range n {
		clear(s.label)
		for b := range s.bestEdge {
			s.bestEdge[b] = -1
		}
		for b := n; b < 2*n; b++ {
			s.bestEdges[b] = nil
		}
		clear(s.allowEdge)
		s.queue = s.queue[:0]
		for v := 0; v < n; v++ {
			if s.mate[v] == -1 && s.label[s.inBlossom[v]] == 0 {
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

// stage returns whether it augmented the matching.
func (s *solver) stage() bool {
	n := s.n
	for {
		if s.scan() {
			return true
		}
		// No tight edge left: the dual step.
		deltaType := 1
		delta := s.dual[0]
		for v := 1; v < n; v++ {
			delta = min(delta, s.dual[v])
		}
		deltaEdge, deltaBlossom := int32(-1), int32(-1)
		for v := 0; v < n; v++ {
			if s.label[s.inBlossom[v]] == 0 && s.bestEdge[v] != -1 {
				if d := s.slack(s.bestEdge[v]); d < delta {
					delta, deltaType, deltaEdge = d, 2, s.bestEdge[v]
				}
			}
		}
		for b := 0; b < 2*n; b++ {
			if s.parent[b] == -1 && s.label[b] == 1 && s.bestEdge[b] != -1 {
				if d := s.slack(s.bestEdge[b]) / 2; d < delta {
					delta, deltaType, deltaEdge = d, 3, s.bestEdge[b]
				}
			}
		}
		for b := n; b < 2*n; b++ {
			if s.base[b] >= 0 && s.parent[b] == -1 && s.label[b] == 2 && s.dual[b] < delta {
				delta, deltaType, deltaBlossom = s.dual[b], 4, int32(b)
			}
		}
		for v := 0; v < n; v++ {
			switch s.label[s.inBlossom[v]] {
			case 1:
				s.dual[v] -= delta
			case 2:
				s.dual[v] += delta
			}
		}
		for b := n; b < 2*n; b++ {
			if s.base[b] >= 0 && s.parent[b] == -1 {
				switch s.label[b] {
				case 1:
					s.dual[b] += delta
				case 2:
					s.dual[b] -= delta
				}
			}
		}
		switch deltaType {
		case 1:
			return false // optimum: free vertices have dual zero
		case 2:
			s.allowEdge[deltaEdge] = true
			e := s.edges[deltaEdge]
			i := e.U
			if s.label[s.inBlossom[i]] == 0 {
				i = e.V
			}
			s.queue = append(s.queue, i)
		case 3:
			s.allowEdge[deltaEdge] = true
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
		for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
			k := p / 2
			w := s.endpoint[p]
			if s.inBlossom[v] == s.inBlossom[w] {
				continue
			}
			var kslack int64
			if !s.allowEdge[k] {
				kslack = s.slack(k)
				if kslack <= 0 {
					s.allowEdge[k] = true
				}
			}
			bw := s.inBlossom[w]
			switch {
			case s.allowEdge[k]:
				switch {
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
				}
			}
		}
	}
	return false
}
