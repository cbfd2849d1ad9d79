package server

import "github.com/jalonhq/jalon/indicators"

// catalogIndex finds indicators by id without scanning the catalog.
type catalogIndex struct {
	catalog    *indicators.Catalog
	indicators map[string]*indicators.Indicator
	objectives map[string]*indicators.Objective
}

func newCatalogIndex(c *indicators.Catalog) *catalogIndex {
	x := &catalogIndex{catalog: c, indicators: map[string]*indicators.Indicator{}, objectives: map[string]*indicators.Objective{}}
	for oi := range c.Objectives {
		o := &c.Objectives[oi]
		for ii := range o.Indicators {
			x.indicators[o.Indicators[ii].ID] = &o.Indicators[ii]
			x.objectives[o.Indicators[ii].ID] = o
		}
	}
	return x
}

func (x *catalogIndex) indicator(id string) (*indicators.Indicator, bool) {
	ind, ok := x.indicators[id]
	return ind, ok
}
