package playground

import (
	"strings"
	"testing"
	"time"
)

// TestSeededWorkspace checks the workspace is big enough for a report to
// show departments (at least 60 people, at least five departments of
// eight or more), keeps its named personas, and is consistent.
func TestSeededWorkspace(t *testing.T) {
	people := People()
	if len(people) < 60 {
		t.Fatalf("%d people, want at least 60", len(people))
	}
	ids, handles, zones, depts := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]int{}
	admins, hand := 0, 0
	for _, p := range people {
		if ids[p.ID] || handles[p.Handle] {
			t.Errorf("duplicate %s / %s", p.ID, p.Handle)
		}
		ids[p.ID], handles[p.Handle], zones[p.TZ] = true, true, true
		if _, err := time.LoadLocation(p.TZ); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if !strings.HasSuffix(p.Title, ", "+p.Department) {
			t.Errorf("%s's title %q does not end with the department %q", p.Name, p.Title, p.Department)
		}
		if p.ID == AdminID {
			admins++
			if p.Profile != nil {
				t.Error("the admin is seeded as a participant")
			}
			continue
		}
		if p.Profile == nil {
			hand++
			continue
		}
		depts[p.Department]++
		if m := p.Profile.Manager; m != "" && !containsID(people, m) {
			t.Errorf("%s's manager %s is not in the workspace", p.Name, m)
		}
	}
	big := 0
	for _, n := range depts {
		if n >= 8 {
			big++
		}
	}
	if big < 5 {
		t.Errorf("departments of signed-up people: %v; want at least five of 8 or more", depts)
	}
	if admins != 1 || hand != 2 || len(zones) < 15 {
		t.Errorf("admins %d, left to sign up by hand %d, zones %d", admins, hand, len(zones))
	}
	for _, persona := range []string{"Hana Okafor", "Ada Lindqvist", "Leo Fischer", "Tomás Silva", "Elif Yılmaz", "Marcus Reid"} {
		found := false
		for _, p := range people {
			found = found || p.Name == persona && !p.Crowd
		}
		if !found {
			t.Errorf("the persona %s is gone", persona)
		}
	}
	users := Users(people, mustTime(t, "2026-07-01T12:00:00Z"))
	for _, u := range users {
		if u.ID == "U0MIA" && u.TZOffset != 10*3600 {
			t.Errorf("Brisbane's offset in July = %d", u.TZOffset)
		}
		if u.ID == "U0MARCUS" && u.TZOffset != -4*3600 {
			t.Errorf("New York's offset in July = %d", u.TZOffset)
		}
	}
}

func containsID(people []Person, id string) bool {
	for _, p := range people {
		if p.ID == id {
			return true
		}
	}
	return false
}
