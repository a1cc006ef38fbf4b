package store

import "time"

// ExportFormat names the layout of Export (docs/export.md); it changes
// when a field changes meaning or goes away.
const ExportFormat = "mentorbot-export/1"

// Export is everything stored about one person, and only what concerns them
// as themself (product.md, "Confidentiality and data rights"): nothing
// derived from a partner's answers. These types exist for the export alone,
// so a new domain field never reaches the file unreviewed. docs/export.md
// documents every field. Lists are never null; a time that has not happened
// is null; absent text is "".
type Export struct {
	Format       string             `json:"format"`
	ExportedAt   time.Time          `json:"exported_at"`
	Profile      ExportProfile      `json:"profile"`
	Pairings     []ExportPairing    `json:"pairings"`
	CheckIns     []ExportCheckIn    `json:"check_ins"`
	Feedback     []ExportFeedback   `json:"feedback"`
	Deliveries   []ExportDelivery   `json:"messages_sent"`
	Requests     []ExportRequest    `json:"mentor_requests"`
	AuditEntries []ExportAuditEntry `json:"audit_entries"`
	// Mentoring circles (docs/circles.md): the person's own rows only.
	Circles        []ExportCircle         `json:"circles"`
	CircleCheckIns []ExportCircleCheckIn  `json:"circle_check_ins"`
	CircleFeedback []ExportCircleFeedback `json:"circle_feedback"`
	// Goals of my pairings (shared within each pair) and my own fit
	// answers (issue 15).
	PairingGoals []ExportGoal      `json:"pairing_goals"`
	FitAnswers   []ExportFitAnswer `json:"fit_answers"`
	// Networking rounds (docs/rounds.md): the series I joined and the
	// rounds I was grouped in, with my own answers only.
	RoundsSeries []ExportRoundsSeries `json:"rounds_series"`
	RoundsGroups []ExportRoundsGroup  `json:"rounds_groups"`
}

// ExportRoundsSeries is my membership of one channel's networking rounds.
type ExportRoundsSeries struct {
	SeriesID      int64      `db:"series_id" json:"series_id"`
	ChannelID     string     `db:"channel_id" json:"channel_id"`
	EveryWeeks    int        `db:"every_weeks" json:"every_weeks"`
	GroupSize     int        `db:"group_size" json:"group_size"`
	SeriesStatus  string     `db:"series_status" json:"series_status"`
	MyStatus      string     `db:"my_status" json:"my_status"`
	SkipNextRound bool       `db:"skip_next" json:"skip_next_round"`
	Timezone      string     `db:"timezone" json:"timezone"`
	JoinedAt      time.Time  `db:"joined_at" json:"joined_at"`
	LeftAt        *time.Time `db:"left_at" json:"left_at"`
}

// ExportRoundsGroup is one round I was grouped in: who with (only once
// the group DM introduced us), my own "Did you meet?" answer, never
// anyone else's.
type ExportRoundsGroup struct {
	GroupID     int64      `db:"group_id" json:"-"`
	SeriesID    int64      `db:"series_id" json:"series_id"`
	ChannelID   string     `db:"channel_id" json:"channel_id"`
	RoundDate   time.Time  `db:"slot" json:"round_date"`
	Introduced  bool       `db:"introduced" json:"introduced"`
	GroupedWith []string   `db:"-" json:"grouped_with"`
	AskedAt     *time.Time `db:"asked_at" json:"asked_at"`
	MyAnswer    string     `db:"answer" json:"my_answer"`
	AnsweredAt  *time.Time `db:"answered_at" json:"answered_at"`
}

// ExportGoal is one goal of one of my pairings: the mentee wrote it, both
// people see it.
type ExportGoal struct {
	PairingID  int64     `db:"pairing_id" json:"pairing_id"`
	Position   int       `db:"position" json:"position"`
	Text       string    `db:"text" json:"text"`
	TargetDate string    `db:"target_date" json:"target_date"`
	Status     string    `db:"status" json:"status"`
	UpdatedAt  time.Time `db:"updated_at" json:"updated_at"`
}

// ExportFitAnswer is my own answer to a fit pulse (never the partner's).
type ExportFitAnswer struct {
	PairingID  int64     `db:"pairing_id" json:"pairing_id"`
	Answer     string    `db:"answer" json:"answer"`
	AnsweredAt time.Time `db:"answered_at" json:"answered_at"`
}

// ExportProfile is the person's own profile.
type ExportProfile struct {
	SlackID           string     `db:"slack_id" json:"slack_id"`
	Name              string     `db:"name" json:"name"`
	Role              string     `db:"role" json:"role"`
	Teaches           []string   `db:"-" json:"teaches"`
	Learns            []string   `db:"-" json:"learns"`
	Goals             string     `db:"goals" json:"goals"`
	Department        string     `db:"department" json:"department"`
	SeniorityYears    int        `db:"seniority" json:"seniority_years"`
	ManagerSlackID    string     `db:"manager_slack_id" json:"manager_slack_id"`
	MenteeCapacity    int        `db:"capacity" json:"mentee_capacity"`
	Cadence           string     `db:"cadence" json:"cadence"`
	Timezone          string     `db:"timezone" json:"timezone"`
	Programs          []string   `db:"-" json:"programs"`
	Status            string     `db:"status" json:"status"`
	PausedUntil       *time.Time `db:"paused_until" json:"paused_until"`
	UnreachableSince  *time.Time `db:"unreachable_at" json:"unreachable_since"`
	UnreachableReason string     `db:"unreachable_why" json:"unreachable_reason"`
	SignedUpAt        time.Time  `db:"created_at" json:"signed_up_at"`
	UpdatedAt         time.Time  `db:"updated_at" json:"updated_at"`
}

// ExportPairing is one of the person's pairings: who with, when, whether
// it is active. Never a reason (at risk, ended because): those can come
// from the partner's answers.
type ExportPairing struct {
	PairingID      int64      `db:"id" json:"pairing_id"`
	Program        string     `db:"program" json:"program"`
	MyRole         string     `db:"my_role" json:"my_role"`
	PartnerSlackID string     `db:"partner_slack_id" json:"partner_slack_id"`
	PartnerName    string     `db:"partner_name" json:"partner_name"`
	PartnerLeft    bool       `db:"partner_left" json:"partner_left"`
	Status         string     `db:"status" json:"status"`
	StartedAt      time.Time  `db:"started_at" json:"started_at"`
	EndedAt        *time.Time `db:"ended_at" json:"ended_at"`
}

// ExportCheckIn is one check-in the person was asked, with their own answer.
type ExportCheckIn struct {
	PairingID  int64      `db:"pairing_id" json:"pairing_id"`
	Slot       time.Time  `db:"slot" json:"slot"`
	SentAt     *time.Time `db:"sent_at" json:"sent_at"`
	RemindedAt *time.Time `db:"reminded_at" json:"reminded_at"`
	Answer     string     `db:"answer" json:"answer"`
	AnsweredAt *time.Time `db:"answered_at" json:"answered_at"`
}

// ExportFeedback is feedback the person gave (their own words only).
type ExportFeedback struct {
	PairingID int64     `db:"pairing_id" json:"pairing_id"`
	Slot      time.Time `db:"slot" json:"slot"`
	Rating    int       `db:"rating" json:"rating"`
	WentWell  string    `db:"went_well" json:"went_well"`
	ToChange  string    `db:"to_change" json:"to_change"`
	Progress  string    `db:"progress" json:"progress"`
	GivenAt   time.Time `db:"created_at" json:"given_at"`
}

// ExportDelivery is a message the bot sent the person (or has planned, or
// gave up on) on its own.
type ExportDelivery struct {
	Kind      string     `db:"kind" json:"kind"`
	PairingID *int64     `db:"pairing_id" json:"pairing_id"`
	Slot      time.Time  `db:"slot" json:"slot"`
	State     string     `db:"state" json:"state"`
	SentAt    *time.Time `db:"sent_at" json:"sent_at"`
}

// ExportRequest is a mentor request the person made (as mentee) or
// received (as mentor).
type ExportRequest struct {
	Direction    string     `db:"direction" json:"direction"`
	OtherSlackID string     `db:"other_slack_id" json:"other_slack_id"`
	OtherName    string     `db:"other_name" json:"other_name"`
	Status       string     `db:"status" json:"status"`
	CreatedAt    time.Time  `db:"created_at" json:"created_at"`
	DecidedAt    *time.Time `db:"decided_at" json:"decided_at"`
}

// ExportAuditEntry is an audit entry naming the person, as actor or in
// its target.
type ExportAuditEntry struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Target  string    `json:"target"`
	Outcome string    `json:"outcome"`
	Detail  string    `json:"detail"`
}

// ExportCircle is one stay of the person in a circle, as its lead or a
// member (never who else was in it or what they answered).
type ExportCircle struct {
	CircleID int64      `db:"circle_id" json:"circle_id"`
	Name     string     `db:"name" json:"name"`
	Topic    string     `db:"topic" json:"topic"`
	MyRole   string     `db:"my_role" json:"my_role"`
	Status   string     `db:"status" json:"status"`
	JoinedAt time.Time  `db:"joined_at" json:"joined_at"`
	LeftAt   *time.Time `db:"left_at" json:"left_at"`
}

// ExportCircleCheckIn is one circle check-in sent to the person.
type ExportCircleCheckIn struct {
	CircleID   int64      `db:"circle_id" json:"circle_id"`
	Slot       time.Time  `db:"slot" json:"slot"`
	SentAt     *time.Time `db:"sent_at" json:"sent_at"`
	RemindedAt *time.Time `db:"reminded_at" json:"reminded_at"`
	Answer     string     `db:"answer" json:"answer"`
	AnsweredAt *time.Time `db:"answered_at" json:"answered_at"`
}

// ExportCircleFeedback is the person's own feedback on a circle.
type ExportCircleFeedback struct {
	CircleID int64     `db:"circle_id" json:"circle_id"`
	Slot     time.Time `db:"slot" json:"slot"`
	Rating   int       `db:"rating" json:"rating"`
	WentWell string    `db:"went_well" json:"went_well"`
	ToChange string    `db:"to_change" json:"to_change"`
	GivenAt  time.Time `db:"created_at" json:"given_at"`
}
