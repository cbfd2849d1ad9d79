package main

import (
	"reflect"

	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
)

// infinityQuery is a query of the Infinity data source plugin, which the SDK
// does not model: a JSON document fetched from Jalon's API, one root array
// read as rows by the plugin's backend parser (so that alerting and
// annotations can use it too).
type infinityQuery struct {
	RefID        string               `json:"refId"`
	Datasource   common.DataSourceRef `json:"datasource"`
	Type         string               `json:"type"`
	Source       string               `json:"source"`
	Parser       string               `json:"parser"`
	Format       string               `json:"format"`
	URL          string               `json:"url"`
	URLOptions   infinityURLOptions   `json:"url_options"`
	RootSelector string               `json:"root_selector"`
	Columns      []infinityColumn     `json:"columns"`
}

type infinityURLOptions struct {
	Method string       `json:"method"`
	Params []infinityKV `json:"params"`
}

type infinityKV struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// infinityColumn maps a field of each row to a column; Type is one of
// string, number, timestamp.
type infinityColumn struct {
	Selector string `json:"selector"`
	Text     string `json:"text"`
	Type     string `json:"type"`
}

func (infinityQuery) ImplementsDataqueryVariant() {}
func (infinityQuery) DataqueryType() string       { return infinityPlugin }
func (infinityQuery) Validate() error             { return nil }

func (q infinityQuery) Equals(other variants.Dataquery) bool {
	o, ok := other.(infinityQuery)
	return ok && reflect.DeepEqual(q, o)
}

// planQuery is an Infinity query on GET /api/v1/indicators/{id}/plan of the
// dashboard's indicator, over the dashboard's time range, reading the rows of
// one list of the answer (planned, forecast, milestones or annotations).
type planQuery struct{ q infinityQuery }

func newPlanQuery(refID, root, format string, cols ...infinityColumn) *planQuery {
	return &planQuery{q: infinityQuery{
		RefID: refID, Datasource: infinityDS(), Type: "json", Source: "url", Parser: "backend",
		Format: format, URL: "/api/v1/indicators/${indicator}/plan", RootSelector: root, Columns: cols,
		URLOptions: infinityURLOptions{Method: "GET", Params: []infinityKV{
			{Key: "from", Value: "${__from:date:iso}"},
			{Key: "to", Value: "${__to:date:iso}"},
		}},
	}}
}

// sampled asks for the planned path at the panel's own interval, so that
// the rows match the panel's width. Annotation queries have no interval.
func (b *planQuery) sampled() *planQuery {
	b.q.URLOptions.Params = append(b.q.URLOptions.Params, infinityKV{Key: "step", Value: "${__interval}"})
	return b
}

// Build returns the query; it implements cog.Builder for panels and
// annotations.
func (b *planQuery) Build() (variants.Dataquery, error) { return b.q, nil }

func timeCol() infinityColumn {
	return infinityColumn{Selector: "time", Text: "Time", Type: "timestamp"}
}

func numberCol(selector, text string) infinityColumn {
	return infinityColumn{Selector: selector, Text: text, Type: "number"}
}

func stringCol(selector, text string) infinityColumn {
	return infinityColumn{Selector: selector, Text: text, Type: "string"}
}
