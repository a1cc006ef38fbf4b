package workspace

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// File is a file the bot uploaded and shared (files upload v2 flow:
// files.getUploadURLExternal, POST to the upload URL,
// files.completeUploadExternal).
type File struct {
	ID             string
	Name           string
	Title          string
	Content        []byte
	Channel        string // "" when completed without a channel (private file)
	InitialComment string
	ThreadTS       string
}

// upload is a file between getUploadURLExternal and completeUploadExternal.
type upload struct {
	name      string
	length    int
	content   []byte
	uploaded  bool
	completed bool
}

// Files returns the files shared in a channel, oldest first.
func (ws *Workspace) Files(channelID string) []File {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	var out []File
	for _, f := range ws.files {
		if f.Channel == channelID {
			f.Content = slices.Clone(f.Content)
			out = append(out, f)
		}
	}
	return out
}

// filesGetUploadURLExternal serves files.getUploadURLExternal. The upload
// URL is on the fake's own host: slack-go only sends the token to
// https://*.slack.com or to the API URL's scheme and host.
func (ws *Workspace) filesGetUploadURLExternal(req *webapi.Request) (map[string]any, error) {
	name := req.Get("filename")
	length, err := strconv.Atoi(req.Get("length"))
	if name == "" || err != nil || length <= 0 {
		return nil, webapi.Err("invalid_arguments")
	}
	id := ws.newIDLocked("F")
	token := hub.RandHex(12)
	ws.uploads[id] = &upload{name: name, length: length}
	ws.uploadTokens[token] = id
	return map[string]any{"upload_url": ws.opts.Base + "/upload/v1/" + token, "file_id": id}, nil
}

// UploadLocked stores the bytes posted to an upload URL and returns the
// HTTP status to answer: 400 when the body could not be read, 404 for an
// unknown or already used upload URL.
func (ws *Workspace) UploadLocked(token string, content []byte, readErr error) int {
	id, ok := ws.uploadTokens[token]
	switch {
	case readErr != nil:
		return http.StatusBadRequest
	case !ok || ws.uploads[id].uploaded:
		return http.StatusNotFound
	}
	up := ws.uploads[id]
	up.content, up.uploaded = content, true
	return http.StatusOK
}

// filesCompleteUploadExternal serves files.completeUploadExternal: the
// uploaded files are shared in channel_id (or each of channels) with
// initial_comment, as one message per channel.
func (ws *Workspace) filesCompleteUploadExternal(req *webapi.Request) (map[string]any, error) {
	var list []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal(req.GetJSON("files"), &list); err != nil || len(list) == 0 {
		return nil, webapi.Err("invalid_arguments")
	}
	for _, f := range list {
		up, ok := ws.uploads[f.ID]
		if !ok || !up.uploaded || up.completed {
			return nil, webapi.Err("file_not_found")
		}
	}
	var channels []string
	if ch := req.Get("channel_id"); ch != "" {
		channels = append(channels, ch)
	}
	if chs := req.Get("channels"); chs != "" {
		channels = append(channels, strings.Split(chs, ",")...)
	}
	for _, ch := range channels {
		if _, ok := ws.channels[ch]; !ok {
			return nil, webapi.Err("invalid_channel")
		}
	}
	comment, threadTS := req.Get("initial_comment"), req.Get("thread_ts")
	summaries := make([]map[string]any, 0, len(list))
	ids := make([]string, 0, len(list))
	for _, f := range list {
		up := ws.uploads[f.ID]
		up.completed = true
		title := f.Title
		if title == "" {
			title = up.name
		}
		ids = append(ids, f.ID)
		summaries = append(summaries, map[string]any{"id": f.ID, "title": title})
		if len(channels) == 0 {
			ws.files = append(ws.files, File{ID: f.ID, Name: up.name, Title: title, Content: up.content})
		}
		for _, ch := range channels {
			ws.files = append(ws.files, File{ID: f.ID, Name: up.name, Title: title, Content: up.content,
				Channel: ch, InitialComment: comment, ThreadTS: threadTS})
		}
	}
	for _, ch := range channels {
		m := ws.postLocked(ch, content{text: comment, threadTS: threadTS}, "files.completeUploadExternal")
		m.Files = slices.Clone(ids)
	}
	return map[string]any{"files": summaries}, nil
}
