package playground

import (
	"net/http"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// The @ list under the command box: which people a typed @query suggests.
// Names are compared folded, so "@yil" finds Elif Yılmaz and "@tomas"
// finds Tomás Silva.

// mentionLimit is how many people the @ list shows.
const mentionLimit = 6

// unfoldable are letters that Unicode decomposition leaves whole but a
// person typing on a plain keyboard writes with basic Latin letters.
var unfoldable = strings.NewReplacer(
	"ı", "i", "İ", "i", "ł", "l", "Ł", "l", "ø", "o", "Ø", "o", "đ", "d", "Đ", "d",
	"ß", "ss", "æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe", "þ", "th", "Þ", "th", "ð", "d", "Ð", "d",
)

// foldName lowers s and takes accents off its letters (é → e, ı → i,
// ß → ss), for matching what someone typed against a name.
func foldName(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, unfoldable.Replace(s))
	if err != nil {
		out = s
	}
	return strings.ToLower(unfoldable.Replace(out))
}

// suggestMentions is the people, in list order and at most limit, whose
// handle starts with query or whose name contains it, both folded.
func suggestMentions(people []PersonState, query string, limit int) []PersonState {
	q := foldName(strings.TrimPrefix(query, "@"))
	out := []PersonState{}
	for _, p := range people {
		if len(out) == limit {
			break
		}
		if strings.HasPrefix(foldName(p.Handle), q) || strings.Contains(foldName(p.Name), q) {
			out = append(out, p)
		}
	}
	return out
}

// handleMentions answers GET /api/mentions?q=QUERY with the people the @
// list suggests (members only: no bot, nobody deleted).
func (s *Server) handleMentions(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query().Get("q")
	if len(query) > 100 {
		query = query[:100]
	}
	var people []PersonState
	for _, u := range s.fake.Users() {
		if !u.IsBot && !u.Deleted {
			people = append(people, PersonState{ID: u.ID, Handle: u.Name, Name: u.RealName, Title: u.Title, TZ: u.TZ, Admin: s.admins[u.ID]})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"people": suggestMentions(people, query, mentionLimit)})
}
