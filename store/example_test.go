package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// A write is acknowledged once it is durable; a second write of the same
// point with another value is a revision, and reads see both writes.
func Example() {
	dir, err := os.MkdirTemp("", "jalon-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(filepath.Join(dir, "jalon.db"), store.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()

	at := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	m := indicators.Measurement{Indicator: "cdri_user_establishments",
		Labels: indicators.NewLabels(map[string]string{"region": "84"}), Time: at, Value: 120, Source: "ans"}
	first, err := st.Write(context.Background(), []indicators.Measurement{m}, "example")
	if err != nil {
		log.Fatal(err)
	}
	m.Value = 125
	second, err := st.Write(context.Background(), []indicators.Measurement{m}, "example")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("first write: %d new; second: %d revised\n", first.New, second.Revised)

	id, err := st.SeriesID(m.Indicator, m.Labels)
	if err != nil {
		log.Fatal(err)
	}
	err = st.Points(id, at.AddDate(0, -1, 0), at.AddDate(0, 0, 1), func(p indicators.Point, source string) error {
		fmt.Printf("%s %s %g from %s\n", m.Labels, p.Time.Format(time.DateOnly), p.Value, source)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// first write: 1 new; second: 1 revised
	// {region="84"} 2026-10-31 125 from ans
}
