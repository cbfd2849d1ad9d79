package collector

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/jalonhq/jalon/territory"
)

// writeBenchCSV writes an open-data style file of n rows: one row per
// establishment and month, 101 departments, decimal commas, a trailing
// delimiter. The rows make 12 × 101 groups, whatever n.
func writeBenchCSV(b *testing.B, n int) string {
	b.Helper()
	codes, err := territory.Load()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), fmt.Sprintf("rows-%d.csv", n))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("\ufeffmois;code_region;code_departement;finess;taux_ins_qualifiees;\n")
	for i := range n {
		d := codes.Departments[i%len(codes.Departments)]
		fmt.Fprintf(w, "2024-%02d;%s;%s;%09d;%d,%d;\n", 1+i/len(codes.Departments)%12, d.Region, d.Code, i, 50+i%50, i%10)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// BenchmarkCSVAggregate parses and aggregates generated files of growing
// size, streamed from disk as a pull would. B/op stays the same from ten
// thousand to a million rows: memory grows with the groups, not the rows.
func BenchmarkCSVAggregate(b *testing.B) {
	p := mapperPuller(b, "csv", "indicator = \"ins_qualified_share\"\n[puller.csv]\ndecimal_comma = true\ntime_column = \"mois\"\n"+
		"time_format = \"YYYY-MM\"\nvalue_column = \"taux_ins_qualifiees\"\nlabel_columns = { region = \"code_region\", department = \"code_departement\" }\n"+
		"aggregate = \"max\"\n")
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			path := writeBenchCSV(b, n)
			b.ReportAllocs()
			for b.Loop() {
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				acc := newAccumulator("max")
				err = decodeAndRead(f, func(r io.Reader) error { return newCSVMapper(p).read(r, acc) })
				f.Close()
				if err != nil || len(acc.points) != 12*101 && n >= 12*101 {
					b.Fatalf("read = %v, %d points; want 1212", err, len(acc.points))
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
