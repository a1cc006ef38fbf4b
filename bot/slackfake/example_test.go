package slackfake_test

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// A bot built on slack-go answers a slash command; the fake shows the ack's
// text to the user as Slack would.
func Example() {
	s := slackfake.New(slackfake.Options{})
	defer s.Close()
	s.AddUser(slackfake.User{ID: "U1", Name: "ada", TZ: "Europe/London"})

	api := slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(s.URL()))
	client := socketmode.New(api)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	botCtx, stopBot := context.WithCancel(ctx)
	defer stopBot()
	botDone := make(chan struct{})
	go func() {
		defer close(botDone)
		_ = client.RunContext(botCtx)
	}()
	go func() { // the bot: ack slash commands with a reply
		for {
			select {
			case ev := <-client.Events:
				if cmd, ok := ev.Data.(slack.SlashCommand); ok {
					_ = client.Ack(*ev.Request, map[string]string{"text": "Hello " + cmd.UserName})
				}
			case <-botCtx.Done():
				return
			}
		}
	}()

	env, err := s.SlashCommand(ctx, "U1", "/mentor", "help")
	if err != nil {
		fmt.Println(err)
		return
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("late:", ack.Late)
	fmt.Println("ephemeral:", s.Ephemerals("U1")[0].Text)

	stopBot()
	<-botDone
	// Output:
	// late: false
	// ephemeral: Hello ada
}
