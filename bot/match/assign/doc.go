// Package assign solves the assignment step of package match: a
// maximum-weight b-matching of a sparse graph of mentees (capacity 1) and
// mentors (capacity = free slots), kept optimal with integer dual
// potentials while arcs are added (warm starts). It knows only arc indexes
// and integer weights, no people: package match builds the graph, prices
// the pairs left out and reads the result back.
package assign
