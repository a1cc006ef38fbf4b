package blockcheck

// Limits Slack enforces (slack-notes.md "Block Kit limits" and Slack's Block
// Kit reference). Lengths are in characters.
const (
	maxMessageBlocks = 50
	maxViewBlocks    = 100     // modal and Home tab
	maxViewBytes     = 250_000 // "views over 250 KB are refused"
	maxMessageText   = 40_000  // chat.postMessage answers msg_too_long beyond this

	maxText            = 3000 // any text object
	maxSectionFields   = 10
	maxSectionField    = 2000
	maxHeaderText      = 150
	maxID              = 255 // block_id, action_id, callback_id, external_id
	maxPrivateMetadata = 3000
	maxModalButton     = 24 // modal title, submit, close

	maxActionsElements = 25
	maxContextElements = 10

	maxButtonText  = 75
	maxButtonValue = 2000
	maxURL         = 3000
	maxA11yLabel   = 75

	maxSelectOptions   = 100 // options, option_groups, options per group
	maxOptionText      = 75
	maxOptionValue     = 150
	maxOptionGroupText = 75
	maxChoiceOptions   = 10 // checkboxes, radio_buttons
	maxOverflowOptions = 5
	maxPlaceholder     = 150

	maxInputLabel  = 2000
	maxInputHint   = 2000
	maxInputLength = 3000 // plain_text_input min_length / max_length

	maxImageAltText = 2000
	maxImageTitle   = 2000
	maxVideoTitle   = 200

	maxConfirmTitle  = 100
	maxConfirmText   = 300
	maxConfirmButton = 30

	maxMarkdownText = 12_000
)
