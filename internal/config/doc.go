// Package config reads jalond's configuration file into a validated Daemon:
// listen address, storage, tokens, web users' scopes, pullers, alerting settings,
// notifiers and remote write. Validate checks it, before jalond opens its
// store, against the catalog files it names (read by catalogfile) and the
// environment. Values are read with tomlcheck.
//
// Loading never stops at the first mistake: every problem of the file is
// listed as a tomlcheck.Problem with its file, line and key, so that an
// operator fixes a file in one pass.
package config
