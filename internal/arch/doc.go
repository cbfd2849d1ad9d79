// Package arch holds no code: its test keeps the package graph drawn in
// docs/architecture.md true, so that an import that breaks a layering rule
// fails `make test` instead of waiting for a reviewer to notice it.
package arch
