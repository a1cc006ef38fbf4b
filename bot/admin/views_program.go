package admin

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
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
	start := slack.NewDatePickerBlockElement(bot.InputAction)
	start.InitialDate = today.Format("2006-01-02")
	end := slack.NewDatePickerBlockElement(bot.InputAction)
	desc := slack.NewPlainTextInputBlockElement(bot.Plain("What is this cohort about?"), bot.InputAction)
	desc.Multiline = true
	desc.MaxLength = maxProgramDesc
	var opts []*slack.OptionBlockObject
	for _, c := range words.CadenceLabels {
		opts = append(opts, bot.Option(c.Value, c.Label))
	}
	cad := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, bot.Plain("Check-in cadence"), bot.InputAction, opts...)
	cad.InitialOption = opts[0]
	endInput := slack.NewInputBlock(blockProgramEnd, bot.Plain("End date"), bot.Plain("Optional."), end)
	endInput.Optional = true
	descInput := slack.NewInputBlock(blockProgramDesc, bot.Plain("Description"), nil, desc)
	descInput.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackProgram,
		Title:           bot.Plain("New program"),
		Submit:          bot.Plain("Create"),
		Close:           bot.Plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(bot.Plain("Program: "+name), nil, nil),
			slack.NewInputBlock(blockProgramStart, bot.Plain("Start date"), nil, start),
			endInput,
			descInput,
			slack.NewInputBlock(blockProgramCad, bot.Plain("Check-in cadence"), nil, cad),
		}},
	}
}

// readProgramForm validates the program form.
func readProgramForm(st *slack.ViewState, meta string) (store.NewProgram, map[string]string) {
	errs := map[string]string{}
	var m programMeta
	_ = json.Unmarshal([]byte(meta), &m)
	np := store.NewProgram{Name: m.Name}
	if _, err := bot.ParseProgramName(m.Name); err != nil {
		errs[blockProgramStart] = "This form lost its program name. Please run `/mentor program create NAME` again."
	}
	v, _ := bot.StateValue(st, blockProgramStart)
	start, err := time.Parse("2006-01-02", v.SelectedDate)
	if err != nil {
		errs[blockProgramStart] = "Pick a start date."
	}
	np.StartsOn = v.SelectedDate
	v, _ = bot.StateValue(st, blockProgramEnd)
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
	v, _ = bot.StateValue(st, blockProgramDesc)
	np.Description = strings.TrimSpace(v.Value)
	if utf8.RuneCountInString(np.Description) > maxProgramDesc {
		errs[blockProgramDesc] = sprintf("Please keep the description under %d characters.", maxProgramDesc)
	} else if !words.Printable(np.Description, true) {
		errs[blockProgramDesc] = "The description contains characters I can't store."
	}
	v, _ = bot.StateValue(st, blockProgramCad)
	switch v.SelectedOption.Value {
	case store.CadenceWeekly, store.CadenceBiweekly, store.CadenceMonthly:
		np.Cadence = v.SelectedOption.Value
	default:
		errs[blockProgramCad] = "Choose weekly, every two weeks or monthly."
	}
	return np, errs
}
