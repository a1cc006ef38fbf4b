package admin

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// What administration says. Texts with %s take values already escaped for
// mrkdwn.
const (
	msgProgramCreated       = "Program *%s* is created and open for sign-ups."
	msgProgramExists        = "A program called %s already exists. Nothing was changed."
	msgProgramClosed        = "Program *%s* is closed. %s ended; I've thanked everyone."
	msgProgramClosedAlready = "Program %s is already closed. Nothing was changed."
	msgProgramEndedDM       = "Hi %s, the mentorship program *%s* has ended, and with it your pairing with %s. Thank you for taking part! Watch for a short feedback prompt from me."
	msgNoPrograms           = "There are no programs yet. Create one with `/mentor program create NAME`."
	msgProgramNotFound      = "I don't know a program called %s. `/mentor program list` shows them."

	msgAnnounceText   = "Grow with a mentor, or become one! Our mentorship program matches you with someone who can help with what you want to learn. It takes two minutes to sign up."
	msgAnnounceDone   = "I've posted the sign-up invitation in <#%s>."
	msgAnnounceFailed = "I couldn't post in <#%s> (%s). Invite me to the channel first with `/invite @mentorbot`, then try again."

	msgReportFiles        = "Your mentorship program report: CSV for spreadsheets, HTML to read in a browser."
	msgReportUploadFailed = "I couldn't send the report files to your DM just now. The summary above is complete; try again for the files."
)
