package bot

// Callback, block and action IDs the bot puts in views and messages. They
// are part of the contract with Slack: a stored message's buttons keep
// these IDs, so renaming one breaks buttons already sent.
const (
	callbackSignup  = "signup"
	callbackProgram = "program_create"

	blockRole       = "role"
	blockTeaches    = "teaches"
	blockLearns     = "learns"
	blockGoals      = "goals"
	blockDepartment = "department"
	blockSeniority  = "seniority"
	blockManager    = "manager"
	blockCapacity   = "capacity"
	blockCadence    = "cadence"
	blockPrograms   = "programs"

	blockProgramName  = "program_name"
	blockProgramStart = "program_start"
	blockProgramEnd   = "program_end"
	blockProgramDesc  = "program_description"
	blockProgramCad   = "program_cadence"

	// Input blocks hold a single element whose action_id is "value".
	inputAction = "value"

	actionLeaveConfirm = "leave_confirm"
	actionLeaveCancel  = "leave_cancel"
	actionOpenSignup   = "open_signup"
	actionHomePause    = "home_pause"
	actionHomeResume   = "home_resume"
	actionHomeStatus   = "home_status"
	actionHomeFind     = "home_find"
	actionHomeFeedback = "home_feedback"
)
