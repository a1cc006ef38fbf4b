package bot

// Callback, block and action IDs the bot puts in views and messages. They
// are part of the contract with Slack: a stored message's buttons keep
// these IDs, so renaming one breaks buttons already sent.
const (

	// Check-ins, feedback prompts and health offers (the scheduler's
	// messages). Check-in buttons carry the check-in id as value, the
	// feedback button the delivery id, rematch buttons the pairing id.
	blockCheckin          = "checkin"
	actionCheckinMet      = "checkin_met"
	actionCheckinNotYet   = "checkin_not_yet"
	actionCheckinNeedHelp = "checkin_need_help"
	actionFeedbackOpen    = "feedback_open"
	actionRematchMe       = "rematch_me"
	actionRematchKeep     = "rematch_keep"
	actionPauseOfferPause = "pause_offer_pause"
	actionPauseOfferKeep  = "pause_offer_keep"

	callbackFeedback     = "feedback"
	blockFeedbackPairing = "feedback_pairing"
	blockRating          = "rating"
	blockWentWell        = "went_well"
	blockToChange        = "to_change"
	blockProgress        = "progress"
)
