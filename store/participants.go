package store

import (
	"fmt"
	"strings"
	"time"
)

// Roles, statuses and cadences as stored.
const (
	RoleMentor = "mentor"
	RoleMentee = "mentee"
	RoleBoth   = "both"

	StatusActive = "active"
	StatusPaused = "paused"
	StatusLeft   = "left"

	CadenceWeekly   = "weekly"
	CadenceBiweekly = "biweekly"
	CadenceMonthly  = "monthly"
)

// Profile is what a person tells the bot about themselves at sign-up.
type Profile struct {
	SlackID        string
	Name           string
	Role           string
	Teaches        []string
	Learns         []string
	Goals          string
	Department     string
	Seniority      int
	ManagerSlackID string
	Capacity       int
	Cadence        string
	Timezone       string
	// Programs are program names to join (added to existing memberships).
	Programs []string
}

// Participant is a signed-up person with their profile and state.
type Participant struct {
	ID             int64      `db:"id"`
	SlackID        string     `db:"slack_id"`
	Name           string     `db:"name"`
	Role           string     `db:"role"`
	Goals          string     `db:"goals"`
	Department     string     `db:"department"`
	Seniority      int        `db:"seniority"`
	ManagerSlackID string     `db:"manager_slack_id"`
	Capacity       int        `db:"capacity"`
	Cadence        string     `db:"cadence"`
	Timezone       string     `db:"timezone"`
	Status         string     `db:"status"`
	PausedUntil    *time.Time `db:"paused_until"`
	UnreachableAt  *time.Time `db:"unreachable_at"`
	UnreachableWhy string     `db:"unreachable_why"`
	CreatedAt      time.Time  `db:"created_at"`
	UpdatedAt      time.Time  `db:"updated_at"`
	LeftAt         *time.Time `db:"left_at"`
	// DepartedAt is set while a departed person's data waits for the
	// retention job (status is then StatusLeft).
	DepartedAt *time.Time `db:"departed_at"`

	Teaches  []string `db:"-"`
	Learns   []string `db:"-"`
	Programs []string `db:"-"`
	// CircleSeats is how much of Capacity the person's open circles take
	// as their lead (docs/circles.md).
	CircleSeats int `db:"-"`
}

// IsMentor tells whether the person can take mentees.
func (p Participant) IsMentor() bool { return p.Role == RoleMentor || p.Role == RoleBoth }

// IsMentee tells whether the person wants a mentor.
func (p Participant) IsMentee() bool { return p.Role == RoleMentee || p.Role == RoleBoth }

// TopicKey normalises a topic for comparison: trimmed, lower case, inner
// spaces folded.
func TopicKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Validate checks a profile as sign-up and import accept it; a bad field
// is ErrInvalid.
func (p Profile) Validate() error {
	switch {
	case p.SlackID == "":
		return fmt.Errorf("slack id missing: %w", ErrInvalid)
	case p.Role != RoleMentor && p.Role != RoleMentee && p.Role != RoleBoth:
		return fmt.Errorf("role %q: %w", p.Role, ErrInvalid)
	case p.Cadence != CadenceWeekly && p.Cadence != CadenceBiweekly && p.Cadence != CadenceMonthly:
		return fmt.Errorf("cadence %q: %w", p.Cadence, ErrInvalid)
	case p.Seniority < 0 || p.Seniority > 80:
		return fmt.Errorf("seniority %d: %w", p.Seniority, ErrInvalid)
	case p.Capacity < 0 || p.Capacity > 50:
		return fmt.Errorf("capacity %d: %w", p.Capacity, ErrInvalid)
	case p.ManagerSlackID == p.SlackID:
		return fmt.Errorf("own manager: %w", ErrInvalid)
	}
	if _, err := time.LoadLocation(p.Timezone); err != nil || p.Timezone == "" {
		return fmt.Errorf("timezone %q: %w", p.Timezone, ErrInvalid)
	}
	return nil
}
