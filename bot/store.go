package bot

import (
	"context"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Store is what the bot needs from storage. *store.DB implements it.
type Store interface {
	FirstDelivery(ctx context.Context, key string) (bool, error)
	Audit(ctx context.Context, e store.AuditEntry) error

	SaveProfile(ctx context.Context, p store.Profile) (bool, error)
	Participant(ctx context.Context, slackID string) (store.Participant, error)
	StatusOf(ctx context.Context, slackID string) (store.Status, error)
	Pause(ctx context.Context, slackID string, until *time.Time) error
	Resume(ctx context.Context, slackID string) error
	ExportPerson(ctx context.Context, slackID string) (store.Export, error)
	Leave(ctx context.Context, slackID string) ([]store.Pairing, error)

	CreateProgram(ctx context.Context, np store.NewProgram) (store.Program, error)
	Programs(ctx context.Context) ([]store.Program, error)
	CloseProgram(ctx context.Context, name string) ([]store.Pairing, error)

	CreatePairing(ctx context.Context, np store.NewPairing) (store.Pairing, error)
	SetPairingChannel(ctx context.Context, id int64, channelID string) error
	ActivePairings(ctx context.Context, slackID string) ([]store.Pairing, error)
	EndPairing(ctx context.Context, a, b, reason string) (store.Pairing, error)
}
