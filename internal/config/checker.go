package config

import "github.com/jalonhq/jalon/internal/tomlcheck"

// checker reads one daemon configuration file: tomlcheck's reading of
// values, and the configuration's own checks as methods beside it.
type checker struct{ *tomlcheck.Checker }

// value is a TOML value as written, before it is checked.
type value = tomlcheck.Value
