// Package circlesql keeps the SQL of mentoring circles (issue 18): the
// circles, their members, seats against the lead's capacity, and the
// circles' check-ins. Its Store is part of sqldb.DB, whose transactions
// (Runner) it runs in; callers keep using *sqldb.DB through their narrow
// interfaces. Functions taking a *sqlx.Tx run inside another aggregate's
// transaction (the outbox's claim, the participants' seats).
package circlesql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// Runner lends store/sqldb's transactions and clock (sqldb's handle).
type Runner interface {
	Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Now() time.Time
}

// Store is the circles' side of the store.
type Store struct{ db Runner }

// New is the circles' store over db.
func New(db Runner) *Store { return &Store{db: db} }

func ts(t time.Time) time.Time { return t.UTC() }

const circleSelect = `SELECT ci.id, ci.name, ci.lead_id, l.slack_id AS lead_slack, l.name AS lead_name, ci.topic, ci.description,
	ci.size_limit, ci.seat_cap, ci.cadence, ci.status, ci.private_channel, ci.channel_id, ci.created_by, ci.started_at,
	ci.closed_at, ci.close_reason, ci.at_risk_reason, ci.at_risk_at,
	(SELECT COUNT(*) FROM circle_members m WHERE m.circle_id = ci.id AND m.left_at IS NULL) AS members, 0 AS free_seats
	FROM circles ci JOIN participants l ON l.id = ci.lead_id`

func circleWhere(ctx context.Context, tx *sqlx.Tx, where string, args ...any) (store.Circle, error) {
	var c store.Circle
	err := tx.GetContext(ctx, &c, tx.Rebind(circleSelect+" WHERE "+where), args...)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("circle: %w", store.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("store: circle: %w", err)
	}
	return c, nil
}

// participantID finds an active or paused person by Slack ID.
func participantID(ctx context.Context, tx *sqlx.Tx, slackID string) (id int64, role string, err error) {
	var p struct {
		ID   int64  `db:"id"`
		Role string `db:"role"`
	}
	err = tx.GetContext(ctx, &p, tx.Rebind(`SELECT id, role FROM participants WHERE slack_id = ? AND status <> 'left'`), slackID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("%s: %w", slackID, store.ErrNotSignedUp)
	}
	return p.ID, p.Role, err
}

// CreateCircle adds an open circle led by a mentor, in a program when
// one is named. A lead who is not signed up is ErrNotSignedUp, one who is
// not a mentor ErrPairForbidden, a name taken by an open circle
// ErrConflict, a program that is not open ErrNotFound, one that has ended
// ErrInvalid.
func (s *Store) CreateCircle(ctx context.Context, n store.NewCircle) (out store.Circle, err error) {
	if err := n.Validate(); err != nil {
		return out, err
	}
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		leadID, role, err := participantID(ctx, tx, n.LeadSlack)
		if err != nil {
			return err
		}
		if role != store.RoleMentor && role != store.RoleBoth {
			return fmt.Errorf("lead %s is a %s: %w", n.LeadSlack, role, store.ErrPairForbidden)
		}
		var taken int
		if err := tx.GetContext(ctx, &taken, tx.Rebind(`SELECT COUNT(*) FROM circles WHERE lower(name) = lower(?) AND status = 'open'`), n.Name); err != nil {
			return err
		}
		if taken > 0 {
			return fmt.Errorf("circle %q: %w", n.Name, store.ErrConflict)
		}
		var cap any
		if n.SeatCap != nil {
			cap = *n.SeatCap
		}
		var program any
		if n.Program != "" {
			if program, err = programForCircle(ctx, tx, n.Program, s.db.Now()); err != nil {
				return err
			}
		}
		private := 0
		if store.CircleUsesPrivateChannel(n.SizeLimit) {
			private = 1
		}
		var id int64
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO circles (name, lead_id, topic, description, size_limit, seat_cap, cadence,
			private_channel, created_by, started_at, program_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			n.Name, leadID, n.Topic, n.Description, n.SizeLimit, cap, n.Cadence, private, n.CreatedBy, s.db.Now(), program); err != nil {
			return fmt.Errorf("store: create circle: %w", err)
		}
		out, err = circleWhere(ctx, tx, "ci.id = ?", id)
		return err
	})
	return out, err
}

// SetCircleChannel records the conversation a circle lives in.
func (s *Store) SetCircleChannel(ctx context.Context, id int64, channel string) error {
	return s.db.Write(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE circles SET channel_id = ? WHERE id = ?`), channel, id)
		return err
	})
}

// OpenCircleByName finds the open circle of that name (any case).
func (s *Store) OpenCircleByName(ctx context.Context, name string) (out store.Circle, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) (err error) {
		out, err = circleWhere(ctx, tx, "lower(ci.name) = lower(?) AND ci.status = 'open'", name)
		return err
	})
	return out, err
}

// CircleByID returns a circle, open or closed.
func (s *Store) CircleByID(ctx context.Context, id int64) (out store.Circle, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) (err error) {
		out, err = circleWhere(ctx, tx, "ci.id = ?", id)
		return err
	})
	return out, err
}

// OpenCircles lists the open circles by name, with their free seats.
func (s *Store) OpenCircles(ctx context.Context) (out []store.Circle, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		out = nil
		if err := tx.SelectContext(ctx, &out, circleSelect+` WHERE ci.status = 'open' ORDER BY lower(ci.name), ci.id`); err != nil {
			return fmt.Errorf("store: open circles: %w", err)
		}
		free := map[int64]int{}
		for i := range out {
			c := &out[i]
			f, ok := free[c.LeadID]
			if !ok {
				if f, err = leadFree(ctx, tx, c.LeadID); err != nil {
					return err
				}
				free[c.LeadID] = f
			}
			c.FreeSeats = freeSeats(*c, f)
		}
		return nil
	})
	return out, err
}

// freeSeats is how many more may join c when its lead has leadFree seats
// of capacity left: a join that takes no seat (past the admin's cap)
// needs none.
func freeSeats(c store.Circle, leadFree int) int {
	n := c.SizeLimit - c.Members
	if n <= 0 {
		return 0
	}
	if takes := c.Seats(c.Members+n) - c.Seats(c.Members); takes > leadFree {
		// The seat-taking joins come first (the cap counts the first
		// members), so the lead's free seats stop the circle there.
		return max(leadFree, 0)
	}
	return n
}

// leadFree is the lead's capacity minus their active pairings as mentor
// and the seats of their open circles.
func leadFree(ctx context.Context, tx *sqlx.Tx, leadID int64) (int, error) {
	var capacity, pairings int
	if err := tx.GetContext(ctx, &capacity, tx.Rebind(`SELECT capacity FROM participants WHERE id = ?`), leadID); err != nil {
		return 0, fmt.Errorf("store: lead capacity: %w", err)
	}
	if err := tx.GetContext(ctx, &pairings, tx.Rebind(`SELECT COUNT(*) FROM pairings WHERE mentor_id = ? AND status = 'active'`), leadID); err != nil {
		return 0, fmt.Errorf("store: lead pairings: %w", err)
	}
	seats, err := LeadSeats(ctx, tx, leadID)
	return capacity - pairings - seats, err
}

// LeadSeats is how many seats of leadID's capacity their open circles take.
func LeadSeats(ctx context.Context, tx *sqlx.Tx, leadID int64) (int, error) {
	m, err := seatsOf(ctx, tx, []any{leadID})
	return m[leadID], err
}

// LoadSeats fills CircleSeats of each person (as a lead of open circles).
func LoadSeats(ctx context.Context, tx *sqlx.Tx, ps []*store.Participant) error {
	if len(ps) == 0 {
		return nil
	}
	var ids []any
	if len(ps) <= 50 {
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
	}
	m, err := seatsOf(ctx, tx, ids)
	for _, p := range ps {
		p.CircleSeats = m[p.ID]
	}
	return err
}

// seatsOf sums the seats of the open circles of these leads (nil: all).
func seatsOf(ctx context.Context, tx *sqlx.Tx, leads []any) (map[int64]int, error) {
	where := ""
	if len(leads) > 0 {
		where = " AND ci.lead_id IN (?" + strings.Repeat(", ?", len(leads)-1) + ")"
	}
	var rows []struct {
		LeadID int64 `db:"lead_id"`
		Seats  int   `db:"seats"`
	}
	err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT ci.lead_id, SUM(`+seatsOfCircle("n.members")+`) AS seats
		FROM circles ci JOIN (SELECT circle_id, COUNT(*) AS members FROM circle_members WHERE left_at IS NULL GROUP BY circle_id) n
			ON n.circle_id = ci.id
		WHERE ci.status = 'open'`+where+` GROUP BY ci.lead_id`), leads...)
	if err != nil {
		return nil, fmt.Errorf("store: circle seats: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.LeadID] = r.Seats
	}
	return out, nil
}

// seatsOfCircle is the SQL of store.Circle.Seats: the seats circle ci
// takes with members (an SQL expression) in it.
func seatsOfCircle(members string) string {
	return `CASE WHEN ci.seat_cap IS NOT NULL AND ci.seat_cap < ` + members + ` THEN ci.seat_cap ELSE ` + members + ` END`
}

// LeadSeatsSQL is a correlated subquery for other aggregates' SQL (the
// dashboard's waiting reasons): how many seats of their capacity the
// open circles of the lead whose id is leadCol take, as seatsOf counts.
func LeadSeatsSQL(leadCol string) string {
	const n = `(SELECT COUNT(*) FROM circle_members cm WHERE cm.circle_id = ci.id AND cm.left_at IS NULL)`
	return `(SELECT COALESCE(SUM(` + seatsOfCircle(n) + `), 0) FROM circles ci WHERE ci.lead_id = ` + leadCol + ` AND ci.status = 'open')`
}
