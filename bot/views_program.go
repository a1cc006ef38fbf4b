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
	start := slack.NewDatePickerBlockElement(inputAction)
	start.InitialDate = today.Format("2006-01-02")
	end := slack.NewDatePickerBlockElement(inputAction)
	desc := slack.NewPlainTextInputBlockElement(plain("What is this cohort about?"), inputAction)
	desc.Multiline = true
	desc.MaxLength = maxProgramDesc
	var opts []*slack.OptionBlockObject
	for _, c := range cadenceLabels {
		opts = append(opts, option(c.value, c.label))
	}
	cad := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Check-in cadence"), inputAction, opts...)
	cad.InitialOption = opts[0]
	endInput := slack.NewInputBlock(blockProgramEnd, plain("End date"), plain("Optional."), end)
	endInput.Optional = true
	descInput := slack.NewInputBlock(blockProgramDesc, plain("Description"), nil, desc)
	descInput.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackProgram,
		Title:           plain("New program"),
		Submit:          plain("Create"),
		Close:           plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(plain("Program: "+name), nil, nil),
			slack.NewInputBlock(blockProgramStart, plain("Start date"), nil, start),
			endInput,
			descInput,
			slack.NewInputBlock(blockProgramCad, plain("Check-in cadence"), nil, cad),
		}},
	}
}

// readProgramForm validates the program form.
func readProgramForm(st *slack.ViewState, meta string) (store.NewProgram, map[string]string) {
	errs := map[string]string{}
	var m programMeta
	_ = json.Unmarshal([]byte(meta), &m)
	np := store.NewProgram{Name: m.Name}
	if _, err := parseProgramName(m.Name); err != nil {
		errs[blockProgramStart] = "This form lost its program name. Please run `/mentor program create NAME` again."
	}
	v, _ := stateValue(st, blockProgramStart)
	start, err := time.Parse("2006-01-02", v.SelectedDate)
	if err != nil {
		errs[blockProgramStart] = "Pick a start date."
	}
	np.StartsOn = v.SelectedDate
	v, _ = stateValue(st, blockProgramEnd)
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
	v, _ = stateValue(st, blockProgramDesc)
	np.Description = strings.TrimSpace(v.Value)
	if utf8.RuneCountInString(np.Description) > maxProgramDesc {
		errs[blockProgramDesc] = sprintf("Please keep the description under %d characters.", maxProgramDesc)
	} else if !printable(np.Description, true) {
		errs[blockProgramDesc] = "The description contains characters I can't store."
	}
	v, _ = stateValue(st, blockProgramCad)
	switch v.SelectedOption.Value {
	case store.CadenceWeekly, store.CadenceBiweekly, store.CadenceMonthly:
		np.Cadence = v.SelectedOption.Value
	default:
		errs[blockProgramCad] = "Choose weekly, every two weeks or monthly."
	}
	return np, errs
}
