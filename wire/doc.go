// Package wire is Jalon's wire contract: every JSON body the HTTP API
// serves or accepts, declared once, so that the daemon, the reports,
// jalonctl and any Go program that talks to Jalon agree on one shape.
//
// Its fields only ever grow; none is renamed or removed. A number that
// cannot be computed travels as null, never as NaN (see Number).
package wire
