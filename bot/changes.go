package bot

import (
	"context"

	"github.com/mentorbot/mentorbot/store"
)

// Program changes: a capability that shows the state of the whole program
// (the admin dashboard) listens, and the capabilities that change it (a
// Need help answer, a confirmed matching, a pairing's end) say so. The core
// only relays; it knows neither side.

// OnProgramChange registers fn to run after each ProgramChanged. Register
// before Run; fn must return quickly (hand slow work to a goroutine).
func (b *Bot) OnProgramChange(fn func(ctx context.Context)) {
	b.changeFns = append(b.changeFns, fn)
}

// ProgramChanged tells the listeners that what admins see has changed.
func (b *Bot) ProgramChanged(ctx context.Context) {
	for _, fn := range b.changeFns {
		fn(ctx)
	}
}

// pairingEnded is PairingEnded's tail: an ended pairing changes the
// program.
func (b *Bot) pairingEnded(ctx context.Context, p store.Pairing) {
	if b.onPairingEnded != nil {
		b.onPairingEnded(ctx, p)
	}
	b.ProgramChanged(ctx)
}

// RunCommandWith runs a parsed subcommand as if the person had typed it
// (a form that collects a command's arguments); it passes the command's own
// rule.
func (b *Bot) RunCommandWith(ctx context.Context, r Request, c Command) {
	b.router.run(ctx, r, c)
}
