package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
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
func (s *Server) Files(channelID string) []File {
	s.hub.Lock()
	defer s.hub.Unlock()
	var out []File
	for _, f := range s.files {
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
func (s *Server) filesGetUploadURLExternal(req *webapi.Request) (map[string]any, error) {
	name := req.Get("filename")
	length, err := strconv.Atoi(req.Get("length"))
	if name == "" || err != nil || length <= 0 {
		return nil, webapi.Err("invalid_arguments")
	}
	id := s.newIDLocked("F")
	token := hub.RandHex(12)
	s.uploads[id] = &upload{name: name, length: length}
	s.uploadTokens[token] = id
	return map[string]any{"upload_url": s.base + "/upload/v1/" + token, "file_id": id}, nil
}

// handleUpload serves the POST of the file's bytes to the upload URL,
// multipart ("file" part, as slack-go sends it) or raw.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	content, name, err := readUploadBody(r)
	call := Call{Method: "file_upload", Form: url.Values{"filename": {name}, "length": {strconv.Itoa(len(content))}}}
	if s.api.ServeFault(w, r, &call) {
		return
	}
	s.hub.Lock()
	defer s.hub.Unlock()
	id, ok := s.uploadTokens[r.PathValue("token")]
	switch {
	case err != nil:
		call.Status = http.StatusBadRequest
	case !ok || s.uploads[id].uploaded:
		call.Status = http.StatusNotFound
	default:
		up := s.uploads[id]
		up.content, up.uploaded = content, true
		call.Status = http.StatusOK
	}
	s.api.RecordLocked(call)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(call.Status)
	if call.Status == http.StatusOK {
		_, _ = fmt.Fprintf(w, "OK - %d", len(content))
	}
}

func readUploadBody(r *http.Request) ([]byte, string, error) {
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if !strings.HasPrefix(ct, "multipart/") {
		b, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
		return b, "", err
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, "", fmt.Errorf("multipart upload without a file part: %w", err)
		}
		if part.FormName() == "file" {
			b, err := io.ReadAll(io.LimitReader(part, 64<<20))
			return b, part.FileName(), err
		}
	}
}

// filesCompleteUploadExternal serves files.completeUploadExternal: the
// uploaded files are shared in channel_id (or each of channels) with
// initial_comment, as one message per channel.
func (s *Server) filesCompleteUploadExternal(req *webapi.Request) (map[string]any, error) {
	var list []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal(req.GetJSON("files"), &list); err != nil || len(list) == 0 {
		return nil, webapi.Err("invalid_arguments")
	}
	for _, f := range list {
		up, ok := s.uploads[f.ID]
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
		if _, ok := s.channels[ch]; !ok {
			return nil, webapi.Err("invalid_channel")
		}
	}
	comment, threadTS := req.Get("initial_comment"), req.Get("thread_ts")
	summaries := make([]map[string]any, 0, len(list))
	ids := make([]string, 0, len(list))
	for _, f := range list {
		up := s.uploads[f.ID]
		up.completed = true
		title := f.Title
		if title == "" {
			title = up.name
		}
		ids = append(ids, f.ID)
		summaries = append(summaries, map[string]any{"id": f.ID, "title": title})
		if len(channels) == 0 {
			s.files = append(s.files, File{ID: f.ID, Name: up.name, Title: title, Content: up.content})
		}
		for _, ch := range channels {
			s.files = append(s.files, File{ID: f.ID, Name: up.name, Title: title, Content: up.content,
				Channel: ch, InitialComment: comment, ThreadTS: threadTS})
		}
	}
	for _, ch := range channels {
		m := s.postLocked(ch, content{text: comment, threadTS: threadTS}, "files.completeUploadExternal")
		m.Files = slices.Clone(ids)
	}
	return map[string]any{"files": summaries}, nil
}
