package bot

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

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

var cadenceLabels = []struct{ value, label string }{
	{store.CadenceWeekly, "Weekly"},
	{store.CadenceBiweekly, "Every two weeks"},
	{store.CadenceMonthly, "Monthly"},
}

func cadenceLabel(v string) string {
	for _, c := range cadenceLabels {
		if c.value == v {
			return c.label
		}
	}
	return v
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func option(value, label string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(label), nil)
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
		o := option(r.value, r.label)
		roleOpts = append(roleOpts, o)
		if edit && existing.Role == r.value {
			roleInitial = o
		}
	}
	role := slack.NewRadioButtonsBlockElement(inputAction, roleOpts...)
	if roleInitial != nil {
		role.InitialOption = roleInitial
	}

	teaches := slack.NewPlainTextInputBlockElement(plain("e.g. Go, public speaking, career growth"), inputAction)
	teaches.MaxLength = topicsMaxInput
	learns := slack.NewPlainTextInputBlockElement(plain("e.g. Kubernetes, negotiation"), inputAction)
	learns.MaxLength = topicsMaxInput
	goals := slack.NewPlainTextInputBlockElement(plain("What do you hope to get out of mentoring?"), inputAction)
	goals.Multiline = true
	goals.MaxLength = maxGoalsLen
	dept := slack.NewPlainTextInputBlockElement(plain("e.g. Platform Engineering"), inputAction)
	dept.MaxLength = maxDeptLen
	seniority := slack.NewNumberInputBlockElement(plain("Years"), inputAction, false)
	seniority.MinValue = "0"
	seniority.MaxValue = strconv.Itoa(maxSeniority)
	manager := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Pick your manager"), inputAction)
	capacity := slack.NewNumberInputBlockElement(plain("Number of mentees"), inputAction, false)
	capacity.MinValue = "0"
	capacity.MaxValue = strconv.Itoa(maxCapacity)

	var cadOpts []*slack.OptionBlockObject
	var cadInitial *slack.OptionBlockObject
	for _, c := range cadenceLabels {
		o := option(c.value, c.label)
		cadOpts = append(cadOpts, o)
		if (edit && existing.Cadence == c.value) || (!edit && c.value == store.CadenceWeekly) {
			cadInitial = o
		}
	}
	cadence := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("How often to meet"), inputAction, cadOpts...)
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
		capacity.InitialValue = strconv.Itoa(existing.Capacity)
	}

	input := func(blockID, label, hint string, el slack.BlockElement, optional bool) *slack.InputBlock {
		var h *slack.TextBlockObject
		if hint != "" {
			h = plain(hint)
		}
		ib := slack.NewInputBlock(blockID, plain(label), h, el)
		ib.Optional = optional
		return ib
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn("Tell us about yourself so we can find the right match. Your timezone comes from your Slack profile."), nil, nil),
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
		o := option(p.Name, truncate(p.Name, 75))
		progOpts = append(progOpts, o)
		if edit && contains(existing.Programs, p.Name) {
			progInitial = append(progInitial, o)
		}
	}
	if len(progOpts) > 0 {
		sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Pick programs"), inputAction, progOpts...)
		if len(progInitial) > 0 {
			sel.InitialOptions = progInitial
		}
		blocks = append(blocks, input(blockPrograms, "Programs", "", sel, true))
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackSignup,
		Title:           plain(title),
		Submit:          plain(submit),
		Close:           plain("Cancel"),
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

// truncate shortens s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
