package client_test

import (
	"context"
	"fmt"
	"os"

	"github.com/jalonhq/jalon/client"
	"github.com/jalonhq/jalon/wire"
)

// Push a figure, then read the status of each series of its indicator.
func Example() {
	// A daemon of the tests; in real use, jalond's address, such as
	// http://localhost:9721.
	url, stop := exampleDaemon()
	defer stop()

	c, err := client.New(url, client.Options{Token: os.Getenv("JALON_TOKEN")})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	res, err := c.Push(ctx, wire.Push{Measurements: []wire.Measurement{
		{Indicator: "mes_documents_fed_per_year", Time: "2025-01-31", Value: 21e6, Source: "ANS"},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d new, %d revised, %d unchanged\n", res.New, res.Revised, res.Unchanged)

	_, err = c.Push(ctx, wire.Push{Measurements: []wire.Measurement{{Indicator: "nope", Time: "2025-01-31", Value: 1}}})
	fmt.Println(err)
	// Output:
	// 1 new, 0 revised, 0 unchanged
	// POST /api/v1/measurements: 400 Bad Request: 1 of 1 measurements are invalid; nothing was written
	//   item 0: indicator: "nope" is not in the catalog
}
