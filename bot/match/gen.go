package match

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// GenerateCohort returns a synthetic but realistic cohort for benchmarks
// and load tests: mentees then mentors, deterministic for a seed. Topics
// come from a vocabulary of 60 with skewed popularity (3-6 per person),
// people spread over 12 departments and 10 timezones, mentors have 4-25
// years and capacity 1-5, mentees 0-8 years; about a quarter of the mentees
// report to one of the mentors (a manager pair the matcher must avoid).
func GenerateCohort(seed uint64, mentees, mentors int) []Person {
	rng := rand.New(rand.NewPCG(seed, 0x6d656e746f72))
	genTopics, genGoals, genDepartments, genZones := genVocab()
	pickTopics := func() []string {
		n := 3 + rng.IntN(4)
		seen := map[int]bool{}
		var out []string
		for len(out) < n {
			// Skewed popularity: low indexes are picked far more often.
			i := int(float64(len(genTopics)) * rng.Float64() * rng.Float64())
			if !seen[i] {
				seen[i] = true
				out = append(out, genTopics[i])
			}
		}
		return out
	}
	goals := func() string {
		n := 1 + rng.IntN(3)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = genGoals[rng.IntN(len(genGoals))]
		}
		return strings.Join(parts, "; ")
	}
	tz := func() string {
		// The first zones are the big offices.
		return genZones[int(float64(len(genZones))*rng.Float64()*rng.Float64())]
	}
	people := make([]Person, 0, mentees+mentors)
	for i := range mentors {
		people = append(people, Person{
			ID:         fmt.Sprintf("UM%06d", i),
			Name:       fmt.Sprintf("Mentor %d", i),
			Role:       RoleMentor,
			Teaches:    pickTopics(),
			Goals:      goals(),
			Department: genDepartments[rng.IntN(len(genDepartments))],
			Seniority:  4 + rng.IntN(22),
			Capacity:   1 + rng.IntN(5),
			TZ:         tz(),
			Available:  true,
		})
	}
	for i := range mentees {
		p := Person{
			ID:         fmt.Sprintf("UE%06d", i),
			Name:       fmt.Sprintf("Mentee %d", i),
			Role:       RoleMentee,
			Learns:     pickTopics(),
			Goals:      goals(),
			Department: genDepartments[rng.IntN(len(genDepartments))],
			Seniority:  rng.IntN(9),
			TZ:         tz(),
			Available:  true,
		}
		if mentors > 0 && rng.IntN(4) == 0 {
			p.ManagerID = people[rng.IntN(mentors)].ID
		}
		people = append(people, p)
	}
	return people
}

// genVocab is the generator's vocabulary, built per call (no package state).
func genVocab() (topics, goals, departments, zones []string) {
	topics = []string{
		"Go", "Kubernetes", "Python", "SQL", "React", "TypeScript", "AWS", "System Design",
		"Public Speaking", "Leadership", "Career Growth", "Product Management", "Machine Learning",
		"Data Engineering", "Docker", "Terraform", "Security", "Observability", "Java", "Kotlin",
		"Swift", "Rust", "C++", "Testing", "Code Review", "Negotiation", "Hiring", "Writing",
		"Design Systems", "UX Research", "Accessibility", "GraphQL", "PostgreSQL", "Kafka",
		"Distributed Systems", "Incident Response", "SRE", "Networking", "Linux", "Git",
		"Agile", "Stakeholder Management", "Finance Basics", "Sales Engineering", "Marketing Analytics",
		"Data Visualization", "Statistics", "Experimentation", "Mobile", "Android", "iOS",
		"Frontend Performance", "Backend Architecture", "API Design", "Cloud Cost", "Compliance",
		"Privacy", "Mentoring", "Time Management", "Remote Work",
	}
	goals = []string{
		"become a tech lead", "get promoted to senior engineer", "improve public speaking",
		"build confidence in design reviews", "move into management", "learn the business side",
		"grow my network across teams", "balance work and family", "give better feedback",
		"write clearer documents", "understand architecture trade-offs", "prepare for on-call",
		"switch to data science", "lead a cross-team project", "become a better mentor",
		"negotiate a raise", "handle conflict calmly", "ship faster with quality",
		"learn product thinking", "speak at a conference", "open source contribution",
		"deepen security knowledge", "improve estimation", "build a career plan",
		"work-life balance", "inclusive leadership", "customer empathy", "strategic thinking",
	}
	departments = []string{
		"Engineering", "Product", "Design", "Data", "Sales", "Marketing", "Finance",
		"People", "Legal", "Support", "Operations", "Security",
	}
	zones = []string{
		"Europe/Berlin", "America/New_York", "Europe/London", "America/Los_Angeles",
		"Asia/Kolkata", "America/Sao_Paulo", "Asia/Tokyo", "Australia/Sydney",
		"Asia/Singapore", "America/Chicago",
	}
	return topics, goals, departments, zones
}
