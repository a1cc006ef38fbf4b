// Package reportsql reads the raw figures of an HR report (store/report)
// from the database, one file per report section: participants, pairings,
// check-ins, weeks, feedback and pairing health. It takes a narrow read
// handle (Reader) inside one snapshot that store/sqldb opens, checks the
// schema of and tunes; it never writes.
package reportsql

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// Reader is what the report's statements need: a read-only transaction, or
// a connection inside one.
type Reader interface {
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	Rebind(query string) string
}

// MarksSchema is the first schema with checkin_marks (migration 0020).
const MarksSchema = 20

// Read fills raw (whose Scope is set) from r, section by section, on a
// database at schema version schema. Every figure but the ratings is
// aggregated in SQL. A program that does not exist is store.ErrNotFound.
func Read(ctx context.Context, r Reader, raw *report.Raw, schema int) error {
	scope := raw.Scope
	q := reportQuery{ctx: ctx, tx: r, params: map[string]any{"since": scope.Since.UTC(), "pid": int64(0)}, since: !scope.Since.IsZero(),
		exactBelow: report.MaxMinGroup, marks: schema >= MarksSchema}
	if scope.Program != "" {
		var ids []int64
		if err := r.SelectContext(ctx, &ids, r.Rebind(`SELECT id FROM programs WHERE name = ?`), scope.Program); err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
		if len(ids) == 0 {
			return fmt.Errorf("program %q: %w", scope.Program, store.ErrNotFound)
		}
		q.params["pid"] = ids[0]
		q.program = true
	}
	depts := map[string]*report.Department{}
	dept := func(name string, former bool) *report.Department {
		if former {
			return &raw.Former
		}
		if depts[name] == nil {
			depts[name] = &report.Department{Name: name}
		}
		return depts[name]
	}
	for _, step := range []func(*report.Raw, func(string, bool) *report.Department) error{
		q.participants, q.pairings, q.checkins, q.weeks, q.feedback, q.health,
	} {
		if err := step(raw, dept); err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
	}
	for _, dp := range depts {
		raw.Departments = append(raw.Departments, *dp)
	}
	slices.SortFunc(raw.Departments, func(a, b report.Department) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

// reportQuery runs the report's statements with the scope's parameters:
// :since (activity from) and :pid (the program, when program is set).
type reportQuery struct {
	ctx     context.Context
	tx      Reader
	params  map[string]any
	program bool
	since   bool
	// exactBelow: weekly people counts under it are counted exactly
	// (report.MaxMinGroup; tests lower it to see the bounds).
	exactBelow int
	// marks: the schema has checkin_marks for the at-risk rules.
	marks bool
}

// sinceSlot limits check-ins to slots from :since; without --since it is
// left out, which spares a comparison per check-in.
func (q reportQuery) sinceSlot() string {
	if q.since {
		return ` AND slot >= :since`
	}
	return ``
}

// scoped picks the statement's program-scoped variant. Both are constant
// SQL; only the parameters come from outside.
func (q reportQuery) scoped(all, program string) string {
	if q.program {
		return program
	}
	return all
}

func (q reportQuery) selectInto(dst any, query string) error {
	named, args, err := sqlx.Named(query, q.params)
	if err != nil {
		return err
	}
	return q.tx.SelectContext(q.ctx, dst, q.tx.Rebind(named), args...)
}

func (q reportQuery) getInto(dst any, query string) error {
	named, args, err := sqlx.Named(query, q.params)
	if err != nil {
		return err
	}
	return q.tx.GetContext(q.ctx, dst, q.tx.Rebind(named), args...)
}

// Scope fragments. A program's people are its members; its pairings,
// check-ins and feedback are those of its pairings.
const (
	membersAll     = `participants p`
	membersProgram = `participants p JOIN program_members m ON m.participant_id = p.id AND m.program_id = :pid`
	activeMentee   = `EXISTS (SELECT 1 FROM pairings pa WHERE pa.mentee_id = p.id AND pa.status = 'active')`
	// The unary + keeps the planner on pairings_mentee: the program's
	// index would scan all its pairings once per person.
	activeMenteeP = `EXISTS (SELECT 1 FROM pairings pa WHERE pa.mentee_id = p.id AND pa.status = 'active' AND +pa.program_id = :pid)`
	// The unary + keeps the planner on the covering check-in indexes
	// (testing each entry against the program's pairings) instead of
	// fetching check-in rows pairing by pairing.
	inProgramUnindexed = ` AND +pairing_id IN (SELECT id FROM pairings WHERE program_id = :pid)`
)

func addCount(c report.Count, value, people int) report.Count {
	return report.Count{Value: c.Value + value, People: c.People + people}
}
