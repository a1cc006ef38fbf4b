package main

import (
	"strings"
	"testing"
	"time"
)

// MENTORBOT_PAIRING_LENGTH and MENTORBOT_RENEWAL_NOTICE: positive Go
// durations, the notice shorter than the length; a bad one stops start-up
// with one line naming the setting.
func TestLifecycleSettings(t *testing.T) {
	base := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
	load := func(set map[string]string) (config, error) {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range set {
			env[k] = v
		}
		return loadConfig(nil, func(k string) string { return env[k] }, &strings.Builder{})
	}
	cfg, err := load(nil)
	if err != nil || cfg.PairingLength != 4368*time.Hour || cfg.RenewalNotice != 336*time.Hour {
		t.Fatalf("defaults: %v %v %v", cfg.PairingLength, cfg.RenewalNotice, err)
	}
	cfg, err = load(map[string]string{"MENTORBOT_PAIRING_LENGTH": "150s", "MENTORBOT_RENEWAL_NOTICE": "110s"})
	if err != nil || cfg.PairingLength != 150*time.Second || cfg.RenewalNotice != 110*time.Second {
		t.Fatalf("a short term: %v %v %v", cfg.PairingLength, cfg.RenewalNotice, err)
	}
	for _, c := range []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{"MENTORBOT_PAIRING_LENGTH": "26 weeks"}, "MENTORBOT_PAIRING_LENGTH is malformed"},
		{map[string]string{"MENTORBOT_PAIRING_LENGTH": "-1h"}, "MENTORBOT_PAIRING_LENGTH is malformed"},
		{map[string]string{"MENTORBOT_PAIRING_LENGTH": "0s"}, "MENTORBOT_PAIRING_LENGTH is malformed"},
		{map[string]string{"MENTORBOT_RENEWAL_NOTICE": "two weeks"}, "MENTORBOT_RENEWAL_NOTICE is malformed"},
		{map[string]string{"MENTORBOT_RENEWAL_NOTICE": "0"}, "MENTORBOT_RENEWAL_NOTICE is malformed"},
		{map[string]string{"MENTORBOT_PAIRING_LENGTH": "100h", "MENTORBOT_RENEWAL_NOTICE": "100h"}, "MENTORBOT_RENEWAL_NOTICE (100h0m0s) must be shorter than MENTORBOT_PAIRING_LENGTH (100h0m0s)"},
		{map[string]string{"MENTORBOT_RENEWAL_NOTICE": "5000h"}, "must be shorter than MENTORBOT_PAIRING_LENGTH"},
	} {
		_, err := load(c.set)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: err = %v, want one line with %q", c.set, err, c.want)
		}
	}
}
