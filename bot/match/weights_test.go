package match

import (
	"strings"
	"testing"
)

func TestParseWeights(t *testing.T) {
	w, err := ParseWeights("")
	if err != nil || w != DefaultWeights() {
		t.Fatalf("empty: %+v %v", w, err)
	}
	w, err = ParseWeights(" topic=200 , department=0,require_shared_topic=false,max_gap=20")
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultWeights()
	want.Topic, want.Department, want.RequireSharedTopic, want.MaxGap = 200, 0, false, 20
	if w != want {
		t.Fatalf("got %+v\nwant %+v", w, want)
	}
	for text, msg := range map[string]string{
		"topic":                      "key=value",
		"topic=lots":                 "want a number",
		"colour=3":                   "unknown weight",
		"topic=-1":                   "want 0..",
		"topic=1,topic=2":            "twice",
		"work_start=18,work_end=9":   "working hours",
		"min_gap=5,ideal_gap_min=2":  "seniority gaps",
		"require_shared_topic=maybe": "true or false",
	} {
		if _, err := ParseWeights(text); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: err = %v, want %q", text, err, msg)
		}
	}
}
