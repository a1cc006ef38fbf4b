package bot

import (
	"context"

	"github.com/mentorbot/mentorbot/store"
)

// Store is what the core needs from storage: delivery keys for
// deduplication, and the audit log of refusals and admin actions. Each
// capability declares its own narrow store; *sqldb.DB implements them all.
type Store interface {
	FirstDelivery(ctx context.Context, key string) (bool, error)
	Audit(ctx context.Context, e store.AuditEntry) error
}
