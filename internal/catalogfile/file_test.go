package catalogfile

import (
	"reflect"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// TestFileTypeHoldsValues checks that the type mirroring a catalog file
// holds only values and tables of them, the shapes tomlcheck knows.
func TestFileTypeHoldsValues(t *testing.T) {
	if odd := tomlcheck.OddFields(reflect.TypeFor[catalogFile]()); len(odd) > 0 {
		t.Errorf("OddFields(catalogFile) = %v, want none", odd)
	}
}
