package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/tomlcheck"
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
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("load config %s: %w", fs.Arg(0), err)
	}
	// Every stage runs on what the one before could read, so that one run
	// lists every problem, the catalog's and the cross-checks' included.
	d, parsed := config.ParseDaemonPartial(tomlcheck.Source{Name: fs.Arg(0), Data: data})
	if d == nil {
		return parsed
	}
	var embedded []tomlcheck.Source
	if d.EmbeddedCatalog {
		embedded = e.embedded()
	}
	cat, warnings, err := config.Validate(d, parsed, embedded, e.getenv)
	writeWarnings(e, warnings)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: listen on %s, %d tokens, %d catalog files\n", fs.Arg(0), d.ListenAddress, len(d.Tokens), len(d.CatalogFiles)+len(embedded))
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
