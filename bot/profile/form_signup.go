package profile

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// signupForm is what a valid sign-up form holds (the timezone and name come
// from Slack, not from the form).
type signupForm struct {
	Role       string
	Teaches    []string
	Learns     []string
	Goals      string
	Department string
	Seniority  int
	Manager    string
	Capacity   int
	Cadence    string
	Programs   []string
}

// readSignupForm validates a submitted sign-up form. Every field is
// untrusted; errors are keyed by block ID for response_action "errors".
func readSignupForm(st *slack.ViewState, self string, openPrograms map[string]bool) (signupForm, map[string]string) {
	var f signupForm
	errs := map[string]string{}

	v, _ := bot.StateValue(st, blockRole)
	switch v.SelectedOption.Value {
	case store.RoleMentor, store.RoleMentee, store.RoleBoth:
		f.Role = v.SelectedOption.Value
	default:
		errs[blockRole] = "Choose mentor, mentee or both."
	}
	var msg string
	v, _ = bot.StateValue(st, blockTeaches)
	if f.Teaches, msg = readTopics(v.Value); msg != "" {
		errs[blockTeaches] = msg
	}
	v, _ = bot.StateValue(st, blockLearns)
	if f.Learns, msg = readTopics(v.Value); msg != "" {
		errs[blockLearns] = msg
	}
	if f.Role == store.RoleMentor || f.Role == store.RoleBoth {
		if len(f.Teaches) == 0 && errs[blockTeaches] == "" {
			errs[blockTeaches] = "Mentors: list at least one topic you can teach."
		}
	}
	if f.Role == store.RoleMentee || f.Role == store.RoleBoth {
		if len(f.Learns) == 0 && errs[blockLearns] == "" {
			errs[blockLearns] = "Mentees: list at least one topic you want to learn."
		}
	}

	v, _ = bot.StateValue(st, blockGoals)
	f.Goals = strings.TrimSpace(v.Value)
	if utf8.RuneCountInString(f.Goals) > maxGoalsLen {
		errs[blockGoals] = sprintf("Please keep your goals under %d characters.", maxGoalsLen)
	} else if !words.Printable(f.Goals, true) {
		errs[blockGoals] = "Your goals contain characters I can't store."
	}

	v, _ = bot.StateValue(st, blockDepartment)
	f.Department = strings.Join(strings.Fields(v.Value), " ")
	switch {
	case f.Department == "":
		errs[blockDepartment] = "Please enter your department or team."
	case utf8.RuneCountInString(f.Department) > maxDeptLen:
		errs[blockDepartment] = sprintf("Please keep this under %d characters.", maxDeptLen)
	case !words.Printable(f.Department, false):
		errs[blockDepartment] = "This contains characters I can't store."
	}

	v, _ = bot.StateValue(st, blockSeniority)
	n, err := strconv.Atoi(strings.TrimSpace(v.Value))
	if err != nil || n < 0 || n > maxSeniority {
		errs[blockSeniority] = sprintf("Enter whole years from 0 to %d.", maxSeniority)
	}
	f.Seniority = n

	v, _ = bot.StateValue(st, blockManager)
	f.Manager = v.SelectedUser
	if f.Manager != "" && f.Manager == self {
		errs[blockManager] = "You can't be your own manager. Leave this empty or pick your manager."
	}

	v, _ = bot.StateValue(st, blockCapacity)
	if s := strings.TrimSpace(v.Value); s != "" {
		c, err := strconv.Atoi(s)
		if err != nil || c < 0 || c > maxCapacity {
			errs[blockCapacity] = sprintf("Enter a whole number from 0 to %d.", maxCapacity)
		}
		f.Capacity = c
	}
	if (f.Role == store.RoleMentor || f.Role == store.RoleBoth) && f.Capacity == 0 && errs[blockCapacity] == "" {
		errs[blockCapacity] = "Mentors: how many mentees can you take (at least 1)?"
	}
	if f.Role == store.RoleMentee {
		f.Capacity = 0
	}

	v, _ = bot.StateValue(st, blockCadence)
	switch v.SelectedOption.Value {
	case store.CadenceWeekly, store.CadenceBiweekly, store.CadenceMonthly:
		f.Cadence = v.SelectedOption.Value
	default:
		errs[blockCadence] = "Choose weekly, every two weeks or monthly."
	}

	v, _ = bot.StateValue(st, blockPrograms)
	for _, o := range v.SelectedOptions {
		if !openPrograms[o.Value] {
			errs[blockPrograms] = "One of these programs is no longer open. Please pick again."
			break
		}
		f.Programs = append(f.Programs, o.Value)
	}
	return f, errs
}

// readTopics splits a comma (or semicolon/newline) separated topic list.
func readTopics(s string) ([]string, string) {
	if utf8.RuneCountInString(s) > topicsMaxInput {
		return nil, sprintf("Please keep this under %d characters.", topicsMaxInput)
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
	var out []string
	seen := map[string]bool{}
	for _, p := range parts {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" {
			continue
		}
		if utf8.RuneCountInString(p) > maxTopicLen {
			return nil, sprintf("Each topic should be at most %d characters: %q is longer.", maxTopicLen, words.Truncate(p, 20))
		}
		if !words.Printable(p, false) {
			return nil, "Topics can't contain control characters."
		}
		k := store.TopicKey(p)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	if len(out) > maxTopics {
		return nil, sprintf("Please list at most %d topics.", maxTopics)
	}
	return out, ""
}
