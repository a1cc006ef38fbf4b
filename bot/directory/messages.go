package directory

// What the directory says. A departed person's partners are told by the
// outbox (bot/checkins renders store.KindPartnerGone), not from here.
const (
	// msgReactivated goes to a person whose deactivated account is active
	// again: they are back, paused.
	msgReactivated = "Welcome back! Your Slack account is active again, so you're back in the mentorship program, *paused* for now: no matching and no check-ins. Type `/mentor resume` when you're ready, or `/mentor status` to see where you stand."
)
