// Package catalogfile reads Jalon's catalog files, the TOML format of the
// roadmap's axes, priorities, objectives and indicators (docs/catalog.md),
// into an indicators.Catalog: each file checked on its own, then merged in
// order, a later file overriding an earlier one. It is kept apart from the
// daemon configuration, as Prometheus keeps its rule files (model/rulefmt)
// apart from its configuration: a catalog is data that changes with the
// roadmap, read by jalonctl and tests without any daemon.
//
// Loading never stops at the first mistake: every problem of every file is
// listed as a tomlcheck.Problem with its file, line and key, so that an
// author fixes a file in one pass.
package catalogfile
