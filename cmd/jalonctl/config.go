package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jalonhq/jalon/config"
)

func configCommand() command {
	return command{name: "config", summary: "check a daemon configuration, hash a token", sub: []command{
		{name: "check", short: "check a daemon configuration file", args: "FILE", run: configCheck,
			summary: "Check the daemon configuration FILE and the catalog files it loads as jalond does at\n" +
				"start, secrets in the environment and files included; print a summary, or every\nproblem (exit status 1)."},
		{name: "hash-token", short: "print the hash of a token secret", args: "< SECRET", run: configHashToken,
			summary: "Print the hash of the token secret read from standard input, for token.hash.\nA final newline is not part of the secret."},
	}}
}

func configCheck(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef(fs, "want one FILE, got %d arguments", fs.NArg())
	}
	d, err := config.LoadDaemon(fs.Arg(0))
	if err != nil {
		return err
	}
	srcs, err := config.LoadCatalogFiles(d.CatalogFiles...)
	if err != nil {
		return err
	}
	if d.EmbeddedCatalog {
		srcs = append(e.embedded(), srcs...)
	}
	cat, warnings, err := config.ParseCatalogWarnings(srcs...)
	writeWarnings(e, warnings)
	if err != nil {
		return err
	}
	// What jalond checks once the catalog is loaded, before it starts.
	if probs := d.Check(cat, e.getenv); len(probs) > 0 {
		return probs
	}
	fmt.Fprintf(e.stdout, "%s: listen on %s, %d tokens, %d catalog files\n", fs.Arg(0), d.ListenAddress, len(d.Tokens), len(srcs))
	_, err = fmt.Fprintf(e.stdout, "catalog: %s\n", cat.Count())
	return err
}

// minSecretBytes is the length below which hash-token warns.
const minSecretBytes = 16

func configHashToken(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef(fs, "the secret is read from standard input, not from arguments")
	}
	secret, err := io.ReadAll(e.stdin)
	if err != nil {
		return fmt.Errorf("read secret: %w", err)
	}
	secret = bytes.TrimSuffix(bytes.TrimSuffix(secret, []byte("\n")), []byte("\r"))
	if len(secret) == 0 {
		return errors.New("read secret: standard input is empty")
	}
	// The hash is one SHA-256, fast to guess from if a config file leaks:
	// only a long random secret makes that useless.
	if len(secret) < minSecretBytes {
		fmt.Fprintf(e.stderr, "warning: the secret is %d bytes long; use at least %d random bytes, e.g. openssl rand -hex 32\n", len(secret), minSecretBytes)
	}
	_, err = fmt.Fprintln(e.stdout, config.HashToken(string(secret)))
	return err
}
