package playground

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
)

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"Yılmaz":       "yilmaz",
		"İstanbul":     "istanbul",
		"Tomás":        "tomas",
		"Łukasz":       "lukasz",
		"Søren":        "soren",
		"Straße":       "strasse",
		"Nguyễn":       "nguyen",
		"Zoë Ångström": "zoe angstrom",
		"ada":          "ada",
	} {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMentionSuggestionsFoldUnicode: the @ list, served by the playground,
// finds people by folded handle or name: @yil finds Elif Yılmaz, @tomás
// and @tomas find Tomás Silva; nothing matches nobody.
func TestMentionSuggestionsFoldUnicode(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.People = append(c.People, Person{ID: "U0ELIF", Handle: "elif", Name: "Elif Yılmaz", Title: "Backend Engineer", Department: "Payments", TZ: "Europe/Istanbul"})
	})
	for _, u := range Users([]Person{{ID: "U0ELIF", Handle: "elif", Name: "Elif Yılmaz", TZ: "Europe/Istanbul"}}, e.clock.Now()) {
		e.fake.AddUser(u)
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"yil", []string{"U0ELIF"}},
		{"YIL", []string{"U0ELIF"}},
		{"yıl", []string{"U0ELIF"}},
		{"tomas", []string{"U0TOMAS"}},
		{"tomás", []string{"U0TOMAS"}},
		{"eli", []string{"U0ELIF"}},
		{"zz", nil},
	} {
		res, err := http.Get(e.http.URL + "/api/mentions?q=" + url.QueryEscape(tc.q))
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			People []PersonState `json:"people"`
		}
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("@%s: %d %v", tc.q, res.StatusCode, err)
		}
		var got []string
		for _, p := range body.People {
			got = append(got, p.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("@%s suggests %v, want %v", tc.q, got, tc.want)
		}
	}
}
