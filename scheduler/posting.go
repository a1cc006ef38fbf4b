package scheduler

import "context"

// Claiming a row and calling Slack are not the same moment: a sender may
// wait its turn under the rate limits for a while after the claim. A
// process killed in that wait never posted, so its rows may safely be sent
// again; only a kill during the Slack call itself leaves the outcome
// unknown. The dispatcher therefore records "posting" right before the
// call, and only rows so marked are treated as possibly delivered.

type beforePostKey struct{}

// withBeforePost gives the sender a hook to run right before each Slack
// call that could deliver the message.
func withBeforePost(ctx context.Context, fn func(context.Context) error) context.Context {
	return context.WithValue(ctx, beforePostKey{}, fn)
}

// BeforePost must be called by a Sender right before each Slack call that
// could deliver the message (after any rate-limit wait). An error means the
// row is no longer this process's to send: the Sender must not post.
func BeforePost(ctx context.Context) error {
	fn, ok := ctx.Value(beforePostKey{}).(func(context.Context) error)
	if !ok {
		return nil
	}
	return fn(ctx)
}

// PostMarker is implemented by Senders that call BeforePost themselves. For
// other Senders the dispatcher marks the row as posting before Send.
type PostMarker interface {
	MarksPosting()
}

// markBeforePost arranges for mark to record "posting" right before the
// Slack call: through BeforePost for a sender that is a PostMarker (after
// its rate-limit wait), at once for any other. An error means the claim
// is no longer this process's: do not send.
func markBeforePost(ctx context.Context, sender any, mark func(context.Context) error) (context.Context, error) {
	if _, late := sender.(PostMarker); late {
		return withBeforePost(ctx, mark), nil
	}
	return ctx, mark(ctx)
}
