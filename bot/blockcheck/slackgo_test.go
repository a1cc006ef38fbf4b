package blockcheck_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func option(value, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(text), nil)
}

// signupModal is shaped like the bot's /mentor signup modal: every element
// kind the bot uses, as slack-go marshals it.
func signupModal() slack.ModalViewRequest {
	role := slack.NewRadioButtonsBlockElement("role",
		option("mentor", "Mentor"), option("mentee", "Mentee"), option("both", "Both"))
	role.InitialOption = option("mentee", "Mentee")
	topics := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Pick topics"), "teaches",
		option("go", "Go"), option("sql", "SQL"), option("career", "Career growth"))
	goals := slack.NewPlainTextInputBlockElement(plain("What do you want to achieve?"), "goals")
	goals.Multiline = true
	goals.MaxLength = 2000
	manager := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Your manager"), "manager")
	cadence := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Cadence"), "cadence",
		option("weekly", "Weekly"), option("biweekly", "Every two weeks"), option("monthly", "Monthly"))
	capacity := slack.NewNumberInputBlockElement(plain("1"), "capacity", false)
	managerBlock := slack.NewInputBlock("manager_block", plain("My manager"), plain("Never paired with them"), manager)
	managerBlock.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      "signup",
		PrivateMetadata: `{"program":1}`,
		Title:           plain("Join mentoring"),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewHeaderBlock(plain("Tell us about you")),
			slack.NewInputBlock("role_block", plain("Role"), nil, role),
			slack.NewInputBlock("teaches_block", plain("Topics I can teach"), nil, topics),
			slack.NewInputBlock("goals_block", plain("My goals"), nil, goals),
			managerBlock,
			slack.NewInputBlock("cadence_block", plain("Meeting cadence"), nil, cadence),
			slack.NewInputBlock("capacity_block", plain("How many mentees"), nil, capacity),
			slack.NewContextBlock("tz_note", mrkdwn("Your timezone comes from your Slack profile.")),
		}},
	}
}

func statusMessage() slack.Msg {
	section := slack.NewSectionBlock(mrkdwn("*Your pairing*: <@U123> (since 2026-01-05)"), []*slack.TextBlockObject{
		mrkdwn("*Role*\nmentee"), mrkdwn("*Next check-in*\nMonday 10:00"),
	}, slack.NewAccessory(slack.NewButtonBlockElement("edit_profile", "edit", plain("Edit profile"))))
	leave := slack.NewButtonBlockElement("leave", "leave", plain("Leave"))
	leave.Style = slack.StyleDanger
	leave.Confirm = slack.NewConfirmationBlockObject(plain("Leave the program?"),
		plain("Your pairings end and your data is erased."), plain("Leave"), plain("Stay"))
	return slack.Msg{
		ResponseType: slack.ResponseTypeEphemeral,
		Text:         "Your mentoring status",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section,
			slack.NewDividerBlock(),
			slack.NewActionBlock("status_actions",
				slack.NewButtonBlockElement("pause", "2", plain("Pause 2 weeks")),
				leave),
		}},
	}
}

func homeView() slack.HomeTabViewRequest {
	return slack.HomeTabViewRequest{
		Type: slack.VTHomeTab,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewHeaderBlock(plain("Mentoring")),
			slack.NewSectionBlock(mrkdwn("You are *paused* until 2026-02-01."), nil, nil),
			slack.NewActionBlock("home_actions",
				slack.NewButtonBlockElement("resume", "", plain("Resume")),
				slack.NewButtonBlockElement("edit_profile", "", plain("Edit profile"))),
		}},
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSlackGoPayloadsPass(t *testing.T) {
	if err := blockcheck.CheckView(mustJSON(t, signupModal())); err != nil {
		t.Errorf("signup modal: %v", err)
	}
	if err := blockcheck.CheckView(mustJSON(t, homeView())); err != nil {
		t.Errorf("home: %v", err)
	}
	if err := blockcheck.CheckMessage(mustJSON(t, statusMessage())); err != nil {
		t.Errorf("status message: %v", err)
	}
	if err := blockcheck.CheckMessage(mustJSON(t, statusMessage().Blocks)); err != nil {
		t.Errorf("bare blocks: %v", err)
	}
	if err := blockcheck.CheckMessage(mustJSON(t, slack.Msg{Text: "plain reply"})); err != nil {
		t.Errorf("text-only slack.Msg (blocks null): %v", err)
	}
}

// TestSlackGoPayloadsFail breaks the slack-go payloads the way a bug in the
// bot would, and expects a problem at the right JSON path.
func TestSlackGoPayloadsFail(t *testing.T) {
	tests := []struct {
		name string
		kind string
		v    func() any
		want []string
	}{
		{"modal title over 24", "view", func() any {
			m := signupModal()
			m.Title = plain("Join the mentoring program")
			return m
		}, []string{"$.title.text: 26 characters; the limit is 24"}},
		{"modal without submit", "view", func() any {
			m := signupModal()
			m.Submit = nil
			return m
		}, []string{"$.submit: a modal with input blocks needs a submit button"}},
		{"mrkdwn modal title", "view", func() any {
			m := signupModal()
			m.Title = mrkdwn("Join")
			return m
		}, []string{"$.title.type: must be plain_text here"}},
		{"private_metadata over 3000", "view", func() any {
			m := signupModal()
			m.PrivateMetadata = strings.Repeat("x", 3001)
			return m
		}, []string{"$.private_metadata: 3001 characters; the limit is 3000"}},
		{"initial option not among options", "view", func() any {
			m := signupModal()
			m.Blocks.BlockSet[1].(*slack.InputBlock).Element.(*slack.RadioButtonsBlockElement).InitialOption = option("boss", "Boss")
			return m
		}, []string{`$.blocks[1].element.initial_option: initial option value "boss" is not one of the options`}},
		{"plain_text_input max_length over 3000", "view", func() any {
			m := signupModal()
			m.Blocks.BlockSet[3].(*slack.InputBlock).Element.(*slack.PlainTextInputBlockElement).MaxLength = 5000
			return m
		}, []string{"$.blocks[3].element.max_length: 5000 is outside 1..3000"}},
		{"duplicate block_id", "view", func() any {
			m := signupModal()
			m.Blocks.BlockSet[2].(*slack.InputBlock).BlockID = "role_block"
			return m
		}, []string{`$.blocks[2].block_id: duplicate block_id "role_block" (first at $.blocks[1])`}},
		{"input block in a message", "message", func() any {
			msg := statusMessage()
			msg.Blocks.BlockSet = append(msg.Blocks.BlockSet,
				slack.NewInputBlock("", plain("Goals"), nil, slack.NewPlainTextInputBlockElement(nil, "goals")))
			return msg
		}, []string{"$.blocks[3].type: input blocks are only allowed in modals and Home tabs"}},
		{"button text over 75", "message", func() any {
			msg := statusMessage()
			msg.Blocks.BlockSet[2].(*slack.ActionBlock).Elements.ElementSet[0] =
				slack.NewButtonBlockElement("pause", "2", plain(strings.Repeat("p", 76)))
			return msg
		}, []string{"$.blocks[2].elements[0].text.text: 76 characters; the limit is 75"}},
		{"button with mrkdwn text", "message", func() any {
			msg := statusMessage()
			msg.Blocks.BlockSet[2].(*slack.ActionBlock).Elements.ElementSet[0] =
				slack.NewButtonBlockElement("pause", "2", mrkdwn("*Pause*"))
			return msg
		}, []string{"$.blocks[2].elements[0].text.type: must be plain_text here, got mrkdwn"}},
		{"duplicate action_id in a block", "message", func() any {
			msg := statusMessage()
			msg.Blocks.BlockSet[2].(*slack.ActionBlock).Elements.ElementSet[1].(*slack.ButtonBlockElement).ActionID = "pause"
			return msg
		}, []string{`$.blocks[2].elements[1].action_id: duplicate action_id "pause"`}},
		{"eleven section fields", "message", func() any {
			msg := statusMessage()
			s := msg.Blocks.BlockSet[0].(*slack.SectionBlock)
			for len(s.Fields) < 11 {
				s.Fields = append(s.Fields, mrkdwn("x"))
			}
			return msg
		}, []string{"$.blocks[0].fields: 11 items; the limit is 10"}},
		{"51 blocks in a message", "message", func() any {
			msg := statusMessage()
			for len(msg.Blocks.BlockSet) < 51 {
				msg.Blocks.BlockSet = append(msg.Blocks.BlockSet, slack.NewDividerBlock())
			}
			return msg
		}, []string{"$.blocks: 51 blocks; a message allows at most 50"}},
		{"header over 150", "view", func() any {
			h := homeView()
			h.Blocks.BlockSet[0] = slack.NewHeaderBlock(plain(strings.Repeat("h", 151)))
			return h
		}, []string{"$.blocks[0].text.text: 151 characters; the limit is 150"}},
		{"empty section text", "view", func() any {
			h := homeView()
			h.Blocks.BlockSet[1] = slack.NewSectionBlock(mrkdwn(""), nil, nil)
			return h
		}, []string{"$.blocks[1].text.text: must not be empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := mustJSON(t, tt.v())
			var err error
			if tt.kind == "view" {
				err = blockcheck.CheckView(raw)
			} else {
				err = blockcheck.CheckMessage(raw)
			}
			if err == nil {
				t.Fatalf("no problem found in %s", raw)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("problems:\n%v\ndo not contain %q", err, w)
				}
			}
		})
	}
}

// TestRecordSlackGoSamples records slack-go's own encoding of typical
// payloads, so that CI's @slack/types check also covers how slack-go
// marshals them (when MENTORBOT_BLOCKKIT_DIR is set).
func TestRecordSlackGoSamples(t *testing.T) {
	blockcheck.Record(t, "modal", "blockcheck-signup", signupModal())
	blockcheck.Record(t, "home", "blockcheck-paused", homeView())
	blockcheck.Record(t, "message", "blockcheck-status", statusMessage())
	blockcheck.Record(t, "message", "blockcheck-bare-blocks", statusMessage().Blocks)
}
