package groups

import (
	"fmt"
	"testing"
	"time"
)

func BenchmarkFormPairs5000(b *testing.B) {
	benchPairs(b, 5000)
}

func BenchmarkFormPairs(b *testing.B) {
	for _, n := range []int{500, 1000, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchPairs(b, n) })
	}
}

func benchPairs(b *testing.B, n int) {
	people := GeneratePeople(42, n)
	opt := Options{Size: 2, MetRecently: GenerateHistory(42, people, 6)}
	greedy, err := FormGreedy(people, opt)
	if err != nil {
		b.Fatal(err)
	}
	var r Result
	b.ResetTimer()
	for b.Loop() {
		if r, err = Form(people, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(r.Total), "total")
	b.ReportMetric(float64(greedy.Total), "greedy-total")
	b.ReportMetric(float64(r.Repeats), "repeats")
	b.ReportMetric(float64(greedy.Repeats), "greedy-repeats")
	b.ReportMetric(float64(len(r.Unplaced)), "unplaced")
	b.ReportMetric(float64(len(greedy.Unplaced)), "greedy-unplaced")
	m := newModel(people, Options{Size: 2, Weights: DefaultWeights(), MetRecently: opt.MetRecently})
	t0 := time.Now()
	_, st := m.exactPairs()
	b.Logf("n=%d: %d solves, %d candidate edges, one run %v", n, st.Rounds, st.Edges, time.Since(t0))
}
