package store

import (
	"fmt"
	"time"
)

// Networking rounds (product.md "Networking rounds"): a channel's series
// of rounds, whose opted-in members are grouped for coffee chats. Members
// need not be participants, so they are named by Slack ID.

// Round series states.
const (
	SeriesActive  = "active"
	SeriesStopped = "stopped"
)

// Round message kinds: a group's introduction and each person's midpoint
// "Did you meet?".
const (
	RoundIntro = "intro"
	RoundAsk   = "ask"
)

// Round answers.
const (
	RoundMet    = "met"
	RoundNotYet = "not_yet"
)

// Bounds of a series' settings.
const (
	MaxRoundEveryWeeks = 12
	MinRoundGroup      = 2
	MaxRoundGroup      = 3
)

// RoundSeries is one channel's rounds.
type RoundSeries struct {
	ID         int64      `db:"id"`
	ChannelID  string     `db:"channel_id"`
	EveryWeeks int        `db:"every_weeks"`
	GroupSize  int        `db:"group_size"`
	Status     string     `db:"status"`
	Anchor     time.Time  `db:"anchor"` // the series' first slot (kept)
	CreatedBy  string     `db:"created_by"`
	CreatedAt  time.Time  `db:"created_at"`
	StoppedAt  *time.Time `db:"stopped_at"`
	// Members counts the active members; Rounds the rounds run.
	Members int `db:"members"`
	Rounds  int `db:"rounds"`
}

// NewRoundSeries is a series to start.
type NewRoundSeries struct {
	ChannelID  string
	EveryWeeks int
	GroupSize  int
	Anchor     time.Time
	CreatedBy  string
}

// Validate checks a series before StartSeries adds it.
func (n NewRoundSeries) Validate() error {
	if n.ChannelID == "" || n.EveryWeeks < 1 || n.EveryWeeks > MaxRoundEveryWeeks ||
		n.GroupSize < MinRoundGroup || n.GroupSize > MaxRoundGroup || n.Anchor.IsZero() {
		return fmt.Errorf("round series %+v: %w", n, ErrInvalid)
	}
	return nil
}

// RoundPerson is one member as the grouping sees them: a participant's
// department, manager, topics and zone; for anyone else just the zone
// Slack gave when they joined.
type RoundPerson struct {
	SlackID      string
	Department   string
	ManagerSlack string
	Timezone     string
	Topics       []string
}

// GroupFunc groups people into groups of size (the last may take one
// more), never putting together two people for whom metRecently is true
// when it can be avoided. It returns the groups (Slack IDs) and how many
// pairs repeat a recent meeting.
type GroupFunc func(people []RoundPerson, size int, metRecently func(a, b string) bool) (groups [][]string, repeats int, err error)

// RoundPlan is one round to run: its series and slot, when its members are
// asked whether they met, and how many past rounds of the series no pair
// should repeat.
type RoundPlan struct {
	SeriesID int64
	Slot     time.Time
	AskAt    time.Time
	Memory   int
}

// RoundRun is what running a round did. Ran is false when the round had
// been run already (by this process or another).
type RoundRun struct {
	RoundID int64
	Ran     bool
	People  int
	Groups  int
	Repeats int
}

// RoundMessage is one row of the rounds' outbox, with what its sender
// needs: the group's members and the series' channel.
type RoundMessage struct {
	ID        int64      `db:"id"`
	GroupID   int64      `db:"group_id"`
	Kind      string     `db:"kind"`
	Recipient string     `db:"recipient"` // "" for a group's introduction
	NotBefore time.Time  `db:"not_before"`
	State     string     `db:"state"`
	Attempts  int        `db:"attempts"`
	ClaimedBy string     `db:"claimed_by"`
	ChannelID string     `db:"channel_id"`
	MessageTS string     `db:"message_ts"`
	LastError string     `db:"last_error"`
	SentAt    *time.Time `db:"sent_at"`
	// Joined.
	RoundID       int64     `db:"round_id"`
	SeriesID      int64     `db:"series_id"`
	SeriesChannel string    `db:"series_channel"`
	Slot          time.Time `db:"slot"`
	Answer        string    `db:"answer"` // the recipient's answer (asks)
	Members       []string  `db:"-"`
}

// RoundOutcome is how a claimed round message ended: sent (where it
// landed), back to pending at NotBefore (it certainly did not go out), or
// failed.
type RoundOutcome struct {
	State     string
	Channel   string
	TS        string
	Why       string
	NotBefore time.Time
	// Counted: a retry that counts as an attempt (not a rate limit).
	Counted bool
}

// RoundCounts are the networking rounds' figures for reports and the
// dashboard: series running now; the rounds from a moment on, their
// people (once per round), groups, groups whose members came from two or
// more known departments, and the "Did you meet?" answers about them.
type RoundCounts struct {
	Series      int `db:"series"`
	Rounds      int `db:"rounds"`
	People      int `db:"people"`
	Groups      int `db:"groups"`
	CrossGroups int `db:"cross_groups"`
	Answers     int `db:"answers"`
	Met         int `db:"met"`
}
