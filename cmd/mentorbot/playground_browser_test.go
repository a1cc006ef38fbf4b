package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mentorbot/mentorbot/bot/playground"
	"github.com/mentorbot/mentorbot/store"
)

// chromiumPath finds a Chromium-family browser for the browser test.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where screenshots go: $MENTORBOT_ARTIFACTS when set
// (CI keeps them), else the test's temporary directory.
func artifactDir(t *testing.T) string {
	if dir := os.Getenv("MENTORBOT_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// browser drives one headless Chromium tab.
type browser struct {
	t   *testing.T
	ctx context.Context
	dir string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("no chromium binary found (install it: apt-get install -y chromium); skipping the browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		// Chromium drops org.chromium.Chromium.* files in TMPDIR; keep them
		// in the test's own directory so nothing is left behind.
		chromedp.Env("TMPDIR=" + t.TempDir()),
		chromedp.WindowSize(1400, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
	})
	// Start the browser on this context: the first action binds the tab to
	// its context, so it must not be a shorter-lived child.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return &browser{t: t, ctx: ctx, dir: artifactDir(t)}
}

// do runs steps, failing the test with a screenshot on error.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		// The page re-renders on live updates; a node found an instant
		// before can be replaced before the click lands. Query again.
		if err = chromedp.Do(ctx, steps...); err == nil || !strings.Contains(err.Error(), "Could not find node") {
			break
		}
	}
	if err != nil {
		b.shot("failed-" + strings.ReplaceAll(what, " ", "-"))
		b.t.Fatalf("%s: %v\npage status: %s", what, err, b.text("#status"))
	}
}

// waitJS waits until a JavaScript expression is truthy.
func (b *browser) waitJS(what, expr string) {
	b.t.Helper()
	b.do(what, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(25*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
}

func (b *browser) text(sel string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||""`, sel)))
	return s
}

// shot saves a screenshot of the window as NAME.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	b.t.Logf("screenshot: %s", path)
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// field is the selector of an input block's control in the open modal.
func field(block, control string) string {
	return fmt.Sprintf(`#modal-body .bk-input[data-block-id=%q] %s`, block, control)
}

// become switches the page to another person through the people list.
func (b *browser) become(id string) {
	b.t.Helper()
	shows := fmt.Sprintf(`document.querySelector("#who").value === %s && document.querySelector(%s) !== null`,
		js(id), js(`#people .active[data-user="`+id+`"]`))
	// A click that lands while the list is redrawn (the bot still at work
	// after a seed) may miss, as a person's would: they click again.
	for range 3 {
		b.do("become "+id, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#people [data-user=%q]`, id))))
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](shows, chromedp.WithPollingInterval(50*time.Millisecond)))
		cancel()
		if err == nil {
			return
		}
	}
	b.waitJS("page shows "+id, shows)
}

// openConv opens the person's first conversation of kind (im, mpim) in
// the sidebar, clicking again if a live redraw of the list took the click,
// as become does.
func (b *browser) openConv(what, kind string) {
	b.t.Helper()
	open := fmt.Sprintf(`document.querySelector(%s) !== null`, js(`#convs .active[data-kind="`+kind+`"]`))
	for range 3 {
		b.do(what, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#convs [data-kind=%q]`, kind))))
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](open, chromedp.WithPollingInterval(50*time.Millisecond)))
		cancel()
		if err == nil {
			return
		}
	}
	b.waitJS(what, open)
}

// command types a /mentor command into the composer and sends it.
func (b *browser) command(text string) {
	b.t.Helper()
	b.do("type "+text,
		chromedp.Click(chromedp.CSS(`#convs [data-kind="channel"]`)),
		chromedp.SendKeys(chromedp.ID("command"), text),
		chromedp.Click(chromedp.CSS("#composer .send")),
	)
	b.waitJS("command sent", `document.querySelector("#command").value === ""`)
}

// signUp fills the rendered sign-up modal as a person would.
func (b *browser) signUp(role string, fields map[string]string) {
	b.t.Helper()
	b.command("/mentor signup")
	b.waitJS("sign-up modal", `document.querySelector("#modal").open && document.querySelector("#modal-title").textContent === "Join mentorship"`)
	steps := []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(field("role", fmt.Sprintf(`input[value=%q]`, role))))}
	for block, v := range fields {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(field(block, ".bk-control")), v))
	}
	b.do("fill the sign-up form", steps...)
}

func (b *browser) submitModal() {
	b.t.Helper()
	b.do("submit", chromedp.Click(chromedp.ID("modal-submit")))
}

// TestPlaygroundInBrowser plays the story in headless Chromium: two people
// sign up through the rendered modal (one error shown next to its field
// first), the admin pairs them by typing @names, a check-in slot fires and
// the mentee clicks Met, which the bot records.
func TestPlaygroundInBrowser(t *testing.T) {
	b := newBrowser(t)
	p := startPlayground(t, nil)

	b.do("open the page", chromedp.Navigate(p.url+"?as=U0TOMAS"))
	b.waitJS("page loaded", `document.querySelectorAll("#people [data-user]").length === `+fmt.Sprint(len(playground.People()))+` && document.querySelector("#clock").textContent.includes("America/Sao_Paulo")`)
	b.shot("01-start")

	// Tomás, a mentee, forgets his topics: the bot's error shows next to
	// the field and the modal stays open.
	b.signUp("mentee", map[string]string{
		"goals":      "Ship my first feature <script>alert(1)</script>",
		"department": "Web",
		"seniority":  "1",
	})
	b.shot("02-signup-modal")
	b.submitModal()
	b.waitJS("field error", `(() => { const e = document.querySelector('.bk-input[data-block-id="learns"] .bk-error'); return e && !e.hidden && e.textContent.includes("at least one topic"); })()`)
	b.shot("03-signup-error")
	b.do("fix the form", chromedp.SendKeys(chromedp.CSS(field("learns", ".bk-control")), "Go, system design"))
	b.submitModal()
	b.waitJS("modal closed", `!document.querySelector("#modal").open`)
	b.waitJS("welcome DM", `[...document.querySelectorAll("#convs [data-kind=im]")].length === 1`)

	// Elif, a mentor, signs up too.
	b.become("U0ELIF")
	b.signUp("mentor", map[string]string{
		"teaches":    "Go, system design, testing",
		"department": "Payments",
		"seniority":  "6",
		"capacity":   "2",
	})
	b.submitModal()
	b.waitJS("modal closed", `!document.querySelector("#modal").open`)

	// Hana, the admin, pairs them, picking the people from the @ list.
	b.become("U0HANA")
	b.do("type the pair command",
		chromedp.Click(chromedp.CSS(`#convs [data-kind="channel"]`)),
		chromedp.SendKeys(chromedp.ID("command"), "/mentor pair @eli"),
	)
	b.waitJS("mention suggestions", `!document.querySelector("#suggest").hidden && document.querySelector("#suggest").textContent.includes("@elif")`)
	b.shot("04-mention-suggestions")
	b.do("pick Elif", chromedp.SendKeys(chromedp.ID("command"), "\t"))
	b.do("type the mentee", chromedp.SendKeys(chromedp.ID("command"), "@tom"))
	b.waitJS("mention suggestions", `document.querySelector("#suggest").textContent.includes("@tomas")`)
	b.do("pick Tomás", chromedp.SendKeys(chromedp.ID("command"), "\t"))
	b.waitJS("command typed", `document.querySelector("#command").value === "/mentor pair @elif @tomas "`)
	b.do("send", chromedp.SendKeys(chromedp.ID("command"), "\r"))
	b.waitJS("paired", `document.querySelector("#messages").textContent.includes("Paired @Elif Yılmaz (mentor) with @Tomás Silva (mentee)")`)
	b.shot("05-paired")

	// Tomás reads the introduction in the group DM; his goals show as text.
	b.become("U0TOMAS")
	b.openConv("open the group DM", "mpim")
	b.waitJS("introduction", `document.querySelector("#messages").textContent.includes("Meet your mentorship match")`)
	b.waitJS("goals shown as text", `document.querySelector("#messages").textContent.includes("Ship my first feature <script>alert(1)</script>") && document.querySelectorAll("#messages script").length === 0`)
	b.shot("06-introduction")

	// Time travel until Tomás's check-in arrives (Elif, in Istanbul, gets
	// hers a few hours earlier), then he answers Met.
	b.openConv("open Tomás's DM", "im")
	for i := 0; ; i++ {
		b.do("next check-in slot", chromedp.Click(chromedp.CSS(`[data-travel="checkin"]`)))
		b.waitJS("travelled", `document.querySelector("#status").textContent.includes("Jumped to the next check-in slot")`)
		ok, _ := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.querySelector('#messages button[data-action-id="checkin_met"]') !== null`,
			chromedp.WithPollingTimeout(3*time.Second)))
		if ok {
			break
		}
		if i == 3 {
			b.shot("failed-no-checkin")
			t.Fatal("no check-in for Tomás after 4 check-in slots")
		}
		b.do("clear the status", chromedp.Evaluate[chromedp.Void](`document.querySelector("#status").textContent = ""`))
	}
	b.waitJS("check-in shown", `document.querySelector("#messages").textContent.includes("Did you meet Elif Yılmaz since the last check-in?")`)
	b.shot("07-checkin")
	checkinID, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('#messages button[data-action-id="checkin_met"]').dataset.value`))
	if err != nil {
		t.Fatal(err)
	}
	b.do("click Met", chromedp.Click(chromedp.CSS(`#messages button[data-action-id="checkin_met"]`)))
	b.waitJS("answer recorded", `document.querySelector("#messages").textContent.includes("Great, thanks for letting me know") && document.querySelector('#messages button[data-action-id="checkin_met"]') === null`)
	b.shot("08-checkin-answered")

	var id int64
	if _, err := fmt.Sscan(checkinID, &id); err != nil {
		t.Fatalf("check-in id %q: %v", checkinID, err)
	}
	c, err := openDB(t, p.db).CheckinByID(context.Background(), id)
	if err != nil || c.Answer != store.AnswerMet || c.ParticipantSlack != "U0TOMAS" {
		t.Fatalf("check-in %d in the database: %+v, %v", id, c, err)
	}

	// The Home tab renders too.
	b.do("open Home", chromedp.Click(chromedp.ID("nav-home")))
	b.waitJS("home", `document.querySelector("#home").textContent.includes("Edit profile")`)
	b.shot("09-home")
}

// TestPlaygroundTourInBrowser follows the README's tour in headless
// Chromium: quick seed, Hana matches and confirms, Leo reads his
// introduction, jumps to his check-in slot and answers Met, three weeks
// go by while the colleagues act, Hana reads her dashboard on the Home tab
// and marks an at-risk pairing handled, and she opens the HTML report,
// which then shows department rows and weekly bars.
func TestPlaygroundTourInBrowser(t *testing.T) {
	b := newBrowser(t)
	p := startPlayground(t, nil)
	seeded := fmt.Sprint(len(playground.People()) - 3)

	b.do("open the page", chromedp.Navigate(p.url))
	b.waitJS("page loaded", fmt.Sprintf(`document.querySelectorAll("#people [data-user]").length === %d`, len(playground.People())))
	b.do("quick seed", chromedp.Click(chromedp.ID("seed")))
	b.waitJS("seeded", `document.querySelector("#status").textContent.includes("Signed up `+seeded+` people")`)
	b.waitJS("roles shown", `document.querySelectorAll("#people .badge-mentee").length > 20`)
	b.shot("tour-01-seeded")

	// Hana matches everyone and confirms.
	b.become(playground.AdminID)
	b.command("/mentor match")
	b.waitJS("match preview", `document.querySelector('#messages button[data-action-id="match_confirm"]') !== null`)
	b.shot("tour-02-match-preview")
	b.do("confirm", chromedp.Click(chromedp.CSS(`#messages button[data-action-id="match_confirm"]`)))
	b.waitJS("confirmed", `document.querySelector('#messages button[data-action-id="match_confirm"]') === null`)

	// Leo reads his introduction, jumps to his check-in slot and answers.
	b.become(tourPerson)
	b.waitJS("report link hidden for Leo", `document.querySelector("#report").hidden`)
	b.waitJS("group DM", `document.querySelector('#convs [data-kind="mpim"]') !== null`)
	b.openConv("open the group DM", "mpim")
	b.waitJS("introduction", `document.querySelector("#messages").textContent.includes("Meet your mentorship match")`)
	b.shot("tour-03-introduction")
	b.do("next check-in slot", chromedp.Click(chromedp.CSS(`[data-travel="checkin"]`)))
	b.waitJS("travelled to Leo's slot", `document.querySelector("#status").textContent.includes("Leo Fischer (the person you are)")`)
	b.waitJS("one zone", `document.querySelector("#status").textContent.includes(document.querySelector("#clock").textContent)`)
	b.openConv("open Leo's DM", "im")
	b.waitJS("check-in", `document.querySelector('#messages button[data-action-id="checkin_met"]') !== null`)
	b.shot("tour-04-checkin")
	b.do("click Met", chromedp.Click(chromedp.CSS(`#messages button[data-action-id="checkin_met"]`)))
	b.waitJS("answered", `document.querySelector("#messages").textContent.includes("Great, thanks for letting me know")`)

	// Three weeks go by.
	for week := 1; week <= 3; week++ {
		b.do("clear the status", chromedp.Evaluate[chromedp.Void](`document.querySelector("#status").textContent = ""`))
		b.do("one week later", chromedp.Click(chromedp.CSS(`[data-travel="week"]`)))
		b.waitJS("a week went by", `document.querySelector("#status").textContent.includes("One week later") && document.querySelector("#status").textContent.includes("your colleagues answered")`)
		b.waitJS("buttons back", `!document.querySelector('[data-travel="week"]').disabled && document.querySelector("#travel-progress").hidden`)
	}
	b.shot("tour-05-three-weeks-later")
	dashboardStep(t, b, p)

	// Hana opens the report.
	b.become(playground.AdminID)
	b.waitJS("report link for Hana", `!document.querySelector("#report").hidden`)
	href, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#report").href`))
	if err != nil {
		t.Fatal(err)
	}
	b.do("open the report", chromedp.Navigate(href))
	b.waitJS("report", `document.querySelector("h2") !== null`)
	rows, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("tr")].filter(tr => {
		const cells = [...tr.querySelectorAll("td")];
		return cells.length > 1 && ["Platform", "Payments", "Data", "Mobile", "Design", "Web"].includes(cells[0].textContent.trim()) &&
			cells.slice(1).some(td => /^[0-9]/.test(td.textContent.trim()));
	}).length`))
	if err != nil {
		t.Fatal(err)
	}
	bars, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg[aria-label="Met rate per week"] rect.bar').length`))
	if err != nil {
		t.Fatal(err)
	}
	b.do("scroll to the weeks", chromedp.Evaluate[chromedp.Void](`document.querySelector('svg[aria-label="Met rate per week"]').scrollIntoView()`))
	b.shot("tour-06-report-weeks")
	b.do("scroll to the departments", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll("h2")].find(h => h.textContent === "Departments").scrollIntoView()`))
	b.shot("tour-07-report-departments")
	if rows < 5 || bars < 3 { // the departments table has one row per department
		t.Errorf("the report shows %d department rows with figures and %d weekly bars; want at least 5 and 3", rows, bars)
	}
}
