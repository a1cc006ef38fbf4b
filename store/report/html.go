package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
)

// The HTML report is one self-contained file: inline CSS, inline SVG charts,
// no script, and a Content-Security-Policy that forbids every fetch, so it
// opens offline and cannot call home. html/template escapes every value.

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed once and only read after (Execute is safe for
// concurrent use).
var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// htmlView is what the template draws.
type htmlView struct {
	Title     string
	Generated string
	Since     string
	Privacy   string
	Hidden    string
	Summary   []htmlStat
	Funnel    barChart
	Weeks     barChart
	Ratings   barChart
	Tables    []htmlTable
}

type htmlStat struct{ Label, Value, Note string }

// htmlTable is a table of tables.go with each cell marked for the style.
type htmlTable struct {
	ID, Title, Note string
	Header          []string
	Rows            []htmlRow
	Wide            bool
}

type htmlRow struct {
	Total bool
	Cells []htmlCell
}

type htmlCell struct {
	Text       string
	Suppressed bool
}

// barChart is an SVG bar chart laid out in Go, so the template only places
// numbers.
type barChart struct {
	Width, Height int
	Bars          []bar
	Grid          []gridLine
	Empty         string // shown instead of bars when there is nothing to draw
}

type bar struct {
	X, Y, W, H     float64
	LabelX, LabelY float64
	Label          string // under or beside the bar
	ValueX, ValueY float64
	Value          string // above or after the bar
	Suppressed     bool
	Title          string // tooltip
}

type gridLine struct {
	Y     float64
	Label string
}

// WriteHTML writes the report as one self-contained HTML page.
func WriteHTML(w io.Writer, r Report) error {
	ts := r.tables()
	v := htmlView{
		Title:     "Mentorship report: " + plain(r.scopeTitle()),
		Generated: r.GeneratedAt.Format("2006-01-02 15:04 MST"),
		Since:     r.sinceText(),
		Privacy:   r.privacyNote(),
		Hidden:    r.hiddenNote(ts),
		Funnel:    funnelChart(r.Funnel),
		Weeks:     weeksChart(r.CheckIns.Weeks),
		Ratings:   ratingsChart(r.Feedback),
	}
	n := strconv.Itoa
	p := r.Participants
	v.Summary = []htmlStat{
		{"Participants", n(p.Total), fmt.Sprintf("%d mentors · %d mentees · %d both", p.Mentors, p.Mentees, p.Both)},
		{"Waiting for a mentor", n(p.Waiting), fmt.Sprintf("%d paused · %d left", p.Paused, p.Left)},
		{"Active pairings", n(r.Pairings.Active), fmt.Sprintf("%d started · %d ended %s", r.Pairings.Started, r.Pairings.Ended, r.sinceText())},
		{"Check-ins met", percent(r.CheckIns.MetRate, true), fmt.Sprintf("%d sent · %d answered · %d met", r.CheckIns.Sent, r.CheckIns.Answered, r.CheckIns.Met)},
		{"Average rating", decimal(r.Feedback.AverageRating, r.Feedback.Responses != nil, 2), count(r.Feedback.Responses) + " ratings counted"},
		{"At-risk pairings", n(r.Pairings.AtRisk), "named below"},
	}
	for _, t := range ts {
		ht := htmlTable{ID: t.ID, Title: t.Title, Note: t.Note, Header: t.Header, Wide: len(t.Header) > 6}
		for i, row := range t.Rows {
			hr := htmlRow{Total: t.Total && i == len(t.Rows)-1}
			for _, c := range row {
				hr.Cells = append(hr.Cells, htmlCell{Text: c, Suppressed: c == suppressedWord})
			}
			ht.Rows = append(ht.Rows, hr)
		}
		v.Tables = append(v.Tables, ht)
	}
	return htmlTemplate.Execute(w, v)
}

// funnelChart draws one horizontal bar per stage, scaled to the first.
func funnelChart(f Funnel) barChart {
	stages := []struct {
		label string
		n     int
	}{{"Signed up", f.SignedUp}, {"Mentees", f.Mentees}, {"With a mentor", f.Matched}, {"Met", f.Met}}
	const left, barMax, rowH = 110.0, 420.0, 40.0
	c := barChart{Width: 640, Height: int(rowH)*len(stages) + 10}
	top := max(1, f.SignedUp, f.Mentees)
	for i, s := range stages {
		w := barMax * float64(s.n) / float64(top)
		y := 10 + float64(i)*rowH
		c.Bars = append(c.Bars, bar{
			X: left, Y: y, W: math.Max(w, 1), H: rowH - 12,
			LabelX: 0, LabelY: y + (rowH-12)/2 + 5, Label: s.label,
			ValueX: left + w + 8, ValueY: y + (rowH-12)/2 + 5, Value: strconv.Itoa(s.n),
			Title: fmt.Sprintf("%s: %d", s.label, s.n),
		})
	}
	return c
}

// weeksChart draws the met rate of each week as a column, 0 to 100%.
func weeksChart(weeks []WeekRow) barChart {
	const left, top, plotH, plotW = 44.0, 12.0, 170.0, 580.0
	c := barChart{Width: 640, Height: int(top + plotH + 40)}
	if len(weeks) == 0 {
		c.Empty = "No check-ins in this period."
		return c
	}
	for _, p := range []int{0, 50, 100} {
		c.Grid = append(c.Grid, gridLine{Y: top + plotH*(1-float64(p)/100), Label: strconv.Itoa(p) + "%"})
	}
	slot := plotW / float64(len(weeks))
	every := int(math.Ceil(float64(len(weeks)) / 12)) // at most 12 labels
	for i, wk := range weeks {
		b := bar{X: left + float64(i)*slot + slot*0.15, W: math.Max(slot*0.7, 1), LabelY: top + plotH + 16}
		b.LabelX = b.X + b.W/2
		if i%every == 0 {
			b.Label = wk.Week[len(wk.Week)-3:]
		}
		switch {
		case wk.MetRate != nil:
			b.H = math.Max(plotH**wk.MetRate, 1)
			b.Value = percent(wk.MetRate, true)
			b.Title = fmt.Sprintf("%s: %s met", wk.Week, b.Value)
		case bothShown(wk.Met, wk.Answered):
			b.Title = wk.Week + ": no answers"
		default:
			b.Suppressed = true
			b.H = plotH
			b.Title = wk.Week + ": " + suppressedWord
		}
		b.Y = top + plotH - b.H
		b.ValueX, b.ValueY = b.LabelX, b.Y-3
		if len(weeks) > 16 { // too narrow for values; the tooltip keeps them
			b.Value = ""
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// ratingsChart draws the count of each rating.
func ratingsChart(f FeedbackFigures) barChart {
	const left, top, plotH, slot = 20.0, 24.0, 150.0, 80.0
	c := barChart{Width: 440, Height: int(top + plotH + 36)}
	if f.Responses == nil {
		c.Empty = "Suppressed: hidden until a whole group of ratings is complete."
		return c
	}
	most := 1
	for _, b := range f.Distribution.Buckets() {
		if b != nil {
			most = max(most, *b)
		}
	}
	for i, b := range f.Distribution.Buckets() {
		x := left + float64(i)*slot + 12
		br := bar{X: x, W: slot - 24, LabelX: x + (slot-24)/2, LabelY: top + plotH + 18, Label: strconv.Itoa(i+1) + " ★"}
		if b == nil {
			br.Suppressed, br.H, br.Value = true, plotH, suppressedWord
			br.Title = "rating " + strconv.Itoa(i+1) + ": " + suppressedWord
		} else {
			br.H = math.Max(plotH*float64(*b)/float64(most), 1)
			br.Value = strconv.Itoa(*b)
			br.Title = fmt.Sprintf("rating %d: %d responses", i+1, *b)
		}
		br.Y = top + plotH - br.H
		br.ValueX, br.ValueY = br.LabelX, br.Y-5
		c.Bars = append(c.Bars, br)
	}
	return c
}
