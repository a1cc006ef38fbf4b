package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report as indented JSON: the stable machine format
// documented in docs/reports.md, where null is a suppressed figure.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
