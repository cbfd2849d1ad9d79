package catalogfile

import (
	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/seeds"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// EmbeddedSources returns the roadmap catalog compiled into the binaries,
// each file named "embedded:<name>" so that a problem says where it is.
func EmbeddedSources() []tomlcheck.Source {
	var srcs []tomlcheck.Source
	for _, f := range seeds.Files() {
		srcs = append(srcs, tomlcheck.Source{Name: "embedded:" + f.Name, Data: f.Data})
	}
	return srcs
}

// Embedded parses the embedded roadmap catalog.
func Embedded() (*indicators.Catalog, error) { return ParseCatalog(EmbeddedSources()...) }
