package indicators

import (
	"sort"
	"strings"
	"time"
)

// Label is one dimension value of a series, such as region="84".
type Label struct {
	Name, Value string
}

// Labels is a set of labels sorted by name. A series is identified by its
// indicator and its labels.
type Labels []Label

// NewLabels returns the labels of m sorted by name.
func NewLabels(m map[string]string) Labels {
	ls := make(Labels, 0, len(m))
	for k, v := range m {
		ls = append(ls, Label{k, v})
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].Name < ls[j].Name })
	return ls
}

// Get returns the value of the named label, or "".
func (ls Labels) Get(name string) string {
	for _, l := range ls {
		if l.Name == name {
			return l.Value
		}
	}
	return ""
}

// Map returns the labels as a map.
func (ls Labels) Map() map[string]string {
	m := make(map[string]string, len(ls))
	for _, l := range ls {
		m[l.Name] = l.Value
	}
	return m
}

// String renders the labels as {a="x",b="y"}, a stable key for maps and logs.
func (ls Labels) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, l := range ls {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(l.Name)
		b.WriteString(`="`)
		b.WriteString(l.Value)
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// Measurement is one value of an indicator for one label set, at the time the
// value refers to (not the time it arrived). Two measurements with the same
// indicator, labels and time are the same point: the later one revises it.
type Measurement struct {
	Indicator string
	Labels    Labels
	Time      time.Time
	Value     float64
	Source    string
	// Start is the beginning of the period a count covers, Time its end;
	// zero means the indicator's Period (docs/trajectory.md).
	Start     time.Time
	Qualifier Qualifier
	SourceURL string // the published page, http or https
}

// Point is a dated value of one series. Span and Qualifier are zero for
// most points; they are kept inline rather than behind a pointer so that a
// slice of points holds nothing for the collector to scan.
type Point struct {
	Time  time.Time
	Value float64
	// Span is the length of the period a count covers, ending at Time (the
	// measurement's Time − Start); zero means the indicator's Period.
	Span      time.Duration
	Qualifier Qualifier
}
