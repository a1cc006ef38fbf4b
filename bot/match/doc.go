// Package match computes mentor–mentee pairings: the score of one pair, the
// exact best matching of a whole cohort under mentor capacities, suggestions
// for one mentee, and an optimality certificate that can be checked
// independently of the solver.
//
// It is pure: no Slack, no SQL, no network, no clock of its own (the
// reference time comes in Input.Now). docs/matching.md explains the score,
// the hard rules, the objective and why the result is exact.
package match
