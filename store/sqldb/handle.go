package sqldb

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
	"github.com/mentorbot/mentorbot/store/sqldb/dashsql"
	"github.com/mentorbot/mentorbot/store/sqldb/feedbacksql"
	"github.com/mentorbot/mentorbot/store/sqldb/goalsql"
	"github.com/mentorbot/mentorbot/store/sqldb/health"
	"github.com/mentorbot/mentorbot/store/sqldb/lifecyclesql"
	"github.com/mentorbot/mentorbot/store/sqldb/outbox"
	"github.com/mentorbot/mentorbot/store/sqldb/roundsql"
)

// The sub-packages' sides of the store, embedded in DB under unexported
// names so that their methods are the DB's and nothing else is.
type (
	outboxDB   = outbox.DB
	healthDB   = health.DB
	dashDB     = dashsql.Store
	lifeDB     = lifecyclesql.Store
	goalDB     = goalsql.DB
	roundsDB   = roundsql.Store
	circleDB   = circlesql.Store
	feedbackDB = feedbacksql.DB
)

// handle lends DB's transactions and clock to the sub-packages
// (outbox.Handle, health.Handle) without making them DB's methods.
type handle struct{ d *DB }

func (h handle) Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error { return h.d.tx(ctx, fn) }
func (h handle) Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error  { return h.d.read(ctx, fn) }
func (h handle) Now() time.Time                                              { return h.d.Now() }
func (h handle) SkipLocked() string                                          { return h.d.eng.skipLocked() }
