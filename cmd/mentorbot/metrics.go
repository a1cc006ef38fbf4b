package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/checkins"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// metrics are serve's Prometheus series, on a registry of their own (no
// package-level default registry). docs/operations.md lists them.
type metrics struct {
	reg *prometheus.Registry

	envelopes   *prometheus.CounterVec
	ackLatency  *prometheus.HistogramVec
	apiCalls    *prometheus.CounterVec
	apiLatency  *prometheus.HistogramVec
	connects    prometheus.Counter
	reconnects  prometheus.Counter
	connected   prometheus.Gauge
	sendLag     *prometheus.HistogramVec
	sendResults *prometheus.CounterVec
}

func newMetrics(db *sqldb.DB, now func() time.Time) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.envelopes = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mentorbot_envelopes_total",
		Help: "Socket Mode envelopes received, by type (slash_commands, interactive, events_api).",
	}, []string{"type"})
	m.ackLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "mentorbot_ack_latency_seconds",
		Help:    "Time from an envelope's arrival to its ack being written (Slack redelivers after 3 s).",
		Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5},
	}, []string{"type"})
	m.apiCalls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mentorbot_slack_api_calls_total",
		Help: "Slack Web API calls by method and result (ok, ratelimited, error).",
	}, []string{"method", "result"})
	m.apiLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "mentorbot_slack_api_call_seconds",
		Help:    "Slack Web API call duration by method.",
		Buckets: prometheus.DefBuckets,
	}, []string{"method"})
	m.connects = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "mentorbot_socketmode_connects_total",
		Help: "Socket Mode connections established.",
	})
	m.reconnects = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "mentorbot_socketmode_reconnects_total",
		Help: "Socket Mode connections established after the first one (refreshes, drops).",
	})
	m.connected = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "mentorbot_socketmode_connected",
		Help: "1 while a Socket Mode connection is up.",
	})
	m.sendLag = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mentorbot_scheduler_send_lag_seconds",
		Help: "How long after its slot a scheduled message went out, by kind (a reminder's slot is its check-in's).",
		// A check-in should go out within a minute of its slot.
		Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 900, 3600, 6 * 3600, 24 * 3600, 72 * 3600},
	}, []string{"kind"})
	m.sendResults = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mentorbot_scheduler_sends_total",
		Help: "Scheduled sends by kind and result (ok, error).",
	}, []string{"kind", "result"})
	m.reg.MustRegister(m.envelopes, m.ackLatency, m.apiCalls, m.apiLatency, m.connects, m.reconnects, m.connected,
		m.sendLag, m.sendResults,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil { // nil only in tests of the other series
		m.reg.MustRegister(newOutboxCollector(db, now))
	}
	return m
}

// The bot.Observer side: envelopes, acks and the connection.

func (m *metrics) EnvelopeReceived(kind string) { m.envelopes.WithLabelValues(kind).Inc() }

func (m *metrics) EnvelopeAcked(kind string, latency time.Duration) {
	m.ackLatency.WithLabelValues(kind).Observe(latency.Seconds())
}

func (m *metrics) SocketConnected(reconnect bool) {
	m.connects.Inc()
	if reconnect {
		m.reconnects.Inc()
	}
	m.connected.Set(1)
}

func (m *metrics) SocketDisconnected() { m.connected.Set(0) }

var _ bot.Observer = (*metrics)(nil)

// httpClient is the client slack-go uses for every Web API call, counting
// each call by method and result. Wrapping the transport counts every call
// site at once, including apps.connections.open and file uploads.
func (m *metrics) httpClient() *http.Client {
	// Keep enough connections to Slack for a burst's answers (the default
	// keeps 2, so 50 concurrent answers dialled 48 new ones each time).
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return &http.Client{Transport: &countingTransport{next: t, m: m}}
}

type countingTransport struct {
	next http.RoundTripper
	m    *metrics
}

// maxPeek bounds how much of a response body is buffered to read "ok".
const maxPeek = 1 << 20

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	method := apiMethod(req)
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	t.m.apiLatency.WithLabelValues(method).Observe(time.Since(start).Seconds())
	if err != nil {
		t.m.apiCalls.WithLabelValues(method, "error").Inc()
		return nil, err
	}
	result := "ok"
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		result = "ratelimited"
	case resp.StatusCode != http.StatusOK:
		result = "error"
	default:
		// Slack answers 200 with {"ok":false,...} for its own errors: read
		// the body (small JSON) and hand the same bytes on.
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxPeek))
		if rerr != nil {
			resp.Body.Close()
			t.m.apiCalls.WithLabelValues(method, "error").Inc()
			return nil, rerr
		}
		// A body longer than maxPeek is passed on whole, unparsed.
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		var r struct {
			OK    *bool  `json:"ok"`
			Error string `json:"error"`
		}
		if json.Unmarshal(body, &r) == nil && r.OK != nil && !*r.OK {
			result = "error"
			if r.Error == "ratelimited" {
				result = "ratelimited"
			}
		}
	}
	t.m.apiCalls.WithLabelValues(method, result).Inc()
	return resp, nil
}

// apiMethod names a call for the metric: the Web API method from
// ".../api/chat.postMessage", "file_upload" for anything else (the upload
// URL slack-go posts file bytes to). The label set stays small.
func apiMethod(req *http.Request) string {
	p := req.URL.Path
	i := strings.LastIndex(p, "/api/")
	if i < 0 {
		return "file_upload"
	}
	m := p[i+len("/api/"):]
	if m == "" || len(m) > 64 || strings.ContainsAny(m, "/?") {
		return "other"
	}
	return m
}

// meteredSender wraps the bot's Sender to time each scheduled message
// against its slot. Embedding keeps the Pacer and Alerter methods the
// scheduler looks for.
type meteredSender struct {
	*checkins.Sender
	m   *metrics
	now func() time.Time
}

func (s meteredSender) Send(ctx context.Context, d store.Delivery) (scheduler.SentMessage, error) {
	msg, err := s.Sender.Send(ctx, d)
	if err != nil {
		s.m.sendResults.WithLabelValues(d.Kind, "error").Inc()
		return msg, err
	}
	s.m.sendResults.WithLabelValues(d.Kind, "ok").Inc()
	lag := s.now().Sub(d.Slot)
	if lag < 0 {
		lag = 0
	}
	s.m.sendLag.WithLabelValues(d.Kind).Observe(lag.Seconds())
	return msg, nil
}

// outboxCollector reads the outbox at scrape time: rows by kind and state,
// and how far the dispatcher is behind (the oldest due, unsent row).
type outboxCollector struct {
	db                                   *sqldb.DB
	now                                  func() time.Time
	deliveriesDesc, backlogDesc, errDesc *prometheus.Desc
}

func newOutboxCollector(db *sqldb.DB, now func() time.Time) *outboxCollector {
	return &outboxCollector{db: db, now: now,
		deliveriesDesc: prometheus.NewDesc("mentorbot_deliveries",
			"Outbox rows (scheduled messages) by kind and state (pending, sending, sent, failed, missed).",
			[]string{"kind", "state"}, nil),
		backlogDesc: prometheus.NewDesc("mentorbot_scheduler_backlog_seconds",
			"Age of the oldest outbox row that is due and not yet sent (0 when none): the scheduler's lag behind its slots.",
			nil, nil),
		errDesc: prometheus.NewDesc("mentorbot_outbox_scrape_error",
			"1 when the outbox could not be read for this scrape.", nil, nil),
	}
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.deliveriesDesc
	ch <- c.backlogDesc
	ch <- c.errDesc
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	failed := 0.0
	counts, err := c.db.DeliveryCounts(ctx)
	if err != nil {
		failed = 1
	}
	for k, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.deliveriesDesc, prometheus.GaugeValue, float64(n), k[0], k[1])
	}
	now := c.now()
	due, err := c.db.DueDeliveries(ctx, now, 1)
	if err != nil {
		failed = 1
	}
	backlog := 0.0
	if len(due) > 0 && now.After(due[0].NotBefore) {
		backlog = now.Sub(due[0].NotBefore).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(c.backlogDesc, prometheus.GaugeValue, backlog)
	ch <- prometheus.MustNewConstMetric(c.errDesc, prometheus.GaugeValue, failed)
}
