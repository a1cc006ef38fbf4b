package slackfake

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// handleResponseURL serves POSTs to response_url (see
// workspace.ResponseURLLocked), after any injected fault; every post is
// recorded as a "response_url" call.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" && r.ParseForm() == nil {
		body = []byte(r.PostForm.Get("payload"))
	}
	call := Call{Method: "response_url", JSON: body}
	if s.api.ServeFault(w, r, &call) {
		return
	}
	s.hub.Lock()
	status, res := s.ws.ResponseURLLocked(r.PathValue("id"), body)
	call.Status = status
	if e, ok := res["error"].(string); ok {
		call.Error = e
	}
	s.api.RecordLocked(call)
	s.hub.Unlock()
	webapi.WriteJSON(w, status, nil, res)
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
	call.Status = s.ws.UploadLocked(r.PathValue("token"), content, err)
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
