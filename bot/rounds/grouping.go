package rounds

import (
	"errors"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/match/groups"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Grouper is the round's grouping for the scheduler: groups.Form over the
// members, with their zones' offsets at the clock's now. Whoever Form
// cannot place (only the manager rule can leave someone out) sits this
// round out.
func (rd *Rounds) Grouper() store.GroupFunc {
	return Grouper(rd.weights, rd.core.Now)
}

// Grouper is the grouping with these weights and clock.
func Grouper(w groups.Weights, now func() time.Time) store.GroupFunc {
	return func(people []store.RoundPerson, size int, met func(a, b string) bool) ([][]string, int, error) {
		at := now()
		in := make([]groups.Person, len(people))
		for i, p := range people {
			gp := groups.Person{ID: p.SlackID, Department: p.Department, ManagerID: p.ManagerSlack}
			for _, t := range p.Topics {
				if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
					gp.Topics = append(gp.Topics, t)
				}
			}
			if loc, err := time.LoadLocation(p.Timezone); err == nil && p.Timezone != "" {
				_, off := at.In(loc).Zone()
				gp.UTCOffset, gp.HasZone = time.Duration(off)*time.Second, true
			}
			in[i] = gp
		}
		res, err := groups.Form(in, groups.Options{Size: size, Weights: w, MetRecently: met})
		if err != nil {
			return nil, 0, err
		}
		out := make([][]string, 0, len(res.Groups))
		for _, g := range res.Groups {
			out = append(out, g.Members)
		}
		return out, res.Repeats, nil
	}
}

// classify makes a Slack call's error one the scheduler can act on.
func classify(method string, err error) error {
	var se *scheduler.SendError
	if errors.As(err, &se) {
		return err
	}
	return slackerr.Classify(method, err)
}
