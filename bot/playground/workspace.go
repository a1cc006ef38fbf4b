package playground

import (
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/sim"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// Person is a member of the seeded workspace. Department is part of the
// Slack title ("Staff Engineer, Platform"), as many companies write it.
type Person struct {
	ID, Handle, Name, Title, Department, TZ string
	// Profile is what the quick seed types into the sign-up form for this
	// person; nil for people left for the visitor to sign up by hand.
	Profile *Profile
	// Crowd marks the colleagues who fill the departments (crowd.go), as
	// opposed to the named personas the tour talks about; only they may
	// leave the program in the simulation.
	Crowd bool
}

// Profile is a sign-up form as a person would fill it in, by block:
// topics and goals as typed text, role and cadence by option value, the
// manager by user ID.
type Profile struct {
	Role, Teaches, Learns, Goals string
	Seniority, Capacity          int
	Manager, Cadence             string
}

// AdminID is the seeded program admin (MENTORBOT_ADMINS in the
// playground).
const AdminID = "U0HANA"

// Users turns people into fake Slack members, with each zone's UTC offset
// at time at (what users.info reports as tz_offset).
func Users(people []Person, at time.Time) []slackfake.User {
	out := make([]slackfake.User, 0, len(people))
	for _, p := range people {
		offset := 0
		if loc, err := time.LoadLocation(p.TZ); err == nil {
			_, offset = at.In(loc).Zone()
		}
		out = append(out, slackfake.User{ID: p.ID, Name: p.Handle, RealName: p.Name, Title: p.Title, TZ: p.TZ, TZOffset: offset})
	}
	return out
}

// colleagues are the people the simulation plays: everyone the quick seed
// signs up (not the admin, nor the people left for the visitor).
func colleagues(people []Person) []sim.Colleague {
	var out []sim.Colleague
	for _, p := range people {
		if p.Profile != nil {
			out = append(out, sim.Colleague{ID: p.ID, Name: p.Name, MayLeave: p.Crowd})
		}
	}
	return out
}
