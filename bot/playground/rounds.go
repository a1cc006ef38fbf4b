package playground

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// The seeded networking rounds: the admin starts weekly rounds on #general
// the way an admin does (`/mentor rounds start #general every 1 week`),
// and the seeded colleagues click *Join networking rounds* on the bot's
// post. Time travel then runs the rounds (group DMs, and the midpoint
// "Did you meet?" the simulated colleagues answer).

// seedRoundsLater seeds the rounds once the quick seed has answered (the
// colleagues' clicks take a while on a slow machine); time travel waits
// for it (waitRoundsSeed), so the first round finds everyone in.
func (s *Server) seedRoundsLater() {
	s.roundsSeed.Add(1)
	go func() {
		defer s.roundsSeed.Done()
		if joined, err := s.seedRounds(context.Background()); err != nil {
			s.log.Warn("playground: seeding the networking rounds", "err", err, "joined", len(joined))
		}
	}()
}

// waitRoundsSeed waits for a rounds seed in progress.
func (s *Server) waitRoundsSeed() { s.roundsSeed.Wait() }

// seedRounds starts the series if #general has none and has everyone with
// a profile join it; it returns who joined.
func (s *Server) seedRounds(ctx context.Context) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	general := s.fake.DefaultChannel()
	post, ok := joinPost(s.fake.Messages(general))
	if !ok {
		env, err := s.fake.SlashCommand(ctx, AdminID, "/mentor", "rounds start <#"+general+"|general> every 1 week")
		if err != nil {
			return nil, err
		}
		if _, err := env.WaitAck(ctx); err != nil {
			return nil, err
		}
		if err := s.fake.Wait(ctx, func() bool { post, ok = joinPost(s.fake.Messages(general)); return ok }); err != nil {
			return nil, fmt.Errorf("the rounds' Join post never came: %w", err)
		}
	}
	// Everyone clicks at about the same time, as a channel does.
	var (
		joined []string
		errs   []error
		mu     sync.Mutex
		wg     sync.WaitGroup
	)
	for _, p := range s.people {
		if p.Profile == nil {
			continue
		}
		joined = append(joined, p.Name)
		wg.Add(1)
		go func(p Person) {
			defer wg.Done()
			env, err := s.fake.ClickButton(ctx, p.ID, slackfake.Location{Channel: post.Channel, TS: post.TS}, roundsJoin, "")
			if err == nil {
				_, err = env.WaitAck(ctx)
			}
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s joining the rounds: %w", p.Name, err))
				mu.Unlock()
			}
		}(p)
	}
	wg.Wait()
	return joined, errors.Join(errs...)
}

// roundsJoin is the rounds' Join button (bot/rounds).
const roundsJoin = "rounds_join"

// joinPost finds the bot's newest Join networking rounds post.
func joinPost(ms []slackfake.Message) (slackfake.Message, bool) {
	for i := len(ms) - 1; i >= 0; i-- {
		if strings.Contains(string(ms[i].Blocks), `"`+roundsJoin+`"`) {
			return ms[i], true
		}
	}
	return slackfake.Message{}, false
}
