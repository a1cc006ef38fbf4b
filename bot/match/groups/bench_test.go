package groups

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuSeconds is the process's user+system CPU time: the machine may be
// shared, so benchmarks report it beside the wall time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

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
	cpu0 := cpuSeconds()
	runs := 0
	b.ResetTimer()
	for b.Loop() {
		if r, err = Form(people, opt); err != nil {
			b.Fatal(err)
		}
		runs++
	}
	b.StopTimer()
	b.ReportMetric((cpuSeconds()-cpu0)/float64(runs), "cpu-s/op")
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

func BenchmarkFormThrees(b *testing.B) {
	for _, n := range []int{300, 1000, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			people := GeneratePeople(42, n)
			opt := Options{Size: 3, MetRecently: GenerateHistory(42, people, 6)}
			var r Result
			var err error
			cpu0 := cpuSeconds()
			runs := 0
			for b.Loop() {
				if r, err = Form(people, opt); err != nil {
					b.Fatal(err)
				}
				runs++
			}
			b.ReportMetric((cpuSeconds()-cpu0)/float64(runs), "cpu-s/op")
			b.ReportMetric(float64(r.Total), "total")
			b.ReportMetric(float64(r.Repeats), "repeats")
			b.ReportMetric(float64(len(r.Unplaced)), "unplaced")
		})
	}
}
