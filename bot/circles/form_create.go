package circles

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

const (
	maxTopic = 150
	maxDesc  = 1000
)

type createMeta struct {
	Lead string `json:"lead"`
}

// createModal asks an admin for a new circle's name (pre-filled from the
// command), topic, description, size limit, seats and cadence.
func createModal(name, lead string) slack.ModalViewRequest {
	meta, _ := json.Marshal(createMeta{Lead: lead})
	nameIn := slack.NewPlainTextInputBlockElement(bot.Plain("e.g. First managers"), bot.InputAction)
	nameIn.InitialValue, nameIn.MaxLength = name, maxName
	topic := slack.NewPlainTextInputBlockElement(bot.Plain("e.g. Leading a team for the first time"), bot.InputAction)
	topic.MaxLength = maxTopic
	desc := slack.NewPlainTextInputBlockElement(bot.Plain("What will the circle do together?"), bot.InputAction)
	desc.Multiline, desc.MaxLength = true, maxDesc
	size := slack.NewPlainTextInputBlockElement(bot.Plain("2 to 12"), bot.InputAction)
	size.InitialValue, size.MaxLength = "5", 3
	seats := slack.NewPlainTextInputBlockElement(bot.Plain("Blank: one seat per member"), bot.InputAction)
	seats.MaxLength = 3
	var opts []*slack.OptionBlockObject
	for _, c := range words.CadenceLabels {
		opts = append(opts, bot.Option(c.Value, c.Label))
	}
	cad := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, bot.Plain("Check-in cadence"), bot.InputAction, opts...)
	cad.InitialOption = opts[0]
	descInput := slack.NewInputBlock(blockDesc, bot.Plain("Description"), nil, desc)
	descInput.Optional = true
	seatsInput := slack.NewInputBlock(blockSeats, bot.Plain("Seats taken from the lead's capacity"),
		bot.Plain("Each member takes one seat of the lead's mentee capacity. A number here caps the circle's seats (0: the circle takes none)."), seats)
	seatsInput.Optional = true
	program := slack.NewPlainTextInputBlockElement(bot.Plain("Blank: no program"), bot.InputAction)
	program.MaxLength = 80
	programInput := slack.NewInputBlock(blockProgram, bot.Plain("Program (optional)"),
		bot.Plain("The circle closes with this program: when an admin closes it, or on its end date."), program)
	programInput.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackCreate,
		Title:           bot.Plain("New circle"),
		Submit:          bot.Plain("Create"),
		Close:           bot.Plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(bot.Mrkdwn("Lead: "+bot.Mention(lead)), nil, nil),
			slack.NewInputBlock(blockName, bot.Plain("Name"), nil, nameIn),
			slack.NewInputBlock(blockTopic, bot.Plain("Topic"), nil, topic),
			descInput,
			slack.NewInputBlock(blockSize, bot.Plain("Size limit (members besides the lead)"), bot.Plain("2 to 12. Up to 7 meet in a group DM; 8 or more get a private channel."), size),
			seatsInput,
			slack.NewInputBlock(blockCadence, bot.Plain("Check-in cadence"), nil, cad),
			programInput,
		}},
	}
}

// readCreateForm validates the circle form: every field error goes back
// on its own block (response_action errors), and nothing is stored.
func readCreateForm(st *slack.ViewState, meta string) (store.NewCircle, map[string]string) {
	errs := map[string]string{}
	var m createMeta
	_ = json.Unmarshal([]byte(meta), &m)
	n := store.NewCircle{LeadSlack: m.Lead}
	v, _ := bot.StateValue(st, blockName)
	name, ok := checkName(v.Value)
	switch {
	case !ok:
		errs[blockName] = "2 to 40 characters: letters, digits, spaces, - _ and ., starting with a letter or digit."
	case !userMention.MatchString(bot.Mention(m.Lead)):
		errs[blockName] = "This form lost its lead. Please run `/mentor circle create NAME @lead` again."
	}
	n.Name = name
	v, _ = bot.StateValue(st, blockTopic)
	n.Topic = strings.TrimSpace(v.Value)
	switch {
	case n.Topic == "":
		errs[blockTopic] = "Give the circle a topic."
	case utf8.RuneCountInString(n.Topic) > maxTopic:
		errs[blockTopic] = sprintf("Please keep the topic under %d characters.", maxTopic)
	case !words.Printable(n.Topic, false):
		errs[blockTopic] = "The topic contains characters I can't store."
	}
	v, _ = bot.StateValue(st, blockDesc)
	n.Description = strings.TrimSpace(v.Value)
	if utf8.RuneCountInString(n.Description) > maxDesc {
		errs[blockDesc] = sprintf("Please keep the description under %d characters.", maxDesc)
	} else if !words.Printable(n.Description, true) {
		errs[blockDesc] = "The description contains characters I can't store."
	}
	v, _ = bot.StateValue(st, blockSize)
	size, err := strconv.Atoi(strings.TrimSpace(v.Value))
	if err != nil || size < store.CircleMinSize || size > store.CircleMaxSize {
		errs[blockSize] = sprintf("Enter a whole number from %d to %d.", store.CircleMinSize, store.CircleMaxSize)
	}
	n.SizeLimit = size
	v, _ = bot.StateValue(st, blockSeats)
	if s := strings.TrimSpace(v.Value); s != "" {
		seats, err := strconv.Atoi(s)
		if err != nil || seats < 0 || seats > store.CircleMaxSize {
			errs[blockSeats] = sprintf("Leave blank (one seat per member) or enter a whole number from 0 to %d.", store.CircleMaxSize)
		} else {
			n.SeatCap = &seats
		}
	}
	v, _ = bot.StateValue(st, blockProgram)
	n.Program = strings.TrimSpace(v.Value)
	v, _ = bot.StateValue(st, blockCadence)
	switch v.SelectedOption.Value {
	case store.CadenceWeekly, store.CadenceBiweekly, store.CadenceMonthly:
		n.Cadence = v.SelectedOption.Value
	default:
		errs[blockCadence] = "Choose weekly, every two weeks or monthly."
	}
	return n, errs
}
