package reportsql

import (
	"context"
	"time"

	"github.com/mentorbot/mentorbot/store/report"
)

// WeeksForTest runs the weeks section alone over all time, counting people
// exactly below exactBelow.
func WeeksForTest(ctx context.Context, r Reader, exactBelow int, raw *report.Raw) error {
	q := reportQuery{ctx: ctx, tx: r, params: map[string]any{"since": time.Time{}.UTC(), "pid": int64(0)}, exactBelow: exactBelow}
	return q.weeks(raw, nil)
}
