package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress shows how far a long command has gone: on a terminal a bar
// redrawn in place, otherwise a plain line now and then, which a log or a
// CI job can keep.
type progress struct {
	w     io.Writer
	bar   bool          // redraw a bar in place; else plain lines
	every time.Duration // at most one drawing per interval
	now   func() time.Time
	total int64 // bytes to read, 0 if unknown

	start, last time.Time
	drawn       int // rows at the last drawing, -1 before the first
}

// newProgress turns the --progress flag into a progress on w: "auto" draws
// a bar when w is a terminal, plain lines otherwise; nil for "none".
func newProgress(mode string, w io.Writer, total int64, now func() time.Time) (*progress, error) {
	p := &progress{w: w, now: now, total: total, drawn: -1}
	switch mode {
	case "auto":
		p.bar = isTerminal(w)
	case "bar":
		p.bar = true
	case "lines":
	case "none":
		return nil, nil
	default:
		return nil, fmt.Errorf("--progress %q: want auto, bar, lines or none", mode)
	}
	p.every = 5 * time.Second
	if p.bar {
		p.every = 100 * time.Millisecond
	}
	p.start = now()
	return p, nil
}

// isTerminal reports whether w is a character device (a terminal), without
// a dependency beyond os.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// update shows that done bytes and rows are through, unless it drew less
// than an interval ago.
func (p *progress) update(done int64, rows int) {
	if p == nil {
		return
	}
	if now := p.now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.draw(done, rows, now)
	}
}

// finish draws the final state, unless a plain line already showed it, and
// ends the bar's line.
func (p *progress) finish(done int64, rows int) {
	if p == nil || (!p.bar && rows == p.drawn) {
		return
	}
	p.draw(done, rows, p.now())
	if p.bar {
		fmt.Fprintln(p.w)
	}
}

func (p *progress) draw(done int64, rows int, now time.Time) {
	p.drawn = rows
	elapsed := now.Sub(p.start)
	frac := 1.0
	if p.total > 0 {
		frac = min(float64(done)/float64(p.total), 1)
	}
	rate := ""
	if s := elapsed.Seconds(); s > 0 {
		rate = fmt.Sprintf("  %.0f rows/s", float64(rows)/s)
	}
	eta := ""
	if frac > 0 && frac < 1 {
		left := time.Duration(float64(elapsed) * (1 - frac) / frac)
		eta = "  ETA " + left.Round(time.Second).String()
	}
	if !p.bar {
		fmt.Fprintf(p.w, "import: %3.0f%%  %d rows%s%s\n", frac*100, rows, rate, eta)
		return
	}
	const width = 24
	full := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %d rows%s%s\x1b[K", strings.Repeat("█", full), strings.Repeat("░", width-full),
		frac*100, rows, rate, eta)
}
