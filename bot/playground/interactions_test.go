package playground

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func TestCommandTextIsEscapedLikeSlack(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ typed, want string }{
		{"/mentor echo pair @ada @tomas", "pair &lt;@U0ADA|ada&gt; &lt;@U0TOMAS|tomas&gt;"},
		{"/mentor echo pair @Ada, @nobody", "pair &lt;@U0ADA|ada&gt;, @nobody"},
		{"/mentor echo announce #general", "announce &lt;#C00000001|general&gt;"},
		{"/mentor echo <!channel> & <@U0ADA>", "&amp;lt;!channel&amp;gt; &amp;amp; &amp;lt;@U0ADA&amp;gt;"},
		{"/mentor echo mail@ada.example", "mail@ada.example"},
	}
	for _, c := range cases {
		code, res := e.post("/api/command", map[string]string{"user": "U0ADA", "text": c.typed})
		if code != 200 {
			t.Fatalf("%s: %d %v", c.typed, code, res)
		}
		// The bot's reply escapes the text it got, which shows it verbatim.
		e.waitState("U0ADA", func(s State) bool { return hasMessage(s, "channel", c.want) })
	}
	for _, c := range []struct {
		body map[string]string
		want string
	}{
		{map[string]string{"user": "U0ADA", "text": "hello"}, "Only slash commands"},
		{map[string]string{"user": "U0ADA", "text": "/giphy cats"}, "not a command"},
		{map[string]string{"user": "U0ADA", "text": "/mentor help", "channel": "G404"}, "not in that conversation"},
		{map[string]string{"user": "U0NOBODY", "text": "/mentor help"}, "unknown user"},
	} {
		code, res := e.post("/api/command", c.body)
		if code != http.StatusBadRequest || !strings.Contains(res["error"].(string), c.want) {
			t.Errorf("%v: %d %v", c.body, code, res)
		}
	}
}

func TestModalSubmitErrorsAndClose(t *testing.T) {
	e := newEnv(t)
	e.post("/api/command", map[string]string{"user": "U0ADA", "text": "/mentor form"})
	st := e.waitState("U0ADA", func(s State) bool { return s.Modal != nil })
	m := st.Modal
	if m.Title != "A form" || m.Submit != "Save" || m.Close != "Cancel" || m.CallbackID != "form" || m.Depth != 1 {
		t.Fatalf("modal = %+v", m)
	}
	for _, want := range []string{`data-block-id="name"`, `data-type="static_select"`, `<option value="U0TOMAS">Tomás Silva (@tomas)</option>`} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("modal HTML lacks %s", want)
		}
	}
	values := func(name string) map[string]map[string]map[string]any {
		return map[string]map[string]map[string]any{
			"name":  {"value": {"type": "plain_text_input", "value": name}},
			"level": {"value": {"type": "static_select", "selected_option": "senior"}},
			"buddy": {"value": {"type": "users_select", "selected_user": "U0TOMAS"}},
		}
	}
	// response_action errors come back by block, and the modal stays.
	code, res := e.post("/api/submit", map[string]any{"user": "U0ADA", "view_id": m.ID, "values": values("bad")})
	if code != 200 || res["ok"] != false || res["errors"].(map[string]any)["name"] != "Not that name" {
		t.Fatalf("bad submit: %d %v", code, res)
	}
	if st := e.state("U0ADA"); st.Modal == nil || st.Modal.ID != m.ID {
		t.Fatal("the modal closed after an error")
	}
	// What Slack's client would refuse never reaches the bot.
	wizard := values("Ada")
	wizard["level"]["value"]["selected_option"] = "wizard"
	code, res = e.post("/api/submit", map[string]any{"user": "U0ADA", "view_id": m.ID, "values": wizard})
	if code != http.StatusBadRequest || !strings.Contains(res["error"].(string), "wizard") {
		t.Fatalf("bad option: %d %v", code, res)
	}
	// A good submission closes it and the bot carries on.
	code, res = e.post("/api/submit", map[string]any{"user": "U0ADA", "view_id": m.ID, "values": values("Ada")})
	if code != 200 || res["ok"] != true {
		t.Fatalf("submit: %d %v", code, res)
	}
	st = e.waitState("U0ADA", func(s State) bool { return s.Modal == nil && hasMessage(s, "im", "Saved Ada (senior, buddy U0TOMAS)") })

	// Cancel closes a modal too.
	e.post("/api/command", map[string]string{"user": "U0ADA", "text": "/mentor form"})
	st = e.waitState("U0ADA", func(s State) bool { return s.Modal != nil })
	if code, res := e.post("/api/close", map[string]string{"user": "U0ADA", "view_id": st.Modal.ID}); code != 200 || res["ok"] != true {
		t.Fatalf("close: %d %v", code, res)
	}
	if st := e.state("U0ADA"); st.Modal != nil {
		t.Fatal("modal still open after close")
	}
}

func TestClickHomeAndFiles(t *testing.T) {
	e := newEnv(t)
	// Opening the Home tab sends app_home_opened; the bot publishes.
	if code, res := e.post("/api/home", map[string]string{"user": "U0TOMAS"}); code != 200 || res["ok"] != true {
		t.Fatalf("home: %d %v", code, res)
	}
	st := e.waitState("U0TOMAS", func(s State) bool { return s.Home != nil })
	if !strings.Contains(st.Home.HTML, "Home of U0TOMAS") {
		t.Fatalf("home = %s", st.Home.HTML)
	}
	// A button in the Home tab, then one in a message.
	if code, res := e.post("/api/click", map[string]string{"user": "U0TOMAS", "view_id": st.Home.ID, "action_id": "ping", "value": "home"}); code != 200 {
		t.Fatalf("click home: %d %v", code, res)
	}
	st = e.waitState("U0TOMAS", func(s State) bool { return hasMessage(s, "im", "pong home") })
	dm, _ := conv(st, "im")
	_, ts, err := e.api.PostMessageContext(e.ctx(), "U0TOMAS", slack.MsgOptionBlocks(slack.NewActionBlock("a",
		slack.NewButtonBlockElement("ping", "msg", slack.NewTextBlockObject("plain_text", "Ping", false, false)))))
	if err != nil {
		t.Fatal(err)
	}
	if code, res := e.post("/api/click", map[string]string{"user": "U0TOMAS", "channel": dm.ID, "ts": ts, "action_id": "ping", "value": "msg"}); code != 200 {
		t.Fatalf("click message: %d %v", code, res)
	}
	e.waitState("U0TOMAS", func(s State) bool { return hasMessage(s, "im", "pong msg") })
	// Someone else cannot click Tomás's message; a missing button is an error.
	if code, _ := e.post("/api/click", map[string]string{"user": "U0ADA", "channel": dm.ID, "ts": ts, "action_id": "ping"}); code != http.StatusBadRequest {
		t.Errorf("foreign click: %d", code)
	}
	if code, _ := e.post("/api/click", map[string]string{"user": "U0TOMAS", "channel": dm.ID, "ts": ts, "action_id": "nope"}); code != http.StatusBadRequest {
		t.Errorf("missing button: %d", code)
	}

	// Files the bot shares are links that download them.
	f, err := e.api.UploadFileContext(e.ctx(), slack.UploadFileParameters{Filename: "export.json", FileSize: 9, Content: `{"a":"<"}`, Channel: dm.ID})
	if err != nil {
		t.Fatal(err)
	}
	e.waitState("U0TOMAS", func(s State) bool { return hasMessage(s, "im", `href="/api/file?id=`+f.ID+`"`) })
	res, err := http.Get(e.http.URL + "/api/file?id=" + f.ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != `{"a":"<"}` || res.Header.Get("Content-Disposition") != `attachment; filename="export.json"` ||
		res.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("file: %q %v", body, res.Header)
	}
}
