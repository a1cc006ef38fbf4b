package profile

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// Limits on what a person may type into the sign-up form.
const (
	maxTopics      = 15
	maxTopicLen    = 40
	maxGoalsLen    = 1000
	maxDeptLen     = 80
	maxSeniority   = 60
	maxCapacity    = 10
	topicsMaxInput = 600
)

var roleLabels = []struct{ value, label string }{
	{store.RoleMentee, "Mentee: I want a mentor"},
	{store.RoleMentor, "Mentor: I can mentor others"},
	{store.RoleBoth, "Both"},
}

// signupMeta is the modal's private_metadata.
type signupMeta struct {
	Edit bool `json:"edit"`
}

// signupModal builds the sign-up form; with existing != nil it is the
// pre-filled profile editor.
func signupModal(existing *store.Participant, programs []store.Program) slack.ModalViewRequest {
	edit := existing != nil
	meta, _ := json.Marshal(signupMeta{Edit: edit})
	title, submit := "Join mentorship", "Sign up"
	if edit {
		title, submit = "Edit my profile", "Save"
	}

	var roleOpts []*slack.OptionBlockObject
	var roleInitial *slack.OptionBlockObject
	for _, r := range roleLabels {
		o := bot.Option(r.value, r.label)
		roleOpts = append(roleOpts, o)
		if edit && existing.Role == r.value {
			roleInitial = o
		}
	}
	role := slack.NewRadioButtonsBlockElement(bot.InputAction, roleOpts...)
	if roleInitial != nil {
		role.InitialOption = roleInitial
	}

	teaches := slack.NewPlainTextInputBlockElement(bot.Plain("e.g. Go, public speaking, career growth"), bot.InputAction)
	teaches.MaxLength = topicsMaxInput
	learns := slack.NewPlainTextInputBlockElement(bot.Plain("e.g. Kubernetes, negotiation"), bot.InputAction)
	learns.MaxLength = topicsMaxInput
	goals := slack.NewPlainTextInputBlockElement(bot.Plain("What do you hope to get out of mentoring?"), bot.InputAction)
	goals.Multiline = true
	goals.MaxLength = maxGoalsLen
	dept := slack.NewPlainTextInputBlockElement(bot.Plain("e.g. Platform Engineering"), bot.InputAction)
	dept.MaxLength = maxDeptLen
	// The numbers carry no bounds and allow decimals, so that Slack's
	// client lets "-3" or "2.5" through and the bot answers on the field
	// itself (readSignupForm) in its own words, rather than the client
	// refusing the whole form.
	seniority := slack.NewNumberInputBlockElement(bot.Plain("Years"), bot.InputAction, true)
	manager := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, bot.Plain("Pick your manager"), bot.InputAction)
	capacity := slack.NewNumberInputBlockElement(bot.Plain("Number of mentees"), bot.InputAction, true)

	var cadOpts []*slack.OptionBlockObject
	var cadInitial *slack.OptionBlockObject
	for _, c := range words.CadenceLabels {
		o := bot.Option(c.Value, c.Label)
		cadOpts = append(cadOpts, o)
		if (edit && existing.Cadence == c.Value) || (!edit && c.Value == store.CadenceWeekly) {
			cadInitial = o
		}
	}
	cadence := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, bot.Plain("How often to meet"), bot.InputAction, cadOpts...)
	cadence.InitialOption = cadInitial

	if edit {
		teaches.InitialValue = strings.Join(existing.Teaches, ", ")
		learns.InitialValue = strings.Join(existing.Learns, ", ")
		goals.InitialValue = existing.Goals
		dept.InitialValue = existing.Department
		seniority.InitialValue = strconv.Itoa(existing.Seniority)
		if existing.ManagerSlackID != "" {
			manager.InitialUser = existing.ManagerSlackID
		}
		if existing.Capacity > 0 {
			// A mentee's stored 0 is "not a mentor", not an answer to show.
			capacity.InitialValue = strconv.Itoa(existing.Capacity)
		}
	}

	input := func(blockID, label, hint string, el slack.BlockElement, optional bool) *slack.InputBlock {
		var h *slack.TextBlockObject
		if hint != "" {
			h = bot.Plain(hint)
		}
		ib := slack.NewInputBlock(blockID, bot.Plain(label), h, el)
		ib.Optional = optional
		return ib
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn("Tell us about yourself so we can find the right match. Your timezone comes from your Slack profile."), nil, nil),
		input(blockRole, "I want to join as", "", role, false),
		input(blockTeaches, "Topics I can teach", "Separate topics with commas. Needed for mentors.", teaches, true),
		input(blockLearns, "Topics I want to learn", "Separate topics with commas. Needed for mentees.", learns, true),
		input(blockGoals, "My goals", "", goals, true),
		input(blockDepartment, "Department or team", "", dept, false),
		input(blockSeniority, "Seniority (years of experience)", "", seniority, false),
		input(blockManager, "My manager", "Optional. You will never be paired with your manager.", manager, true),
		input(blockCapacity, "How many mentees I can take", "Mentors only.", capacity, true),
		input(blockCadence, "Preferred meeting cadence", "", cadence, false),
	}
	var progOpts, progInitial []*slack.OptionBlockObject
	for _, p := range programs {
		if p.Status != "open" || len(progOpts) == 100 {
			continue
		}
		o := bot.Option(p.Name, words.Truncate(p.Name, 75))
		progOpts = append(progOpts, o)
		if edit && contains(existing.Programs, p.Name) {
			progInitial = append(progInitial, o)
		}
	}
	if len(progOpts) > 0 {
		sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, bot.Plain("Pick programs"), bot.InputAction, progOpts...)
		if len(progInitial) > 0 {
			sel.InitialOptions = progInitial
		}
		blocks = append(blocks, input(blockPrograms, "Programs", "", sel, true))
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackSignup,
		Title:           bot.Plain(title),
		Submit:          bot.Plain(submit),
		Close:           bot.Plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
