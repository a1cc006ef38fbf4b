package bot

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// stateValue reads the element "value" of an input block.
func stateValue(st *slack.ViewState, blockID string) (slack.BlockAction, bool) {
	if st == nil {
		return slack.BlockAction{}, false
	}
	blk, ok := st.Values[blockID]
	if !ok {
		return slack.BlockAction{}, false
	}
	v, ok := blk[inputAction]
	return v, ok
}

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

	v, _ := stateValue(st, blockRole)
	switch v.SelectedOption.Value {
	case store.RoleMentor, store.RoleMentee, store.RoleBoth:
		f.Role = v.SelectedOption.Value
	default:
		errs[blockRole] = "Choose mentor, mentee or both."
	}
	var msg string
	v, _ = stateValue(st, blockTeaches)
	if f.Teaches, msg = readTopics(v.Value); msg != "" {
		errs[blockTeaches] = msg
	}
	v, _ = stateValue(st, blockLearns)
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

	v, _ = stateValue(st, blockGoals)
	f.Goals = strings.TrimSpace(v.Value)
	if utf8.RuneCountInString(f.Goals) > maxGoalsLen {
		errs[blockGoals] = sprintf("Please keep your goals under %d characters.", maxGoalsLen)
	} else if !printable(f.Goals, true) {
		errs[blockGoals] = "Your goals contain characters I can't store."
	}

	v, _ = stateValue(st, blockDepartment)
	f.Department = strings.Join(strings.Fields(v.Value), " ")
	switch {
	case f.Department == "":
		errs[blockDepartment] = "Please enter your department or team."
	case utf8.RuneCountInString(f.Department) > maxDeptLen:
		errs[blockDepartment] = sprintf("Please keep this under %d characters.", maxDeptLen)
	case !printable(f.Department, false):
		errs[blockDepartment] = "This contains characters I can't store."
	}

	v, _ = stateValue(st, blockSeniority)
	n, err := strconv.Atoi(strings.TrimSpace(v.Value))
	if err != nil || n < 0 || n > maxSeniority {
		errs[blockSeniority] = sprintf("Enter whole years from 0 to %d.", maxSeniority)
	}
	f.Seniority = n

	v, _ = stateValue(st, blockManager)
	f.Manager = v.SelectedUser
	if f.Manager != "" && f.Manager == self {
		errs[blockManager] = "You can't be your own manager. Leave this empty or pick your manager."
	}

	v, _ = stateValue(st, blockCapacity)
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

	v, _ = stateValue(st, blockCadence)
	switch v.SelectedOption.Value {
	case store.CadenceWeekly, store.CadenceBiweekly, store.CadenceMonthly:
		f.Cadence = v.SelectedOption.Value
	default:
		errs[blockCadence] = "Choose weekly, every two weeks or monthly."
	}

	v, _ = stateValue(st, blockPrograms)
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
			return nil, sprintf("Each topic should be at most %d characters: %q is longer.", maxTopicLen, truncate(p, 20))
		}
		if !printable(p, false) {
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

// printable rejects control characters (newlines allowed when multiline).
func printable(s string, multiline bool) bool {
	for _, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}
