// Package reportsql reads the raw figures of an HR report (store/report)
// from the database, one file per report section: participants, pairings,
// check-ins, weeks, feedback and pairing health. It takes a narrow read
// handle (Reader) inside one snapshot that store/sqldb opens, checks the
// schema of and tunes; it never writes.
package reportsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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

// MarksSchema is the migration that adds checkin_marks (0020).
const MarksSchema = 20

// Read fills raw (whose Scope is set) from rs, section by section; marks
// tells that the database has checkin_marks (migration MarksSchema). Every figure but the ratings is
// aggregated in SQL. With several readers (connections inside one
// snapshot) the sections run in parallel, one per reader at a time. A
// program that does not exist is store.ErrNotFound.
func Read(ctx context.Context, rs []Reader, raw *report.Raw, marks bool) error {
	scope := raw.Scope
	q := reportQuery{ctx: ctx, tx: rs[0], params: map[string]any{"since": scope.Since.UTC(), "pid": int64(0)}, since: !scope.Since.IsZero(),
		exactBelow: report.MaxMinGroup, marks: marks}
	if scope.Program != "" {
		var ids []int64
		if err := rs[0].SelectContext(ctx, &ids, rs[0].Rebind(`SELECT id FROM programs WHERE name = ?`), scope.Program); err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
		if len(ids) == 0 {
			return fmt.Errorf("program %q: %w", scope.Program, store.ErrNotFound)
		}
		q.params["pid"] = ids[0]
		q.program = true
	}
	// Sections fill different fields of raw and of its departments; only
	// the map of departments is shared.
	var mu sync.Mutex
	depts := map[string]*report.Department{}
	dept := func(name string, former bool) *report.Department {
		if former {
			return &raw.Former
		}
		mu.Lock()
		defer mu.Unlock()
		if depts[name] == nil {
			depts[name] = &report.Department{Name: name}
		}
		return depts[name]
	}
	if err := runSections(q, rs, raw, dept); err != nil {
		return fmt.Errorf("store: report: %w", err)
	}
	// Ended comes from the pairings section (sections run in parallel).
	raw.Lifecycle.Ended = raw.Pairings.Ended
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

// section is one part of the report; sections are independent.
type section func(q reportQuery, raw *report.Raw, dept func(string, bool) *report.Department) error

// sections, the longest first, so that parallel readers finish together
// (CPU per section on the 100,000-person benchmark, docs/benchmarks.md
// "Reports": health 0.77 s, lifecycle and check-ins 0.5 s each, weeks
// 0.37 s, pairings 0.33 s, feedback 0.2 s, participants 0.18 s, the rest
// little). Lifecycle, added last, ran last and set the wall time.
var sections = []section{
	reportQuery.health, reportQuery.lifecycle, reportQuery.checkins, reportQuery.weeks, reportQuery.pairings, reportQuery.feedback,
	reportQuery.participants, reportQuery.goals, reportQuery.rounds, reportQuery.circles,
}

// runSections runs every section, each reader taking the next one when it
// is free; each section has its own copy of q's parameters. The first
// error stops the readers from taking more.
func runSections(q reportQuery, rs []Reader, raw *report.Raw, dept func(string, bool) *report.Department) error {
	var (
		next   atomic.Int32
		failed atomic.Bool
		errs   = make([]error, len(rs))
		wg     sync.WaitGroup
	)
	for i, r := range rs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				n := int(next.Add(1)) - 1
				if n >= len(sections) {
					return
				}
				qi := q
				qi.tx, qi.params = r, maps.Clone(q.params)
				if err := sections[n](qi, raw, dept); err != nil {
					errs[i] = err
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func addCount(c report.Count, value, people int) report.Count {
	return report.Count{Value: c.Value + value, People: c.People + people}
}
