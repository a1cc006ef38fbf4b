package playground

// People is the seeded workspace: the named personas and the colleagues
// who fill their departments (61 people, six departments of nine and a
// few small teams), one program admin (HR), nobody signed up yet.
func People() []Person {
	return append(personas(), crowd()...)
}

// personas are the named people of the tour: twenty colleagues on six
// continents, one of them the program admin (HR).
func personas() []Person {
	mentor := func(teaches, goals string, years, capacity int, cadence string) *Profile {
		return &Profile{Role: "mentor", Teaches: teaches, Goals: goals, Seniority: years, Capacity: capacity, Cadence: cadence}
	}
	mentee := func(learns, goals string, years int, manager, cadence string) *Profile {
		return &Profile{Role: "mentee", Learns: learns, Goals: goals, Seniority: years, Manager: manager, Cadence: cadence}
	}
	both := func(teaches, learns, goals string, years, capacity int, cadence string) *Profile {
		return &Profile{Role: "both", Teaches: teaches, Learns: learns, Goals: goals, Seniority: years, Capacity: capacity, Cadence: cadence}
	}
	return []Person{
		{ID: AdminID, Handle: "hana", Name: "Hana Okafor", Title: "People Programs Lead, HR", Department: "HR", TZ: "Europe/Berlin"},
		{ID: "U0ADA", Handle: "ada", Name: "Ada Lindqvist", Title: "Principal Engineer, Platform", Department: "Platform", TZ: "Europe/Stockholm",
			Profile: mentor("Go, Kubernetes, system design, career growth", "Help engineers grow into senior and staff roles.", 15, 2, "weekly")},
		{ID: "U0MARCUS", Handle: "marcus", Name: "Marcus Reid", Title: "Engineering Manager, Payments", Department: "Payments", TZ: "America/New_York",
			Profile: mentor("leadership, hiring, career growth, negotiation", "Share what I learned becoming a manager.", 12, 2, "biweekly")},
		{ID: "U0PRIYA", Handle: "priya", Name: "Priya Raman", Title: "Senior Data Scientist, Data", Department: "Data", TZ: "Asia/Kolkata",
			Profile: both("machine learning, SQL, data analysis", "public speaking, leadership", "Mentor analysts; learn to lead a team.", 8, 1, "biweekly")},
		{ID: "U0KENJI", Handle: "kenji", Name: "Kenji Watanabe", Title: "Staff Engineer, Mobile", Department: "Mobile", TZ: "Asia/Tokyo",
			Profile: mentor("mobile, testing, system design", "Pass on mobile craft across time zones.", 14, 2, "weekly")},
		{ID: "U0SOFIA", Handle: "sofia", Name: "Sofía Herrera", Title: "Product Designer, Design", Department: "Design", TZ: "America/Mexico_City",
			Profile: mentee("UX research, product strategy, public speaking", "Present my design work with confidence.", 3, "", "weekly")},
		{ID: "U0LEO", Handle: "leo", Name: "Leo Fischer", Title: "Software Engineer, Payments", Department: "Payments", TZ: "Europe/Berlin",
			Profile: mentee("Go, system design, career growth", "Become a senior engineer within two years.", 2, "U0MARCUS", "weekly")},
		{ID: "U0AMARA", Handle: "amara", Name: "Amara Nwosu", Title: "Head of Customer Success, Support", Department: "Support", TZ: "Africa/Lagos",
			Profile: mentor("customer empathy, leadership, negotiation, public speaking", "Grow the next generation of leaders.", 16, 3, "monthly")},
		{ID: "U0TOMAS", Handle: "tomas", Name: "Tomás Silva", Title: "Junior Developer, Web", Department: "Web", TZ: "America/Sao_Paulo"},
		{ID: "U0GRACE", Handle: "grace", Name: "Grace Kim", Title: "Product Manager, Growth", Department: "Growth", TZ: "America/Los_Angeles",
			Profile: both("product strategy, writing", "negotiation, data analysis", "Mentor new PMs; get sharper with data.", 7, 1, "biweekly")},
		{ID: "U0WEI", Handle: "wei", Name: "Wei Zhang", Title: "Site Reliability Engineer, Platform", Department: "Platform", TZ: "Asia/Singapore",
			Profile: mentee("Kubernetes, leadership, public speaking", "Lead incident reviews and speak at a meetup.", 4, "U0RAJ", "weekly")},
		{ID: "U0FATIMA", Handle: "fatima", Name: "Fatima Al-Sayed", Title: "Security Engineer, Security", Department: "Security", TZ: "Asia/Dubai",
			Profile: mentor("security, Go, career growth", "Make security everyone's skill.", 10, 2, "biweekly")},
		{ID: "U0OLIVER", Handle: "oliver", Name: "Oliver Brown", Title: "Sales Lead, Sales", Department: "Sales", TZ: "Europe/London",
			Profile: mentor("negotiation, public speaking, sales", "Help people outside sales negotiate well.", 11, 2, "monthly")},
		{ID: "U0NADIA", Handle: "nadia", Name: "Nadia Petrova", Title: "QA Engineer, Mobile", Department: "Mobile", TZ: "Europe/Warsaw",
			Profile: mentee("testing, mobile, career growth", "Move from manual QA to test automation.", 3, "", "weekly")},
		{ID: "U0JAMES", Handle: "james", Name: "James Mwangi", Title: "Data Analyst, Finance", Department: "Finance", TZ: "Africa/Nairobi",
			Profile: mentee("SQL, machine learning, data analysis", "Build my first forecasting model.", 2, "", "biweekly")},
		{ID: "U0CHLOE", Handle: "chloe", Name: "Chloé Martin", Title: "Recruiter, People", Department: "People", TZ: "Europe/Paris",
			Profile: mentee("negotiation, hiring, public speaking", "Run offer negotiations on my own.", 2, "", "monthly")},
		{ID: "U0RAJ", Handle: "raj", Name: "Raj Patel", Title: "Director of Engineering, Platform", Department: "Platform", TZ: "America/Toronto",
			Profile: mentor("leadership, hiring, system design, Kubernetes", "Coach future engineering managers.", 18, 2, "biweekly")},
		{ID: "U0MIA", Handle: "mia", Name: "Mia Thompson", Title: "Graduate Engineer, Web", Department: "Web", TZ: "Australia/Brisbane",
			Profile: mentee("Go, testing, career growth, system design", "Find my feet in my first engineering job.", 0, "", "weekly")},
		{ID: "U0DIEGO", Handle: "diego", Name: "Diego Ramírez", Title: "UX Researcher, Design", Department: "Design", TZ: "America/Bogota",
			Profile: mentee("data analysis, product strategy, writing", "Turn research into product decisions.", 4, "", "biweekly")},
		{ID: "U0ELIF", Handle: "elif", Name: "Elif Yılmaz", Title: "Backend Engineer, Payments", Department: "Payments", TZ: "Europe/Istanbul"},
	}
}
