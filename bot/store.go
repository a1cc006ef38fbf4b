package bot

import (
	"context"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// Store is what the bot needs from storage. *sqldb.DB implements it.
type Store interface {
	FirstDelivery(ctx context.Context, key string) (bool, error)
	Audit(ctx context.Context, e store.AuditEntry) error

	SaveProfile(ctx context.Context, p store.Profile) (bool, error)
	Participant(ctx context.Context, slackID string) (store.Participant, error)
	StatusOf(ctx context.Context, slackID string) (store.Status, error)
	Pause(ctx context.Context, slackID string, until *time.Time) error
	Resume(ctx context.Context, slackID string) error
	ExportPerson(ctx context.Context, slackID string) (store.Export, error)
	Leave(ctx context.Context, slackID string) (store.Departure, error)
	EraseFromDisk(ctx context.Context) error

	CreateProgram(ctx context.Context, np store.NewProgram) (store.Program, error)
	Programs(ctx context.Context) ([]store.Program, error)
	CloseProgram(ctx context.Context, name string) ([]store.Pairing, error)

	CreatePairing(ctx context.Context, np store.NewPairing) (store.Pairing, error)
	SetPairingIntro(ctx context.Context, id int64, channelID, ts string) error
	ActivePairings(ctx context.Context, slackID string) ([]store.Pairing, error)
	EndPairing(ctx context.Context, a, b, reason string) (store.Pairing, error)

	// Check-ins, feedback and health offers.
	AnswerCheckin(ctx context.Context, checkinID int64, slackID, answer string) (store.CheckinAnswer, error)
	DeliveryByID(ctx context.Context, id int64) (store.Delivery, error)
	SaveFeedback(ctx context.Context, f store.NewFeedback) (bool, error)
	FeedbackGiven(ctx context.Context, pairingID int64, slackID string, slot time.Time) (bool, error)
	PairingByID(ctx context.Context, id int64) (store.Pairing, error)
	EndPairingByID(ctx context.Context, id int64, reason string) (store.Pairing, error)

	// Ownership lookups of the authorization gate (gate_rules.go).
	CheckinByID(ctx context.Context, id int64) (store.Checkin, error)
	RequestByID(ctx context.Context, id int64) (store.Request, error)
	SentMessages(ctx context.Context, f store.SentFilter) ([]store.Delivery, error)

	// Matching, previews and mentor requests.
	Participants(ctx context.Context, program string) ([]store.Participant, error)
	AllActivePairings(ctx context.Context, program string) ([]store.Pairing, error)
	PairHistory(ctx context.Context) (map[[2]string]bool, error)
	MatchFingerprint(ctx context.Context) (string, error)
	SaveProposal(ctx context.Context, program, adminID, fingerprint, body string) (int64, error)
	Proposal(ctx context.Context, id int64) (store.Proposal, error)
	ConfirmProposal(ctx context.Context, id int64, pairs []store.ProposedPair, program string) ([]store.Pairing, error)
	CancelProposal(ctx context.Context, id int64) error
	CreateRequest(ctx context.Context, menteeSlack, mentorSlack string) (store.Request, error)
	DeclinedOrPending(ctx context.Context, menteeSlack string) (map[string]bool, error)
	AcceptRequest(ctx context.Context, id int64, mentorSlack string) (store.Pairing, error)
	DeclineRequest(ctx context.Context, id int64, mentorSlack string) (store.Request, error)

	// Reports.
	ReportData(ctx context.Context, scope report.Scope) (report.Raw, error)
}
