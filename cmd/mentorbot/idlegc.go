package main

import (
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/idlegc"
)

// arrivals tells the idle collector (bot/idlegc) of each envelope; the
// rest of what the bot observes it has no use for.
type arrivals struct{ c *idlegc.Collector }

func (a arrivals) EnvelopeReceived(string)           { a.c.Arrived() }
func (arrivals) EnvelopeAcked(string, time.Duration) {}
func (arrivals) SocketConnected(bool)                {}
func (arrivals) SocketDisconnected()                 {}

// observers hands each observation to every one of its members.
type observers []bot.Observer

func (o observers) EnvelopeReceived(kind string) {
	for _, m := range o {
		m.EnvelopeReceived(kind)
	}
}

func (o observers) EnvelopeAcked(kind string, latency time.Duration) {
	for _, m := range o {
		m.EnvelopeAcked(kind, latency)
	}
}

func (o observers) SocketConnected(reconnect bool) {
	for _, m := range o {
		m.SocketConnected(reconnect)
	}
}

func (o observers) SocketDisconnected() {
	for _, m := range o {
		m.SocketDisconnected()
	}
}
