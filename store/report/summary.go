package report

import "fmt"

// Summary is the short report an admin gets in Slack: the same figures and
// words as the other formats, laid out as a few short fields. The bot only
// turns it into blocks (escaping, mentions), so the wording lives here.
type Summary struct {
	Title  string
	Fields []SummaryField
	// AtRisk lists the first SummaryAtRiskMax at-risk pairings; MoreAtRisk
	// counts the rest.
	AtRisk     []SummaryPair
	MoreAtRisk int
	// Note says what is always shown and what this report hides.
	Note string
}

// SummaryField is a heading and its lines, plain text.
type SummaryField struct {
	Heading string
	Lines   []string
}

// SummaryPair is an at-risk pairing: Slack IDs (the bot mentions them, so
// Slack shows their names), the program and why, in words.
type SummaryPair struct {
	Mentor, Mentee string
	Program        string
	Why            string
}

// SummaryAtRiskMax bounds the at-risk list of the Slack summary; the files
// carry the whole list.
const SummaryAtRiskMax = 10

// Summarise makes the Slack summary of r.
func Summarise(r Report) Summary {
	p, pa, ci, fb := r.Participants, r.Pairings, r.CheckIns, r.Feedback
	avg := decimal(fb.AverageRating, fb.Responses != nil, 2)
	if fb.AverageRating != nil {
		avg += " / 5"
	}
	s := Summary{
		Title: "Program report: " + plain(r.scopeTitle()),
		Fields: []SummaryField{
			{"Participants", []string{
				fmt.Sprintf("%d signed up: %d mentors, %d mentees (%d both)", p.Total, p.Mentors, p.Mentees, p.Both),
				fmt.Sprintf("%d waiting for a mentor, %d paused", p.Waiting, p.Paused),
			}},
			{"Pairings", []string{
				fmt.Sprintf("%d active, %d at risk", pa.Active, pa.AtRisk),
				"median days to a first pairing: " + decimal(pa.MedianDaysToMatch, pa.noMatches, 1),
			}},
			{"Check-ins", []string{
				fmt.Sprintf("%d sent, %d answered", ci.Sent, ci.Answered),
				fmt.Sprintf("%d met (%s of answers)", ci.Met, percent(ci.MetRate, true)),
			}},
			{"Feedback", []string{
				count(fb.Responses) + " ratings counted",
				"average rating: " + avg,
			}},
		},
	}
	for i, a := range r.AtRisk {
		if i == SummaryAtRiskMax {
			s.MoreAtRisk = len(r.AtRisk) - i
			break
		}
		s.AtRisk = append(s.AtRisk, SummaryPair{Mentor: a.Mentor, Mentee: a.Mentee, Program: plain(ProgramInWords(a.Program)), Why: plain(a.Why)})
	}
	s.Note = r.hiddenNote(r.tables()) + " Feedback text never appears in reports."
	return s
}
