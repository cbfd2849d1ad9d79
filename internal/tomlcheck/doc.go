// Package tomlcheck turns TOML documents into values with every problem
// listed as file:line: key: msg. A file is decoded into a struct mirroring
// it whose leaves are Values, kept raw so that a value of the wrong type is
// one listed problem rather than the end of decoding; a Checker then reads
// each Value, recording a Problem at its key and line when it is wrong.
//
// It knows no kind of file: the catalog format (catalogfile) and the daemon
// configuration (config) build their checks on it. It is the only package
// that imports the TOML library.
package tomlcheck
