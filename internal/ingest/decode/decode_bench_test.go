package decode

import (
	"strconv"
	"testing"
	"time"
)

// bulkBatch is a push batch as bench/cmd/bulkload sends it: n points of one
// indicator, 100 per series, with one label.
func bulkBatch(n int) []byte {
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	b := []byte(`{"measurements":[`)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"indicator":"bench_level","labels":{"site":"s`...)
		b = strconv.AppendInt(b, int64(100000+i/100), 10)
		b = append(b, `"},"time":"`...)
		b = start.AddDate(0, 0, i%100).AppendFormat(b, time.RFC3339)
		b = append(b, `","value":`...)
		b = strconv.AppendFloat(b, float64(1000+i%997), 'f', -1, 64)
		b = append(b, `,"source":"bulkload"}`...)
	}
	return append(b, "]}\n"...)
}

// BenchmarkDecodeJSON decodes a batch of 10 000 points with the scanner and
// with the encoding/json decoder it replaced.
func BenchmarkDecodeJSON(b *testing.B) {
	body := bulkBatch(10000)
	for _, d := range []struct {
		name   string
		decode func([]byte) ([]Item, bool)
	}{{"encoding-json", decodeJSONFastStd}, {"scanner", decodeJSONFast}} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if items, ok := d.decode(body); !ok || len(items) != 10000 {
					b.Fatal("batch refused")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10000, "ns/point")
		})
	}
}

// BenchmarkDecodeCSV decodes the same 10 000 points as BenchmarkDecodeJSON,
// as a CSV batch.
func BenchmarkDecodeCSV(b *testing.B) {
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	body := []byte("indicator,label:site,time,value,source\n")
	for i := range 10000 {
		body = append(body, "bench_level,s"...)
		body = strconv.AppendInt(body, int64(100000+i/100), 10)
		body = start.AddDate(0, 0, i%100).AppendFormat(append(body, ','), time.RFC3339)
		body = strconv.AppendFloat(append(body, ','), float64(1000+i%997)+0.25, 'f', -1, 64)
		body = append(body, ",bulkload\n"...)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if items, bad, err := CSV(body); err != nil || bad != nil || len(items) != 10000 {
			b.Fatal("batch refused", err, bad)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10000, "ns/point")
}
