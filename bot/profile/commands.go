package profile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

func (pf *Profile) cmdSignup(ctx context.Context, r bot.Request, _ bot.Command) {
	p, err := pf.store.Participant(ctx, r.UserID)
	switch {
	case err == nil:
		pf.openSignup(ctx, r, &p)
	case errors.Is(err, store.ErrNotSignedUp):
		pf.openSignup(ctx, r, nil)
	default:
		pf.core.Fail(ctx, r, "signup", err)
	}
}

func (pf *Profile) cmdProfile(ctx context.Context, r bot.Request, _ bot.Command) {
	p, err := pf.store.Participant(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		pf.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
		return
	}
	if err != nil {
		pf.core.Fail(ctx, r, "profile", err)
		return
	}
	pf.openSignup(ctx, r, &p)
}

// openSignup opens the sign-up (or, for a participant, the edit) modal.
func (pf *Profile) openSignup(ctx context.Context, r bot.Request, existing *store.Participant) {
	programs, err := pf.store.Programs(ctx)
	if err != nil {
		pf.core.Fail(ctx, r, "signup", err)
		return
	}
	pf.core.OpenModal(ctx, r, signupModal(existing, programs))
}

func (pf *Profile) actOpenSignup(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	r.ResponseURL = "" // a reply here must not replace the announcement
	pf.cmdSignup(ctx, r, bot.Command{Name: "signup"})
}

// viewSignup validates the sign-up form; the save happens after the ack.
func (pf *Profile) viewSignup(ctx context.Context, r bot.Request, cb slack.InteractionCallback) (any, func()) {
	programs, err := pf.store.Programs(ctx)
	if err != nil {
		pf.log.Error("signup: list programs", "err", err)
	}
	errs, save := pf.checkSignup(r, &cb, programs)
	if errs != nil {
		return errs, nil
	}
	return nil, func() { save(ctx) }
}

// viewSignupNow is viewSignup from memory at the store's version, for the
// read loop (bot.Route.CheckedNow); ok is false when the model is not
// current.
func (pf *Profile) viewSignupNow(r bot.Request, cb *slack.InteractionCallback, version uint64) (any, func(context.Context), bool) {
	if pf.instant == nil {
		return nil, nil, false
	}
	programs, ok := pf.instant.ProgramsAt(version)
	if !ok {
		return nil, nil, false
	}
	errs, save := pf.checkSignup(r, cb, programs)
	if errs != nil {
		return errs, nil, true
	}
	return nil, save, true
}

// checkSignup reads the form against the open programs: its errors' ack,
// or how to save it.
func (pf *Profile) checkSignup(r bot.Request, cb *slack.InteractionCallback, programs []store.Program) (errs any, save func(context.Context)) {
	open := map[string]bool{}
	for _, p := range programs {
		if p.Status == "open" {
			open[p.Name] = true
		}
	}
	form, invalid := readSignupForm(cb.View.State, r.UserID, open)
	if len(invalid) > 0 {
		return slack.NewErrorsViewSubmissionResponse(invalid), nil
	}
	return nil, func(ctx context.Context) { pf.saveSignup(ctx, r, form) }
}

func (pf *Profile) saveSignup(ctx context.Context, r bot.Request, f signupForm) {
	name, tz := r.UserID, "UTC"
	u, err := pf.api.GetUserInfoContext(ctx, r.UserID)
	if err != nil {
		pf.log.Warn("users.info failed; using UTC", "user", r.UserID, "err", err)
	} else {
		name = displayName(u)
		if u.TZ != "" {
			if _, err := time.LoadLocation(u.TZ); err == nil {
				tz = u.TZ
			}
		}
	}
	created, err := pf.store.SaveProfile(ctx, store.Profile{
		SlackID: r.UserID, Name: name, Role: f.Role, Teaches: f.Teaches, Learns: f.Learns, Goals: f.Goals,
		Department: f.Department, Seniority: f.Seniority, ManagerSlackID: f.Manager, Capacity: f.Capacity,
		Cadence: f.Cadence, Timezone: tz, Programs: f.Programs,
	})
	if err != nil {
		pf.log.Error("save profile", "user", r.UserID, "err", err)
		pf.core.DM(ctx, r.UserID, slack.MsgOptionText(bot.MsgInternalError, false))
		return
	}
	text := msgProfileSaved
	if created {
		text = sprintf(msgSignedUp, bot.EscapeMrkdwn(name), roleWord(f.Role))
	}
	if _, _, err := pf.core.DM(ctx, r.UserID, slack.MsgOptionText(text, false)); err != nil {
		pf.log.Warn("sign-up confirmation DM failed", "user", r.UserID, "err", err)
	}
	pf.PublishHome(ctx, r.UserID)
}

func displayName(u *slack.User) string {
	for _, n := range []string{u.RealName, u.Profile.RealName, u.Profile.DisplayName, u.Name} {
		if n = strings.TrimSpace(n); n != "" {
			return words.Truncate(n, 80)
		}
	}
	return u.ID
}

func roleWord(role string) string {
	switch role {
	case store.RoleBoth:
		return "mentor and mentee"
	default:
		return role
	}
}

const statusTitle = "Your mentorship status"

func (pf *Profile) cmdStatus(ctx context.Context, r bot.Request, _ bot.Command) {
	st, err := pf.status(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		pf.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
		return
	}
	if err != nil {
		pf.core.Fail(ctx, r, "status", err)
		return
	}
	pf.core.Reply(ctx, r, statusTitle, statusBlocks(st))
}

func (pf *Profile) actHomeStatus(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	pf.cmdStatus(ctx, r, bot.Command{Name: "status"})
}

func (pf *Profile) cmdPause(ctx context.Context, r bot.Request, c bot.Command) {
	var until *time.Time
	if c.Weeks > 0 {
		t := pf.core.Now().UTC().Add(time.Duration(c.Weeks) * 7 * 24 * time.Hour)
		until = &t
	}
	if err := pf.store.Pause(ctx, r.UserID, until); err != nil {
		if errors.Is(err, store.ErrNotSignedUp) {
			pf.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
			return
		}
		pf.core.Fail(ctx, r, "pause", err)
		return
	}
	if until != nil {
		pf.core.ReplyText(ctx, r, sprintf(msgPaused, until.Format("Monday 2 January 2006")))
	} else {
		pf.core.ReplyText(ctx, r, msgPausedOpen)
	}
	pf.PublishHome(ctx, r.UserID)
}

func (pf *Profile) actHomePause(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	pf.cmdPause(ctx, r, bot.Command{Name: "pause"})
}

func (pf *Profile) cmdResume(ctx context.Context, r bot.Request, _ bot.Command) {
	err := pf.store.Resume(ctx, r.UserID)
	switch {
	case err == nil:
		pf.core.ReplyText(ctx, r, msgResumed)
		pf.PublishHome(ctx, r.UserID)
	case errors.Is(err, store.ErrNotSignedUp):
		pf.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
	case errors.Is(err, store.ErrAlreadyDone):
		pf.core.ReplyText(ctx, r, msgNotPaused)
	default:
		pf.core.Fail(ctx, r, "resume", err)
	}
}

func (pf *Profile) actHomeResume(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	pf.cmdResume(ctx, r, bot.Command{Name: "resume"})
}

func (pf *Profile) cmdExport(ctx context.Context, r bot.Request, _ bot.Command) {
	ex, err := pf.store.ExportPerson(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		pf.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
		return
	}
	if err != nil {
		pf.core.Fail(ctx, r, "export", err)
		return
	}
	data, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		pf.core.Fail(ctx, r, "export", err)
		return
	}
	channel, err := pf.core.OpenDM(ctx, r.UserID)
	if err == nil {
		_, err = pf.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(data), FileSize: len(data), Filename: "mentorbot-my-data.json",
			Title: "My mentorbot data", InitialComment: msgExportComment, Channel: channel,
		})
	}
	if err != nil {
		pf.log.Warn("export upload failed", "user", r.UserID, "err", err)
		pf.core.ReplyText(ctx, r, msgExportFailed)
		return
	}
	pf.core.ReplyText(ctx, r, msgExportSent)
}

func (pf *Profile) cmdLeave(ctx context.Context, r bot.Request, _ bot.Command) {
	if _, err := pf.store.Participant(ctx, r.UserID); err != nil {
		if errors.Is(err, store.ErrNotSignedUp) {
			pf.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
			return
		}
		pf.core.Fail(ctx, r, "leave", err)
		return
	}
	pf.core.Reply(ctx, r, "Leave the mentorship program?", leaveBlocks())
}

func (pf *Profile) actLeaveCancel(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	pf.core.ReplaceOriginal(ctx, r, msgLeaveCancelled)
}

// actLeaveConfirm erases the person (store.Leave), rewrites the
// introductions that quoted them, tells each partner, and only once the
// erased bytes are out of the database files (EraseFromDisk) says it is
// done; if a busy reader keeps the log from being truncated, it says that
// the last copy is cleared shortly (the store finishes at its next write).
func (pf *Profile) actLeaveConfirm(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	dep, err := pf.store.Leave(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		pf.core.ReplaceOriginal(ctx, r, bot.MsgStaleButton)
		return
	}
	if err != nil {
		pf.core.Fail(ctx, r, "leave", err)
		return
	}
	for _, ref := range dep.Intros {
		if err := pf.intros.RewriteIntro(ctx, ref); err != nil {
			pf.log.Warn("could not rewrite an introduction after a leave", "pairing", ref.PairingID, "err", err)
		}
	}
	for _, p := range dep.Ended {
		other, _ := p.Other(r.UserID)
		// The partner learns who left (that is why their pairing ended);
		// from here on the bot shows the leaver as a former participant.
		text := sprintf(msgPartnerLeft, bot.EscapeMrkdwn(bot.NameOf(p, other)), bot.EscapeMrkdwn(bot.NameOf(p, r.UserID)))
		if _, _, err := pf.core.DM(ctx, other, slack.MsgOptionText(text, false)); err != nil {
			pf.log.Warn("could not tell partner about leave", "err", err)
		}
		pf.core.PairingEnded(ctx, p)
	}
	done := msgLeaveDone
	if err := pf.store.EraseFromDisk(ctx); err != nil {
		pf.log.Warn("erased data may stay in the database log until the next write", "err", err)
		done = msgLeaveDonePending
	}
	pf.core.ReplaceOriginal(ctx, r, done)
	pf.PublishHome(ctx, r.UserID)
}
