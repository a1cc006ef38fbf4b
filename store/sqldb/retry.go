package sqldb

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/mentorbot/mentorbot/store/sqldb/postgres"
)

// maxTxAttempts bounds how often a transaction runs again on PostgreSQL
// (serialization failures under contention, a restarting database): about
// six seconds of pauses in all before the error is returned.
const maxTxAttempts = 12

// retryPause is the pause before attempt+1: growing, jittered so that
// replicas that collided do not collide again, at most one second.
func retryPause(attempt int) time.Duration {
	base := min(time.Duration(1<<min(attempt, 10))*5*time.Millisecond, time.Second)
	return base/2 + rand.N(base/2+1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// isSerializationFailure: PostgreSQL refused to commit; nothing was written.
func isSerializationFailure(err error) bool { return postgres.SerializationFailure(err) }
