// Package config turns Jalon's TOML files into validated values: catalog files
// into an indicators.Catalog and the daemon configuration into a Daemon. It is
// the only package that imports the TOML library.
//
// Loading never stops at the first mistake: every problem of every file is
// listed as a Problem with its file, line and key, so that an operator fixes a
// file in one pass.
package config
