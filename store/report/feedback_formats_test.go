package report

import (
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// shownFeedback is the feedback figures as one format prints them: the
// response count, the average and the five distribution cells, as text.
type shownFeedback struct {
	responses, average string
	buckets            [5]string
}

// expectedFeedback is how the figures of fb read in text, HTML and CSV
// (averages in CSV as in JSON, so that is passed in).
func expectedFeedback(fb FeedbackFigures, average func(float64) string) shownFeedback {
	num := func(p *int) string {
		if p == nil {
			return "suppressed"
		}
		return strconv.Itoa(*p)
	}
	var s shownFeedback
	s.responses = num(fb.Responses)
	switch {
	case fb.AverageRating != nil:
		s.average = average(*fb.AverageRating)
	case fb.Responses != nil:
		s.average = "n/a"
	default:
		s.average = "suppressed"
	}
	for i, b := range fb.Distribution.Buckets() {
		s.buckets[i] = num(b)
	}
	return s
}

// checkFormatsShowFeedback renders r in every format and reads the
// feedback figures back: each format shows exactly the struct's figures,
// so the attacker, who reads the struct, sees what any format shows.
func checkFormatsShowFeedback(t *testing.T, r Report) {
	t.Helper()
	twoDecimals := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	asJSON := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	want := expectedFeedback(r.Feedback, twoDecimals)
	for _, f := range Formats() {
		out := render(t, r, f)
		var got shownFeedback
		w := want
		switch f {
		case Text:
			got = textFeedback(t, out, r)
		case CSV:
			got, w = csvFeedback(t, out), expectedFeedback(r.Feedback, asJSON)
		case HTML:
			got = htmlFeedback(t, out)
		case JSON:
			var doc struct {
				Feedback FeedbackFigures `json:"feedback"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			got, w = expectedFeedback(doc.Feedback, asJSON), expectedFeedback(r.Feedback, asJSON)
		}
		if got != w {
			t.Fatalf("%s shows feedback %+v, the report's figures are %+v\n%s", f, got, w, out)
		}
	}
}

func textFeedback(t *testing.T, out string, r Report) shownFeedback {
	t.Helper()
	_, after, ok := strings.Cut(out, "\n"+r.feedbackTitle()+"\n")
	if !ok {
		t.Fatalf("text: no feedback section:\n%s", out)
	}
	var s shownFeedback
	for _, line := range strings.Split(after, "\n")[:5] {
		f := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "  Average rating"):
			s.average = f[len(f)-1]
		case strings.HasPrefix(line, "  Responses") && len(f) == 2:
			s.responses = f[1]
		case strings.HasPrefix(line, "  Responses") && len(f) == 6:
			copy(s.buckets[:], f[1:])
		}
	}
	return s
}

func csvFeedback(t *testing.T, out string) shownFeedback {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var s shownFeedback
	for _, row := range rows {
		switch key := row[0] + "|" + row[1] + "|" + row[2]; {
		case key == "feedback||responses":
			s.responses = row[3]
		case key == "feedback||average_rating":
			s.average = row[3]
		case row[0] == "feedback_distribution":
			i, err := strconv.Atoi(row[1])
			if err != nil || i < 1 || i > 5 {
				t.Fatalf("csv: distribution row %v", row)
			}
			s.buckets[i-1] = row[3]
		}
	}
	if s.average == "" && s.responses != "suppressed" {
		s.average = "n/a"
	}
	return s
}

var (
	htmlAverage   = regexp.MustCompile(`<div class="l">Average rating</div><div class="v">([^<]*)</div><div class="n">([^<]*) responses</div>`)
	htmlRatingBar = regexp.MustCompile(`<title>rating (\d): (suppressed|(\d+) responses)</title>`)
)

func htmlFeedback(t *testing.T, out string) shownFeedback {
	t.Helper()
	var s shownFeedback
	m := htmlAverage.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("html: no average rating card")
	}
	s.average, s.responses = m[1], m[2]
	if strings.Contains(out, "Fewer ratings than the minimum group: suppressed.") {
		s.buckets = [5]string{"suppressed", "suppressed", "suppressed", "suppressed", "suppressed"}
		return s
	}
	for _, b := range htmlRatingBar.FindAllStringSubmatch(out, -1) {
		i, _ := strconv.Atoi(b[1])
		s.buckets[i-1] = b[2]
		if b[3] != "" {
			s.buckets[i-1] = b[3]
		}
	}
	return s
}
