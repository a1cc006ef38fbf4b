package dashsql

import (
	"context"
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

// Store is the dashboard's and the digest's storage over a Runner;
// sqldb.DB embeds it, so its methods are the DB's.
type Store struct{ db Runner }

// New is the dashboard's store over db.
func New(db Runner) *Store { return &Store{db: db} }

// DashboardData reads the dashboard at now as the admin viewer sees it.
func (s *Store) DashboardData(ctx context.Context, now time.Time, viewer string, lim store.DashboardLimits) (out store.Dashboard, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) (err error) { out, err = Dashboard(ctx, tx, now, viewer, lim); return err })
	return out, err
}

// DigestFigures reads the weekly digest's numbers since a moment.
func (s *Store) DigestFigures(ctx context.Context, since time.Time, viewer string) (out store.DigestFigures, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) (err error) { out, err = Digest(ctx, tx, since, viewer); return err })
	return out, err
}

// MarkHandled takes a pairing off *Needs attention* (see MarkHandled).
func (s *Store) MarkHandled(ctx context.Context, pairingID int64, admin string) error {
	return s.db.Write(ctx, func(tx *sqlx.Tx) error { return MarkHandled(ctx, tx, pairingID, admin, s.db.Now()) })
}

// MarkCircleHandled takes a circle off *Needs attention* (see
// MarkCircleHandled).
func (s *Store) MarkCircleHandled(ctx context.Context, circleID int64, admin string) error {
	return s.db.Write(ctx, func(tx *sqlx.Tx) error { return MarkCircleHandled(ctx, tx, circleID, admin, s.db.Now()) })
}

// PlanDigests adds the pending digests of a slot (see PlanDigests).
func (s *Store) PlanDigests(ctx context.Context, admins []string, slot time.Time) (n int, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) (err error) { n, err = PlanDigests(ctx, tx, admins, slot, s.db.Now()); return err })
	return n, err
}

// PendingDigests lists the digests waiting to be sent.
func (s *Store) PendingDigests(ctx context.Context) (out []store.DigestRow, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) (err error) { out, err = PendingDigests(ctx, tx); return err })
	return out, err
}

// ClaimDigest claims a pending digest for worker.
func (s *Store) ClaimDigest(ctx context.Context, admin string, slot time.Time, worker string) (ok bool, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) (err error) {
		ok, err = ClaimDigest(ctx, tx, admin, slot, worker, s.db.Now())
		return err
	})
	return ok, err
}

// FinishDigest records a claimed digest's outcome.
func (s *Store) FinishDigest(ctx context.Context, admin string, slot time.Time, worker, state, channel, ts, why string) error {
	o := DigestOutcome{State: state, Channel: channel, TS: ts, Why: why}
	return s.db.Write(ctx, func(tx *sqlx.Tx) error { return FinishDigest(ctx, tx, admin, slot, worker, o, s.db.Now()) })
}

// MarkDigestPosting records that worker is about to post its claimed digest.
func (s *Store) MarkDigestPosting(ctx context.Context, admin string, slot time.Time, worker string) error {
	return s.db.Write(ctx, func(tx *sqlx.Tx) error { return MarkDigestPosting(ctx, tx, admin, slot, worker, s.db.Now()) })
}

// SettleStaleDigests resolves the digests left in sending by a sender that
// stopped: those claimed before unposted that never reached Slack go back
// to pending; those claimed before dead that may have reached it fail.
func (s *Store) SettleStaleDigests(ctx context.Context, unposted, dead time.Time) (released, failed int, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) (err error) {
		if released, err = ReleaseUnpostedDigests(ctx, tx, unposted); err != nil {
			return err
		}
		failed, err = FailDeadDigests(ctx, tx, dead)
		return err
	})
	return released, failed, err
}
