package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

func (b *Bot) cmdSignup(ctx context.Context, r Request, _ Command) {
	p, err := b.store.Participant(ctx, r.UserID)
	switch {
	case err == nil:
		b.openSignup(ctx, r, &p)
	case errors.Is(err, store.ErrNotSignedUp):
		b.openSignup(ctx, r, nil)
	default:
		b.Fail(ctx, r, "signup", err)
	}
}

func (b *Bot) cmdProfile(ctx context.Context, r Request, _ Command) {
	p, err := b.store.Participant(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		b.ReplyText(ctx, r, MsgNotSignedUp)
		return
	}
	if err != nil {
		b.Fail(ctx, r, "profile", err)
		return
	}
	b.openSignup(ctx, r, &p)
}

// openSignup opens the sign-up (or, for a participant, the edit) modal.
func (b *Bot) openSignup(ctx context.Context, r Request, existing *store.Participant) {
	programs, err := b.store.Programs(ctx)
	if err != nil {
		b.Fail(ctx, r, "signup", err)
		return
	}
	b.OpenModal(ctx, r, signupModal(existing, programs))
}

func (b *Bot) actOpenSignup(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	r.ResponseURL = "" // a reply here must not replace the announcement
	b.cmdSignup(ctx, r, Command{Name: "signup"})
}

// viewSignup validates the sign-up form; the save happens after the ack.
func (b *Bot) viewSignup(ctx context.Context, r Request, cb slack.InteractionCallback) (any, func()) {
	programs, err := b.store.Programs(ctx)
	if err != nil {
		b.log.Error("signup: list programs", "err", err)
	}
	open := map[string]bool{}
	for _, p := range programs {
		if p.Status == "open" {
			open[p.Name] = true
		}
	}
	form, errs := readSignupForm(cb.View.State, r.UserID, open)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	var meta signupMeta
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta)
	return nil, func() { b.saveSignup(ctx, r, form) }
}

func (b *Bot) saveSignup(ctx context.Context, r Request, f signupForm) {
	name, tz := r.UserID, "UTC"
	u, err := b.api.GetUserInfoContext(ctx, r.UserID)
	if err != nil {
		b.log.Warn("users.info failed; using UTC", "user", r.UserID, "err", err)
	} else {
		name = displayName(u)
		if u.TZ != "" {
			if _, err := time.LoadLocation(u.TZ); err == nil {
				tz = u.TZ
			}
		}
	}
	created, err := b.store.SaveProfile(ctx, store.Profile{
		SlackID: r.UserID, Name: name, Role: f.Role, Teaches: f.Teaches, Learns: f.Learns, Goals: f.Goals,
		Department: f.Department, Seniority: f.Seniority, ManagerSlackID: f.Manager, Capacity: f.Capacity,
		Cadence: f.Cadence, Timezone: tz, Programs: f.Programs,
	})
	if err != nil {
		b.log.Error("save profile", "user", r.UserID, "err", err)
		b.DM(ctx, r.UserID, slack.MsgOptionText(MsgInternalError, false))
		return
	}
	text := msgProfileSaved
	if created {
		text = sprintf(msgSignedUp, EscapeMrkdwn(name), roleWord(f.Role))
	}
	if _, _, err := b.DM(ctx, r.UserID, slack.MsgOptionText(text, false)); err != nil {
		b.log.Warn("sign-up confirmation DM failed", "user", r.UserID, "err", err)
	}
	b.publishHome(ctx, r.UserID)
}

func displayName(u *slack.User) string {
	for _, n := range []string{u.RealName, u.Profile.RealName, u.Profile.DisplayName, u.Name} {
		if n = strings.TrimSpace(n); n != "" {
			return Truncate(n, 80)
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

func (b *Bot) cmdStatus(ctx context.Context, r Request, _ Command) {
	st, err := b.status(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		b.ReplyText(ctx, r, MsgNotSignedUp)
		return
	}
	if err != nil {
		b.Fail(ctx, r, "status", err)
		return
	}
	b.Reply(ctx, r, "Your mentorship status", statusBlocks(st))
}

func (b *Bot) actHomeStatus(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	b.cmdStatus(ctx, r, Command{Name: "status"})
}

func (b *Bot) cmdPause(ctx context.Context, r Request, c Command) {
	var until *time.Time
	if c.Weeks > 0 {
		t := b.Now().UTC().Add(time.Duration(c.Weeks) * 7 * 24 * time.Hour)
		until = &t
	}
	if err := b.store.Pause(ctx, r.UserID, until); err != nil {
		if errors.Is(err, store.ErrNotSignedUp) {
			b.ReplyText(ctx, r, MsgNotSignedUp)
			return
		}
		b.Fail(ctx, r, "pause", err)
		return
	}
	if until != nil {
		b.ReplyText(ctx, r, sprintf(msgPaused, until.Format("Monday 2 January 2006")))
	} else {
		b.ReplyText(ctx, r, msgPausedOpen)
	}
	b.publishHome(ctx, r.UserID)
}

func (b *Bot) actHomePause(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	b.cmdPause(ctx, r, Command{Name: "pause"})
}

func (b *Bot) cmdResume(ctx context.Context, r Request, _ Command) {
	err := b.store.Resume(ctx, r.UserID)
	switch {
	case err == nil:
		b.ReplyText(ctx, r, msgResumed)
		b.publishHome(ctx, r.UserID)
	case errors.Is(err, store.ErrNotSignedUp):
		b.ReplyText(ctx, r, MsgNotSignedUp)
	case errors.Is(err, store.ErrAlreadyDone):
		b.ReplyText(ctx, r, msgNotPaused)
	default:
		b.Fail(ctx, r, "resume", err)
	}
}

func (b *Bot) actHomeResume(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	b.cmdResume(ctx, r, Command{Name: "resume"})
}

func (b *Bot) cmdExport(ctx context.Context, r Request, _ Command) {
	ex, err := b.store.ExportPerson(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		b.ReplyText(ctx, r, MsgNotSignedUp)
		return
	}
	if err != nil {
		b.Fail(ctx, r, "export", err)
		return
	}
	data, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		b.Fail(ctx, r, "export", err)
		return
	}
	channel, err := b.OpenDM(ctx, r.UserID)
	if err == nil {
		_, err = b.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(data), FileSize: len(data), Filename: "mentorbot-my-data.json",
			Title: "My mentorbot data", InitialComment: msgExportComment, Channel: channel,
		})
	}
	if err != nil {
		b.log.Warn("export upload failed", "user", r.UserID, "err", err)
		b.ReplyText(ctx, r, msgExportFailed)
		return
	}
	b.ReplyText(ctx, r, msgExportSent)
}

func (b *Bot) cmdLeave(ctx context.Context, r Request, _ Command) {
	if _, err := b.store.Participant(ctx, r.UserID); err != nil {
		if errors.Is(err, store.ErrNotSignedUp) {
			b.ReplyText(ctx, r, MsgNotSignedUp)
			return
		}
		b.Fail(ctx, r, "leave", err)
		return
	}
	b.Reply(ctx, r, "Leave the mentorship program?", leaveBlocks())
}

func (b *Bot) actLeaveCancel(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	b.ReplaceOriginal(ctx, r, msgLeaveCancelled)
}

// actLeaveConfirm erases the person (store.Leave), rewrites the
// introductions that quoted them, tells each partner, and only once the
// erased bytes are out of the database files (EraseFromDisk) says it is
// done; if a busy reader keeps the log from being truncated, it says that
// the last copy is cleared shortly (the store finishes at its next write).
func (b *Bot) actLeaveConfirm(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	dep, err := b.store.Leave(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		b.ReplaceOriginal(ctx, r, MsgStaleButton)
		return
	}
	if err != nil {
		b.Fail(ctx, r, "leave", err)
		return
	}
	for _, ref := range dep.Intros {
		if err := b.rewriteIntro(ctx, ref); err != nil {
			b.log.Warn("could not rewrite an introduction after a leave", "pairing", ref.PairingID, "err", err)
		}
	}
	for _, p := range dep.Ended {
		other, _ := p.Other(r.UserID)
		// The partner learns who left (that is why their pairing ended);
		// from here on the bot shows the leaver as a former participant.
		text := sprintf(msgPartnerLeft, EscapeMrkdwn(NameOf(p, other)), EscapeMrkdwn(NameOf(p, r.UserID)))
		if _, _, err := b.DM(ctx, other, slack.MsgOptionText(text, false)); err != nil {
			b.log.Warn("could not tell partner about leave", "err", err)
		}
		b.PairingEnded(ctx, p)
	}
	done := msgLeaveDone
	if err := b.store.EraseFromDisk(ctx); err != nil {
		b.log.Warn("erased data may stay in the database log until the next write", "err", err)
		done = msgLeaveDonePending
	}
	b.ReplaceOriginal(ctx, r, done)
	b.publishHome(ctx, r.UserID)
}
