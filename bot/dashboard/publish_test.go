package dashboard

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackapi"
	"github.com/mentorbot/mentorbot/store"
)

// readsInTurn answers each dashboard read with the number of reads so far
// as the participant count, and holds the first read until release.
type readsInTurn struct {
	Store
	reads     atomic.Int32
	firstRead chan struct{}
	release   chan struct{}
}

func (s *readsInTurn) DashboardData(context.Context, time.Time, string, store.DashboardLimits) (store.Dashboard, error) {
	n := s.reads.Add(1)
	if n == 1 {
		close(s.firstRead)
		<-s.release
	}
	return store.Dashboard{Participants: int(n)}, nil
}

// publishedViews keeps every views.publish.
type publishedViews struct {
	slackapi.API
	mu    sync.Mutex
	views []string
}

func (p *publishedViews) PublishViewContext(_ context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error) {
	raw, err := json.Marshal(req.View)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.views = append(p.views, string(raw))
	return &slack.ViewResponse{}, err
}

// Two publishes of one admin's tab at once (a refresh and the tab opened):
// the one that read later is published last, so the tab does not stay on
// the older read.
func TestTheLatestReadIsPublishedLast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		st := &readsInTurn{firstRead: make(chan struct{}), release: make(chan struct{})}
		api := &publishedViews{}
		d := New(bot.New(api, nil, bot.Config{Admins: []string{"UHANA"}}), st)

		go d.PublishDashboard(ctx, "UHANA") // reads 1, slowly
		<-st.firstRead
		go d.PublishDashboard(ctx, "UHANA") // reads 2, unless it must wait
		synctest.Wait()                     // the second has published, or waits its turn
		close(st.release)
		synctest.Wait()

		latest, err := json.Marshal(HomeView(store.Dashboard{Participants: 2, MinGroup: d.minGroup}))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(api.views); n != 2 {
			t.Fatalf("%d views published, want 2", n)
		}
		if api.views[1] != string(latest) {
			t.Errorf("the tab was left on the first read's view (1 participant), not the second's (2)")
		}
	})
}
