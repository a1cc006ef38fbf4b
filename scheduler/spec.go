package scheduler

import "github.com/mentorbot/mentorbot/scheduler/cronspec"

// Spec is a parsed schedule setting (scheduler/cronspec).
type Spec = cronspec.Spec

// ParseSpec parses a cron spec for the named setting; errors name it.
func ParseSpec(setting, text string) (*Spec, error) { return cronspec.Parse(setting, text) }
