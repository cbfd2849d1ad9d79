package config

import (
	"os"
	"testing"

	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func TestOtherKindOfFile(t *testing.T) {
	catalog, err := os.ReadFile("../catalogfile/testdata/good.toml")
	if err != nil {
		t.Fatal(err)
	}
	daemon := []byte("# jalond\n\nlisten_address = \":9721\"\n[[token]]\nname = \"a\"\nhash = \"" + hashA + "\"\nscopes = [\"read\"]\n")
	_, err = ParseDaemon(tomlcheck.Source{Name: "good.toml", Data: catalog})
	if want := "good.toml:2: this looks like a catalog file, not a daemon configuration: check it with jalonctl catalog check, load it with catalog_files"; err == nil || err.Error() != want {
		t.Errorf("ParseDaemon(catalog) = %v, want %s", err, want)
	}
	_, err = catalogfile.ParseCatalog(tomlcheck.Source{Name: "jalon.toml", Data: daemon})
	if want := "jalon.toml:3: this looks like a daemon configuration, not a catalog file: check it with jalonctl config check"; err == nil || err.Error() != want {
		t.Errorf("catalogfile.ParseCatalog(daemon configuration) = %v, want %s", err, want)
	}
	// A key of the right kind makes the others unknown keys, as usual.
	_, err = ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: append(daemon, "[[objective]]\nid = \"1-1\"\n"...)})
	if want := "jalon.toml:8: objective: unknown key"; err == nil || err.Error() != want {
		t.Errorf("ParseDaemon(daemon configuration with an objective) = %v, want %s", err, want)
	}
}
