package playground

import (
	"strings"
)

// The crowd fills the personas' departments so that a report has
// departments to show (the minimum group hides any smaller than five):
// forty-one more colleagues, each a line of crowdRows.
//
// Nobody lives east of UTC+10 (Brisbane, not Sydney, has no summer time):
// a Monday 10:00 slot there falls on Sunday in UTC, in the ISO week
// before everyone else's, and a week of one or two people is hidden by
// the minimum group, which hides a neighbouring week with it.

// crowdRow is one colleague: who they are and the sign-up form they fill.
// For a mentee, topics are what they want to learn; for a mentor, what
// they teach; for "both", learns holds what they want to learn.
type crowdRow struct {
	handle, name, job, dept, tz string
	role, topics, learns        string
	years, capacity             int
	cadence, manager            string
}

var crowdRows = []crowdRow{
	// Platform
	{"bruno", "Bruno Costa", "Senior SRE", "Platform", "Europe/Lisbon", "mentor", "Kubernetes, observability, Go", "", 9, 2, "weekly", ""},
	{"ingrid", "Ingrid Hansen", "Platform Engineer", "Platform", "Europe/Oslo", "mentee", "system design, Kubernetes, public speaking", "", 3, 0, "weekly", "hannah"},
	{"kwame", "Kwame Asante", "Infrastructure Engineer", "Platform", "Africa/Accra", "mentee", "Go, observability, career growth", "", 2, 0, "weekly", ""},
	{"lucia", "Lucía Fernández", "Staff Engineer", "Platform", "Europe/Madrid", "both", "system design, Go, writing", "leadership, hiring", 11, 1, "weekly", ""},
	{"arjun", "Arjun Mehta", "DevOps Engineer", "Platform", "Asia/Kolkata", "mentee", "Kubernetes, security, leadership", "", 4, 0, "biweekly", ""},
	{"hannah", "Hannah Becker", "Engineering Manager", "Platform", "Europe/Berlin", "mentor", "leadership, hiring, career growth", "", 13, 2, "weekly", ""},
	// Payments
	{"yusuf", "Yusuf Demir", "Senior Backend Engineer", "Payments", "Europe/Istanbul", "mentor", "Go, payments, system design", "", 10, 2, "weekly", ""},
	{"camila", "Camila Rojas", "Software Engineer", "Payments", "America/Santiago", "mentee", "Go, payments, testing", "", 1, 0, "weekly", "samuel"},
	{"noah", "Noah Williams", "Backend Engineer", "Payments", "America/Chicago", "mentee", "system design, observability, career growth", "", 3, 0, "weekly", ""},
	{"aiko", "Aiko Tanaka", "Payments Analyst", "Payments", "Asia/Tokyo", "mentee", "SQL, data analysis, negotiation", "", 2, 0, "biweekly", ""},
	{"samuel", "Samuel Okoro", "Tech Lead", "Payments", "Africa/Lagos", "mentor", "payments, leadership, testing", "", 12, 2, "weekly", ""},
	{"freya", "Freya Nilsen", "QA Engineer", "Payments", "Europe/Copenhagen", "mentee", "testing, Go, public speaking", "", 2, 0, "weekly", ""},
	// Data
	{"mateo", "Mateo Gómez", "Data Engineer", "Data", "America/Argentina/Buenos_Aires", "mentor", "SQL, data analysis, Go", "", 8, 2, "weekly", ""},
	{"zara", "Zara Ahmed", "Machine Learning Engineer", "Data", "Asia/Karachi", "mentor", "machine learning, data analysis, writing", "", 9, 2, "weekly", ""},
	{"liam", "Liam O'Connor", "Junior Data Analyst", "Data", "Europe/Dublin", "mentee", "SQL, data analysis, public speaking", "", 1, 0, "weekly", ""},
	{"mei", "Mei Chen", "Data Scientist", "Data", "Asia/Shanghai", "both", "machine learning, SQL", "leadership, public speaking", 6, 1, "weekly", ""},
	{"olga", "Olga Ivanova", "Analytics Engineer", "Data", "Europe/Helsinki", "mentee", "machine learning, system design, career growth", "", 3, 0, "weekly", ""},
	{"daniel", "Daniel Levi", "Data Analyst", "Data", "Asia/Jerusalem", "mentee", "machine learning, data analysis, writing", "", 2, 0, "biweekly", ""},
	{"sipho", "Sipho Dlamini", "Head of Data", "Data", "Africa/Johannesburg", "mentor", "leadership, machine learning, hiring", "", 15, 2, "weekly", ""},
	{"ana", "Ana Souza", "BI Developer", "Data", "America/Sao_Paulo", "mentee", "SQL, data analysis, product strategy", "", 2, 0, "weekly", ""},
	// Mobile
	{"jonas", "Jonas Weber", "Senior iOS Engineer", "Mobile", "Europe/Zurich", "mentor", "mobile, testing, accessibility", "", 9, 2, "weekly", ""},
	{"lakshmi", "Lakshmi Iyer", "Android Engineer", "Mobile", "Asia/Kolkata", "mentee", "mobile, system design, career growth", "", 2, 0, "weekly", "soyeon"},
	{"ethan", "Ethan Clarke", "Mobile Engineer", "Mobile", "Australia/Brisbane", "mentee", "mobile, testing, public speaking", "", 1, 0, "weekly", ""},
	{"soyeon", "So-yeon Park", "Mobile Lead", "Mobile", "Asia/Seoul", "mentor", "mobile, leadership, career growth", "", 12, 2, "weekly", ""},
	{"rafael", "Rafael Mendes", "Android Engineer", "Mobile", "Europe/Lisbon", "mentee", "mobile, Go, testing", "", 3, 0, "biweekly", ""},
	{"emma", "Emma Dubois", "Mobile QA Engineer", "Mobile", "Europe/Paris", "mentee", "testing, mobile, writing", "", 2, 0, "weekly", ""},
	{"tariq", "Tariq Hassan", "Staff Mobile Engineer", "Mobile", "Asia/Dubai", "both", "mobile, system design", "leadership, hiring", 10, 1, "weekly", ""},
	// Design
	{"isabel", "Isabel Navarro", "Design Director", "Design", "Europe/Madrid", "mentor", "design systems, UX research, leadership", "", 14, 2, "weekly", ""},
	{"kofi", "Kofi Mensah", "Product Designer", "Design", "Africa/Accra", "mentee", "design systems, public speaking, product strategy", "", 2, 0, "weekly", ""},
	{"yuki", "Yuki Sato", "UX Writer", "Design", "Asia/Tokyo", "mentee", "writing, UX research, career growth", "", 3, 0, "biweekly", ""},
	{"olivia", "Olivia Walsh", "Senior Product Designer", "Design", "America/New_York", "mentor", "UX research, accessibility, writing", "", 9, 2, "weekly", ""},
	{"pablo", "Pablo Ortiz", "Junior Designer", "Design", "America/Mexico_City", "mentee", "design systems, accessibility, UX research", "", 0, 0, "weekly", ""},
	{"nora", "Nora Lindgren", "Design Researcher", "Design", "Europe/Stockholm", "both", "UX research, data analysis", "leadership, public speaking", 7, 1, "weekly", ""},
	{"ravi", "Ravi Kumar", "Visual Designer", "Design", "Asia/Singapore", "mentee", "design systems, product strategy, negotiation", "", 4, 0, "monthly", ""},
	// Web
	{"sara", "Sara Rossi", "Frontend Lead", "Web", "Europe/Rome", "mentor", "frontend, accessibility, leadership", "", 11, 2, "weekly", ""},
	{"jack", "Jack Taylor", "Frontend Engineer", "Web", "Europe/London", "mentee", "frontend, testing, system design", "", 2, 0, "weekly", "sara"},
	{"fatou", "Fatou Diallo", "Web Developer", "Web", "Africa/Dakar", "mentee", "frontend, Go, career growth", "", 1, 0, "weekly", ""},
	{"minh", "Minh Nguyen", "Senior Frontend Engineer", "Web", "Asia/Ho_Chi_Minh", "both", "frontend, testing", "leadership, public speaking", 8, 1, "weekly", ""},
	{"lena", "Lena Vogel", "Full-stack Engineer", "Web", "Europe/Vienna", "mentee", "system design, frontend, negotiation", "", 3, 0, "weekly", ""},
	{"carlos", "Carlos Mendoza", "Staff Engineer", "Web", "America/Lima", "mentor", "frontend, system design, career growth", "", 13, 2, "weekly", ""},
	{"aisha", "Aisha Bello", "Web Developer", "Web", "Africa/Lagos", "mentee", "accessibility, frontend, writing", "", 2, 0, "biweekly", ""},
}

// Goals, dealt round-robin: what people write in the form's goals field.
var (
	mentorGoals = []string{
		"Pass on what I learned the hard way.",
		"Help newer colleagues grow into senior roles.",
		"Give back, and get better at coaching.",
		"Share my craft with people outside my team.",
	}
	menteeGoals = []string{
		"Grow into a senior role within two years.",
		"Present my work with confidence.",
		"Learn how other teams work and decide.",
		"Lead a project of my own this year.",
		"Find my feet in my new role.",
	}
)

// crowdID is a crowd member's Slack user ID.
func crowdID(handle string) string { return "U0" + strings.ToUpper(handle) }

// crowd is the colleagues of crowdRows as workspace members.
func crowd() []Person {
	out := make([]Person, 0, len(crowdRows))
	for i, r := range crowdRows {
		pr := &Profile{Role: r.role, Seniority: r.years, Capacity: r.capacity, Cadence: r.cadence}
		switch r.role {
		case "mentee":
			pr.Learns, pr.Goals = r.topics, menteeGoals[i%len(menteeGoals)]
		case "mentor":
			pr.Teaches, pr.Goals = r.topics, mentorGoals[i%len(mentorGoals)]
		default:
			pr.Teaches, pr.Learns, pr.Goals = r.topics, r.learns, mentorGoals[i%len(mentorGoals)]
		}
		if r.manager != "" {
			pr.Manager = crowdID(r.manager)
		}
		out = append(out, Person{ID: crowdID(r.handle), Handle: r.handle, Name: r.name, Title: r.job + ", " + r.dept,
			Department: r.dept, TZ: r.tz, Profile: pr, Crowd: true})
	}
	return out
}
