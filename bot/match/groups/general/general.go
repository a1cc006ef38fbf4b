// Package general computes an exact maximum-weight matching on a general
// (not necessarily bipartite) graph with integer weights: Edmonds' blossom
// algorithm in its O(n³) primal-dual form (Galil's exposition, following the
// structure of Van Rantwijk's well-known implementation), written for this
// project. It also returns the optimal dual solution, so callers and tests
// can check optimality without trusting the algorithm (Verify).
package general

import (
	"errors"
	"fmt"
)

// Edge is an undirected edge between vertices U and V (0..n-1, U != V).
type Edge struct {
	U, V int32
	W    int64
}

// Blossom is an odd set of vertices with its dual (Z2 = 2·z_B >= 0): a
// blossom the algorithm built and still holds at the end. Parent is the
// index of the enclosing blossom in Solution.Blossoms, or -1.
type Blossom struct {
	Parent  int
	Z2      int64
	Members []int32 // the vertices inside, at any depth
}

// Solution is a maximum-weight matching with its dual certificate.
//
// The dual of the matching LP (with Edmonds' odd-set constraints) has a
// variable y_v per vertex and z_B per odd set. Y4 holds 4·y_v and each
// blossom 2·z_B, so everything stays integral. The certificate: y_v >= 0,
// z_B >= 0, the reduced cost 4·(y_u + y_v + Σ_{B ∋ u,v} z_B − w) >= 0 on
// every edge and = 0 on matched edges, y_v = 0 on unmatched vertices, and
// z_B > 0 only for full blossoms ((|B|−1)/2 matched edges inside).
type Solution struct {
	Mate     []int32 // the partner of each vertex, or -1
	Weight   int64   // the matching's total weight
	Y4       []int64
	Blossoms []Blossom
}

// ErrInput reports an invalid graph.
var ErrInput = errors.New("general: invalid graph")

func checkInput(n int, edges []Edge) error {
	if n < 0 {
		return fmt.Errorf("%w: %d vertices", ErrInput, n)
	}
	for k, e := range edges {
		if e.U < 0 || e.V < 0 || int(e.U) >= n || int(e.V) >= n || e.U == e.V {
			return fmt.Errorf("%w: edge %d (%d, %d) with %d vertices", ErrInput, k, e.U, e.V, n)
		}
		if e.W > maxAbsWeight || e.W < -maxAbsWeight {
			return fmt.Errorf("%w: edge %d weight %d out of range", ErrInput, k, e.W)
		}
	}
	return nil
}

// maxAbsWeight keeps doubled duals and sums far from int64 overflow.
const maxAbsWeight = 1 << 60 / 4

// MaxWeightMatching returns a matching of maximum total weight (not
// necessarily of maximum size: edges of weight <= 0 never help) with its
// dual certificate. The result depends only on n and the order of edges.
func MaxWeightMatching(n int, edges []Edge) (Solution, error) {
	if err := checkInput(n, edges); err != nil {
		return Solution{}, err
	}
	s := newSolver(n, edges)
	s.jumpStart()
	s.run()
	return s.solution(), nil
}
