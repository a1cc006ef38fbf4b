package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// The authorization gate. Slack vouches for who acted (the payload's
// user) and nothing else: a button's value, the clicked message's channel
// and ts, a form's private_metadata and its selected options are visible
// to their recipient and can be altered. So every command, action and view
// is registered with a Rule saying what its payload refers to; before the
// handler runs, the router resolves that record from the bot's own records
// and checks that the user is entitled to it. A refusal is answered,
// audited, and changes nothing. Handlers act on the Target the gate
// resolved, never on a reference read from the payload.

// Refers names what a payload refers to.
type Refers string

// What payloads refer to.
const (
	// RefersSelf: nothing but the user. The handler acts only on the
	// user's own data (the user ID Slack vouches for).
	RefersSelf Refers = "self"
	// RefersAdmin: nothing, and only program admins may act.
	RefersAdmin Refers = "admin"
	// RefersCheckin: a check-in id; its participant may act.
	RefersCheckin Refers = "check-in"
	// RefersDelivery: an outbox row id; its recipient may act.
	RefersDelivery Refers = "delivery"
	// RefersPairing: a pairing id; someone the bot sent an offer of the
	// rule's kind about that pairing may act.
	RefersPairing Refers = "pairing"
	// RefersRequest: a mentor request id; the mentor asked may act.
	RefersRequest Refers = "request"
	// RefersProposal: a matching preview id; the admin who made it may act.
	RefersProposal Refers = "proposal"
	// RefersMessage: the clicked message; it must be one the bot sent the
	// user (an outbox row of the rule's kinds).
	RefersMessage Refers = "message"
	// RefersGoal: a goal id; its pairing's mentee may act.
	RefersGoal Refers = "goal"
)

// RouteKind is what a route answers: a slash subcommand, a block action
// (by action_id) or a view submission (by callback_id).
type RouteKind string

// Route kinds.
const (
	RouteCommand RouteKind = "command"
	RouteAction  RouteKind = "action"
	RouteView    RouteKind = "view"
	// RouteEvent answers an Events API event (by its type, e.g.
	// app_home_opened); Slack vouches for its user.
	RouteEvent RouteKind = "event"
)

// Input is what the gate reads from one payload. UserID (and so Admin) is
// vouched for by Slack; every other field is as the client sent it.
type Input struct {
	Kind   RouteKind
	Name   string // subcommand, action_id, callback_id or event type
	UserID string
	Admin  bool // UserID is a program admin (MENTORBOT_ADMINS)
	// Value is the clicked button's value.
	Value string
	// Channel and TS name the clicked message (the payload's container).
	Channel, TS string
	// Metadata and State are a submitted view's private_metadata and
	// values.
	Metadata string
	State    *slack.ViewState
}

// Target is what the gate resolved from the bot's own records.
type Target struct {
	// ID is the record's id (check-in, delivery, pairing, request or
	// proposal); 0 for self and admin rules.
	ID int64
	// Delivery is the outbox row, for delivery and message targets.
	Delivery store.Delivery
	// Message is the bot's own message about the record, sent to the
	// user: the only message a handler may rewrite. Zero when none.
	Message SentMessage
}

// SentMessage names a message the bot posted.
type SentMessage struct{ Channel, TS string }

// Refusal is a rule's "no": the user reads Text, the audit log Target and
// Detail.
type Refusal struct {
	Target string // what was asked for, e.g. "check-in 12"
	Detail string // why not, e.g. "not theirs"
	Text   string
}

func (r *Refusal) Error() string { return "refused " + r.Target + ": " + r.Detail }

// Resolver finds what a payload refers to in the bot's own records and
// decides whether in.UserID may act on it. It returns the Target, a
// *Refusal, or another error when the records could not be read.
type Resolver func(ctx context.Context, in Input) (Target, error)

// Rule is a handler's authorization: what its payloads refer to (Refers,
// and Kinds, the outbox kinds a delivery or message must be) and the
// Resolver that decides. The zero Rule is invalid: registering it panics,
// so no handler can run ungated.
type Rule struct {
	Refers  Refers
	Kinds   []string
	Resolve Resolver
}

// Self is the rule of handlers that act only on the user's own data.
func Self() Rule {
	return Rule{Refers: RefersSelf, Resolve: func(context.Context, Input) (Target, error) { return Target{}, nil }}
}

// AdminOnly is the rule of handlers only program admins may run.
func AdminOnly() Rule {
	return Rule{Refers: RefersAdmin, Resolve: func(_ context.Context, in Input) (Target, error) {
		if in.Admin {
			return Target{}, nil
		}
		text := MsgAdminsOnly
		if in.Kind == RouteCommand {
			text = sprintf(MsgNotAdmin, in.Name)
		}
		return Target{}, &Refusal{Detail: "not a program admin", Text: text}
	}}
}

// RouteInfo describes a registered route.
type RouteInfo struct {
	Kind   RouteKind
	Name   string
	Refers Refers
	Kinds  []string
}

// Routes lists every registered command, action and view with what its
// payloads refer to, in registration order (the authorization table test
// iterates over it).
func (b *Bot) Routes() []RouteInfo {
	out := make([]RouteInfo, 0, len(b.router.table))
	for _, rt := range b.router.table {
		out = append(out, RouteInfo{Kind: rt.Kind, Name: rt.Name, Refers: rt.Rule.Refers, Kinds: append([]string(nil), rt.Rule.Kinds...)})
	}
	return out
}

// authorize runs rt's rule. On a refusal it audits and returns the text to
// answer; the handler must then not run.
func (r *router) authorize(ctx context.Context, rt Route, in Input, auditTarget string) (Target, string, bool) {
	t, err := rt.Rule.Resolve(ctx, in)
	if err == nil {
		return t, "", true
	}
	var no *Refusal
	if !errors.As(err, &no) {
		r.b.log.Error("authorization check failed", "route", in.Name, "err", err)
		return Target{}, MsgInternalError, false
	}
	if no.Target != "" {
		auditTarget = no.Target
	}
	r.b.Audit(ctx, in.UserID, strings.ReplaceAll(in.Name, "_", " "), auditTarget, store.OutcomeRefused, no.Detail)
	return Target{}, no.Text, false
}

// refusalView replaces a refused form with a modal that says so.
func refusalView(text string) *slack.ModalViewRequest {
	return &slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  Plain("mentorbot"),
		Close:  Plain("Close"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(Mrkdwn(text), nil, nil)}},
	}
}
