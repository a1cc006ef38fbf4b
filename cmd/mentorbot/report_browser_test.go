package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestHTMLReportInBrowser writes an HTML report with `mentorbot report`,
// opens the file in headless Chromium, saves a full-page screenshot
// (report.png in $MENTORBOT_ARTIFACTS when set) and checks that it
// rendered: three charts with bars, every table, the at-risk pair by name,
// nothing wider than the window, and not one network request.
func TestHTMLReportInBrowser(t *testing.T) {
	b := newBrowser(t)
	path := reportDB(t)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := db.ActivePairings(ctx, "UMEB")
	if err != nil || len(ps) != 1 {
		t.Fatalf("pairings: %v %v", ps, err)
	}
	if _, err := db.MarkAtRisk(ctx, ps[0].ID, store.RiskNeedHelp); err != nil {
		t.Fatal(err)
	}
	db.Close()
	page := filepath.Join(t.TempDir(), "report.html")
	if _, _, err := runReportForTest(t, nil, "--db", path, "--out", page, "--min-group", "3"); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var fetched []string
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok && !strings.HasPrefix(r.Request.URL, "file:") {
			mu.Lock()
			fetched = append(fetched, r.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	b.do("open the report", chromedp.Navigate("file://"+page))
	b.waitJS("report rendered", `document.querySelectorAll("svg").length === 3 && document.querySelector("table[data-table=departments]") !== null`)

	sctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	shot, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	out := filepath.Join(b.dir, "report.png")
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)

	for what, expr := range map[string]string{
		"funnel bars":      `document.querySelectorAll("rect.funnel").length === 4`,
		"weekly bars":      `document.querySelectorAll("svg[aria-label='Met rate per week'] rect.bar, svg[aria-label='Met rate per week'] rect.supp").length === 2`,
		"every table":      `document.querySelectorAll("table[data-table]").length === 13`,
		"at-risk by name":  `document.querySelector("table[data-table=at_risk]").textContent.includes("Name UMRB (UMRB)")`,
		"reason in words":  `document.querySelector("table[data-table=at_risk]").textContent.includes("asked for help")`,
		"fits the window":  `document.documentElement.scrollWidth <= window.innerWidth`,
		"says what hides":  `document.querySelector(".hidden-note").textContent.length > 20`,
		"no code in sight": `!/need_help|not_met_3|low_rating/.test(document.body.innerText)`,
	} {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err != nil || !ok {
			t.Errorf("%s: %v (%s)", what, err, expr)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(fetched) > 0 {
		t.Errorf("the report fetched %v", fetched)
	}
}
