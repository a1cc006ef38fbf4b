package bot

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

const maxProgramDesc = 1000

type programMeta struct {
	Name string `json:"name"`
}

// programModal asks an admin for a new program's dates, description and
// check-in cadence; the name comes from the command.
func programModal(name string, today time.Time) slack.ModalViewRequest {
	meta, _ := json.Marshal(programMeta{Name: name})
	start := slack.NewDatePickerBlockElement(InputAction)
	start.InitialDate = today.Format("2006-01-02")
	end := slack.NewDatePickerBlockElement(InputAction)
	desc := slack.NewPlainTextInputBlockElement(Plain("What is this cohort about?"), InputAction)
	desc.Multiline = true
	desc.MaxLength = maxProgramDesc
	var opts []*slack.OptionBlockObject
	for _, c := range CadenceLabels {
		opts = append(opts, Option(c.Value, c.Label))
	}
	cad := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, Plain("Check-in cadence"), InputAction, opts...)
	cad.InitialOption = opts[0]
	endInput := slack.NewInputBlock(blockProgramEnd, Plain("End date"), Plain("Optional."), end)
	endInput.Optional = true
	descInput := slack.NewInputBlock(blockProgramDesc, Plain("Description"), nil, desc)
	descInput.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackProgram,
		Title:           Plain("New program"),
		Submit:          Plain("Create"),
		Close:           Plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(Plain("Program: "+name), nil, nil),
			slack.NewInputBlock(blockProgramStart, Plain("Start date"), nil, start),
			endInput,
			descInput,
			slack.NewInputBlock(blockProgramCad, Plain("Check-in cadence"), nil, cad),
		}},
	}
}

// readProgramForm validates the program form.
func readProgramForm(st *slack.ViewState, meta string) (store.NewProgram, map[string]string) {
	errs := map[string]string{}
	var m programMeta
	_ = json.Unmarshal([]byte(meta), &m)
	np := store.NewProgram{Name: m.Name}
	if _, err := ParseProgramName(m.Name); err != nil {
		errs[blockProgramStart] = "This form lost its program name. Please run `/mentor program create NAME` again."
	}
	v, _ := StateValue(st, blockProgramStart)
	start, err := time.Parse("2006-01-02", v.SelectedDate)
	if err != nil {
		errs[blockProgramStart] = "Pick a start date."
	}
	np.StartsOn = v.SelectedDate
	v, _ = StateValue(st, blockProgramEnd)
	if v.SelectedDate != "" {
		end, err := time.Parse("2006-01-02", v.SelectedDate)
		switch {
		case err != nil:
			errs[blockProgramEnd] = "Pick a valid end date."
		case errs[blockProgramStart] == "" && !end.After(start):
			errs[blockProgramEnd] = "The end date must be after the start date."
		}
		np.EndsOn = v.SelectedDate
	}
	v, _ = StateValue(st, blockProgramDesc)
	np.Description = strings.TrimSpace(v.Value)
	if utf8.RuneCountInString(np.Description) > maxProgramDesc {
		errs[blockProgramDesc] = sprintf("Please keep the description under %d characters.", maxProgramDesc)
	} else if !Printable(np.Description, true) {
		errs[blockProgramDesc] = "The description contains characters I can't store."
	}
	v, _ = StateValue(st, blockProgramCad)
	switch v.SelectedOption.Value {
	case store.CadenceWeekly, store.CadenceBiweekly, store.CadenceMonthly:
		np.Cadence = v.SelectedOption.Value
	default:
		errs[blockProgramCad] = "Choose weekly, every two weeks or monthly."
	}
	return np, errs
}
