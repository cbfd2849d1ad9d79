package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// displayZone is the zone a table shows times in, named in its footer.
type displayZone struct {
	loc  *time.Location
	name string
}

// zoneFlag adds --timezone to fs. The API sends UTC; tables show its times
// in one zone, named: the flag's, else the TZ environment variable's, else
// the machine's, as date(1) does. jalonctl does not ask the daemon for its
// configured zone, so that a table reads the same against any daemon.
func zoneFlag(e *env, fs *flag.FlagSet) func() (displayZone, error) {
	name := fs.String("timezone", "", "IANA time `zone` of the times shown (default: $TZ, else the machine's zone)")
	return func() (displayZone, error) {
		if *name != "" {
			loc, err := time.LoadLocation(*name)
			if err != nil {
				return displayZone{}, fmt.Errorf("--timezone %q: not an IANA time zone (as in Europe/Paris or UTC): %w", *name, err)
			}
			return displayZone{loc, loc.String()}, nil
		}
		if tz := strings.TrimPrefix(e.getenv("TZ"), ":"); tz != "" {
			if loc, err := time.LoadLocation(tz); err == nil {
				return displayZone{loc, loc.String()}, nil
			}
		}
		return displayZone{time.Local, localZoneName()}, nil
	}
}

// localZoneName names the machine's zone from the /etc/localtime link
// ("Europe/Paris"), else by its abbreviation and offset now ("CET, UTC+01:00").
func localZoneName() string {
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
			return name
		}
	}
	return time.Now().Format("MST, UTC-07:00")
}

// stamp shows t in z to the minute, "-" when t is zero.
func (z displayZone) stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(z.loc).Format("2006-01-02 15:04")
}

// footer names z under a table.
func (z displayZone) footer() string { return "Times in " + z.name + "." }
