package config

import (
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// Check checks what the configuration refers to outside itself, which only
// a loaded catalog and the environment can tell: the pullers' indicators
// and labels (CheckPullers), the secrets the headers of pullers and of
// remote write name (read with getenv, os.Getenv if nil, and from their
// files), and the indicator
// or objective of each alerting override. jalond runs it before it starts
// anything, and jalonctl config check runs it too: both report the same
// problems.
func (d *Daemon) Check(cat *indicators.Catalog, getenv func(string) string) tomlcheck.Problems {
	return d.check(cat, nil, getenv)
}

// check is Check that leaves out the references to the ids in broken,
// which the catalog files name but could not define (Validate).
func (d *Daemon) check(cat *indicators.Catalog, broken map[string]bool, getenv func(string) string) tomlcheck.Problems {
	if getenv == nil {
		getenv = os.Getenv
	}
	pullers := slices.DeleteFunc(slices.Clone(d.Pullers), func(p Puller) bool { return broken[p.Indicator] })
	overrides := slices.DeleteFunc(slices.Clone(d.Alerting.Overrides), func(o AlertOverride) bool {
		return broken[o.Indicator] || broken[o.Objective]
	})
	probs := CheckPullers(pullers, cat)
	for _, p := range d.Pullers {
		probs = append(probs, p.CheckSecrets(getenv)...)
	}
	rw := d.RemoteWrite
	probs = append(probs, secretProblems(rw.Headers, getenv, func(key, msg string) tomlcheck.Problem { return rw.Pos.problem("remote_write", key, msg) })...)
	probs = append(probs, checkOverrides(overrides, cat)...)
	slices.SortStableFunc(probs, func(a, b tomlcheck.Problem) int { return a.Line - b.Line })
	return probs
}

// CheckSecrets checks that each secret the puller's headers refer to can be
// read now, with getenv for environment variables.
func (p Puller) CheckSecrets(getenv func(string) string) tomlcheck.Problems {
	return secretProblems(p.Headers, getenv, func(key, msg string) tomlcheck.Problem { return p.Problem(key, "%s", msg) })
}

// secretProblems lists the headers whose secrets cannot be read now, each
// a problem about the key headers.<name>.
func secretProblems(headers map[string]string, getenv func(string) string, problem func(key, msg string) tomlcheck.Problem) tomlcheck.Problems {
	var probs tomlcheck.Problems
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		_, err := ExpandHeader(headers[name], func(r Ref) (string, error) { return r.Resolve(getenv) })
		if err != nil {
			probs = append(probs, problem("headers."+name, fmt.Sprintf("header %s: %v", name, err)))
		}
	}
	return probs
}

// checkOverrides checks that each alerting override selects an indicator
// or an objective of the catalog: one that selects nothing would silently
// change nothing.
func checkOverrides(overrides []AlertOverride, cat *indicators.Catalog) tomlcheck.Problems {
	indicatorIDs, objectiveIDs := map[string]bool{}, map[string]bool{}
	for _, o := range cat.Objectives {
		objectiveIDs[o.ID] = true
		for _, ind := range o.Indicators {
			indicatorIDs[ind.ID] = true
		}
	}
	var probs tomlcheck.Problems
	for _, o := range overrides {
		switch {
		case o.Indicator != "" && !indicatorIDs[o.Indicator]:
			probs = append(probs, o.Pos.problem("alerting.override", "indicator", fmt.Sprintf("%q is not in the catalog", o.Indicator)))
		case o.Objective != "" && !objectiveIDs[o.Objective]:
			probs = append(probs, o.Pos.problem("alerting.override", "objective", fmt.Sprintf("%q is not in the catalog", o.Objective)))
		}
	}
	return probs
}
