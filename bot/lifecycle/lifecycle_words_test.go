package lifecycle

import (
	"testing"
	"time"
)

func TestLengthWords(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{4368 * time.Hour, "26 weeks"},
		{672 * time.Hour, "4 weeks"},
		{168 * time.Hour, "1 week"},
		{240 * time.Hour, "10 days"},
		{30 * 24 * time.Hour, "4 weeks"},
		{36 * time.Hour, "2 days"},
		{24 * time.Hour, "1 day"},
		{5 * time.Hour, "5 hours"},
		{150 * time.Second, "3 minutes"},
		{90 * time.Second, "2 minutes"},
		{45 * time.Second, "45 seconds"},
		{time.Second, "1 second"},
	} {
		if got := LengthWords(c.d); got != c.want {
			t.Errorf("LengthWords(%s) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestDateWords(t *testing.T) {
	if got := dateWords(time.Date(2027, 5, 3, 0, 0, 0, 0, time.UTC)); got != "Monday 3 May 2027" {
		t.Errorf("midnight: %q", got)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	if got := dateWords(time.Date(2026, 11, 12, 10, 0, 0, 0, paris)); got != "Thursday 12 November 2026, 09:00 UTC" {
		t.Errorf("a time of day: %q", got)
	}
}
