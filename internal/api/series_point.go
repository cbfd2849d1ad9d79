package api

import (
	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/wire"
)

// storedPointOf is one point as the series route gives it, with what its
// publication said of it.
func storedPointOf(p indicators.Point, source string, pm store.PointMeta) wire.StoredPoint {
	sp := wire.StoredPoint{Time: p.Time.UTC(), Value: p.Value, Qualifier: pm.Qualifier.String(), Source: source, SourceURL: pm.SourceURL}
	if !pm.Start.IsZero() {
		start := pm.Start.UTC()
		sp.Start = &start
	}
	return sp
}
