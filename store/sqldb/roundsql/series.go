package roundsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

const seriesSelect = `SELECT s.id, s.channel_id, s.every_weeks, s.group_size, s.status, s.anchor, s.created_by, s.created_at, s.stopped_at,
	(SELECT COUNT(*) FROM round_members m WHERE m.series_id = s.id AND m.status = 'active') AS members,
	(SELECT COUNT(*) FROM rounds r WHERE r.series_id = s.id) AS rounds
	FROM round_series s`

// StartSeries starts a series on a channel; ErrConflict when the channel
// has one running.
func (s *Store) StartSeries(ctx context.Context, n store.NewRoundSeries) (out store.RoundSeries, err error) {
	if err := n.Validate(); err != nil {
		return out, err
	}
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		var busy int
		if err := tx.GetContext(ctx, &busy, tx.Rebind(`SELECT COUNT(*) FROM round_series WHERE channel_id = ? AND status = 'active'`), n.ChannelID); err != nil {
			return err
		}
		if busy > 0 {
			return fmt.Errorf("rounds already run in %s: %w", n.ChannelID, store.ErrConflict)
		}
		var id int64
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO round_series (channel_id, every_weeks, group_size, status, anchor, created_by, created_at)
			VALUES (?, ?, ?, 'active', ?, ?, ?) RETURNING id`), n.ChannelID, n.EveryWeeks, n.GroupSize, ts(n.Anchor), n.CreatedBy, s.now()); err != nil {
			return err
		}
		return tx.GetContext(ctx, &out, tx.Rebind(seriesSelect+` WHERE s.id = ?`), id)
	})
	if err != nil {
		return store.RoundSeries{}, fmt.Errorf("store: start rounds: %w", err)
	}
	return out, nil
}

// StopSeries stops the channel's running series; its pending messages
// are recorded as missed. false when none runs there.
func (s *Store) StopSeries(ctx context.Context, channelID string) (stopped bool, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		stopped = false
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE round_series SET status = 'stopped', stopped_at = ? WHERE channel_id = ? AND status = 'active'`), s.now(), channelID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		stopped = true
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE round_messages SET state = 'missed', last_error = 'series stopped'
			WHERE state = 'pending' AND group_id IN (SELECT g.id FROM round_groups g JOIN rounds r ON r.id = g.round_id
				JOIN round_series se ON se.id = r.series_id WHERE se.channel_id = ? AND se.status = 'stopped')`), channelID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: stop rounds: %w", err)
	}
	return stopped, nil
}

// ActiveSeries lists the running series, oldest first.
func (s *Store) ActiveSeries(ctx context.Context) (out []store.RoundSeries, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, seriesSelect+` WHERE s.status = 'active' ORDER BY s.id`)
	})
	if err != nil {
		return nil, fmt.Errorf("store: rounds series: %w", err)
	}
	return out, nil
}

// SeriesByChannel is the channel's running series; ErrNotFound when none.
func (s *Store) SeriesByChannel(ctx context.Context, channelID string) (out store.RoundSeries, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &out, tx.Rebind(seriesSelect+` WHERE s.channel_id = ? AND s.status = 'active'`), channelID)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("no rounds in %s: %w", channelID, store.ErrNotFound)
	}
	if err != nil {
		return out, fmt.Errorf("store: rounds series: %w", err)
	}
	return out, nil
}

// SeriesByID is a series, running or stopped; ErrNotFound when none.
func (s *Store) SeriesByID(ctx context.Context, id int64) (out store.RoundSeries, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &out, tx.Rebind(seriesSelect+` WHERE s.id = ?`), id)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("no rounds series %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return out, fmt.Errorf("store: rounds series: %w", err)
	}
	return out, nil
}

// JoinRounds opts a person into a running series (again, after leaving);
// timezone is Slack's, for someone who is not a participant. false when
// they were in already. ErrNotFound when the series is not running.
func (s *Store) JoinRounds(ctx context.Context, seriesID int64, slackID, timezone string) (joined bool, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		joined = false
		if err := activeSeries(ctx, tx, seriesID); err != nil {
			return err
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO round_members (series_id, slack_id, status, timezone, joined_at) VALUES (?, ?, 'active', ?, ?)
			ON CONFLICT (series_id, slack_id) DO UPDATE SET status = 'active', skip_next = 0, timezone = excluded.timezone, joined_at = excluded.joined_at, left_at = NULL
			WHERE round_members.status <> 'active'`), seriesID, slackID, timezone, now)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		joined = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: join rounds: %w", err)
	}
	return joined, nil
}

// LeaveRounds opts a person out of a series; false when they were not in.
func (s *Store) LeaveRounds(ctx context.Context, seriesID int64, slackID string) (bool, error) {
	return s.member(ctx, "leave rounds", `UPDATE round_members SET status = 'left', skip_next = 0, left_at = ?
		WHERE series_id = ? AND slack_id = ? AND status = 'active'`, s.now(), seriesID, slackID)
}

// SkipNextRound makes an active member skip the series' next round only;
// false when they are not a member or skip it already.
func (s *Store) SkipNextRound(ctx context.Context, seriesID int64, slackID string) (bool, error) {
	return s.member(ctx, "skip round", `UPDATE round_members SET skip_next = 1
		WHERE series_id = ? AND slack_id = ? AND status = 'active' AND skip_next = 0`, seriesID, slackID)
}

// RoundsMember tells whether a person is an active member of a series,
// and whether they skip its next round.
func (s *Store) RoundsMember(ctx context.Context, seriesID int64, slackID string) (member, skipping bool, err error) {
	var rows []int
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT skip_next FROM round_members WHERE series_id = ? AND slack_id = ? AND status = 'active'`), seriesID, slackID)
	})
	if err != nil {
		return false, false, fmt.Errorf("store: rounds member: %w", err)
	}
	return len(rows) > 0, len(rows) > 0 && rows[0] != 0, nil
}

func (s *Store) member(ctx context.Context, what, q string, args ...any) (changed bool, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(q), args...)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		changed = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: %s: %w", what, err)
	}
	return changed, nil
}

func activeSeries(ctx context.Context, tx *sqlx.Tx, id int64) error {
	var st []string
	if err := tx.SelectContext(ctx, &st, tx.Rebind(`SELECT status FROM round_series WHERE id = ?`), id); err != nil {
		return err
	}
	if len(st) == 0 || st[0] != store.SeriesActive {
		return fmt.Errorf("rounds series %d is not running: %w", id, store.ErrNotFound)
	}
	return nil
}

// EndMemberships ends every rounds membership of a person who departed
// (store/sqldb's departure runs it in its own transaction) and records
// their pending messages as missed. It returns how many memberships ended.
func EndMemberships(ctx context.Context, tx *sqlx.Tx, slackID string, now time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE round_members SET status = 'left', skip_next = 0, left_at = ? WHERE slack_id = ? AND status = 'active'`), ts(now), slackID)
	if err != nil {
		return 0, fmt.Errorf("store: end rounds memberships: %w", err)
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE round_messages SET state = 'missed', last_error = 'recipient departed'
		WHERE state = 'pending' AND kind = 'ask' AND recipient = ?`), slackID); err != nil {
		return 0, fmt.Errorf("store: end rounds memberships: %w", err)
	}
	return int(n), nil
}

// EndRoundMemberships is EndMemberships in a transaction of its own (the
// directory calls it for people who are not participants).
func (s *Store) EndRoundMemberships(ctx context.Context, slackID string) (n int, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) (err error) { n, err = EndMemberships(ctx, tx, slackID, s.now()); return err })
	return n, err
}
