package collector

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/jalonhq/jalon/internal/config"
)

// csvMapper turns the rows of a CSV body into points, one row at a time:
// a body of any size is read in constant memory, plus one entry per point.
type csvMapper struct {
	cfg         *config.CSV
	indicator   string // fixed, or "" when a column gives it
	times       timeReader
	nums        numberReader
	skip        skipSet
	skipInvalid bool
}

func newCSVMapper(p *config.Puller) *csvMapper {
	return &csvMapper{cfg: p.CSV, indicator: p.Indicator, times: newTimeReader(p.CSV.Format, p.Timezone),
		nums: numberReader{comma: p.CSV.DecimalComma}, skip: newSkipSet(p.CSV.SkipValues), skipInvalid: p.SkipInvalidRows}
}

// csvColumns are the indexes, in the header, of the columns a mapper reads.
type csvColumns struct {
	time, value, indicator int // indicator is -1 when fixed
	labels                 []labelColumn
	group                  []int // besides time and indicator
	need                   int   // fields a row needs: the highest index + 1
	published              publishedColumns
}

type labelColumn struct {
	name string
	idx  int
}

// read adds the points of the CSV text r to acc. A malformed row fails
// the read with its row (line) number and column, unless skipInvalid.
func (m *csvMapper) read(r io.Reader, acc *accumulator) error {
	rr := newRecordReader(r, m.cfg.Delimiter)
	header, _, err := rr.read()
	if errors.Is(err, io.EOF) {
		return errors.New("no header line: the body is empty")
	}
	if err != nil {
		return err
	}
	cols, err := m.columns(header)
	if err != nil {
		return err
	}
	for {
		rec, row, err := rr.read()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		if err := m.row(rec, row, cols, acc); err != nil {
			if !m.skipInvalid {
				return err
			}
			acc.skip(err.Error())
		}
	}
}

// columns finds the configured columns in the header.
func (m *csvMapper) columns(header [][]byte) (*csvColumns, error) {
	names := make([]string, 0, len(header))
	for _, h := range header {
		names = append(names, strings.TrimSpace(string(h)))
	}
	var missing []string
	index := func(name string) int {
		i := slices.Index(names, name)
		if i < 0 {
			missing = append(missing, strconv.Quote(name))
		}
		return i
	}
	cols := &csvColumns{time: index(m.cfg.TimeColumn), value: index(m.cfg.ValueColumn), indicator: -1}
	if m.cfg.IndicatorColumn != "" {
		cols.indicator = index(m.cfg.IndicatorColumn)
	}
	for _, label := range slices.Sorted(maps.Keys(m.cfg.LabelColumns)) {
		cols.labels = append(cols.labels, labelColumn{label, index(m.cfg.LabelColumns[label])})
	}
	group := m.cfg.GroupBy
	if group == nil {
		for _, l := range cols.labels {
			group = append(group, m.cfg.LabelColumns[l.name])
		}
	}
	for _, g := range group {
		cols.group = append(cols.group, index(g))
	}
	cols.published = m.publishedColumns(index)
	if len(missing) > 0 {
		return nil, fmt.Errorf("row 1: no column %s in the header (columns: %s)", strings.Join(slices.Compact(missing), ", "),
			strings.Join(slices.DeleteFunc(names, func(n string) bool { return n == "" }), ", "))
	}
	cols.need = 1 + max(cols.time, cols.value, cols.indicator)
	for _, l := range cols.labels {
		cols.need = max(cols.need, l.idx+1)
	}
	for _, g := range cols.group {
		cols.need = max(cols.need, g+1)
	}
	cols.need = max(cols.need, cols.published.need())
	return cols, nil
}

// row adds one row to acc: a new point, or a value combined into the
// point of its group.
func (m *csvMapper) row(rec [][]byte, row int, cols *csvColumns, acc *accumulator) error {
	if len(rec) < cols.need {
		return fmt.Errorf("row %d: %d fields, want at least %d: is the row cut short?", row, len(rec), cols.need)
	}
	cell := bytes.TrimSpace(rec[cols.value])
	if m.skip.has(cell) {
		acc.noValue++
		return nil
	}
	v, ok := m.nums.read(cell)
	if !ok {
		return fmt.Errorf("row %d, column %q: %q is not a number", row, m.cfg.ValueColumn, cell)
	}
	key := appendKeyPart(acc.key[:0], bytes.TrimSpace(rec[cols.time]))
	if cols.indicator >= 0 {
		key = appendKeyPart(key, bytes.TrimSpace(rec[cols.indicator]))
	}
	for _, g := range cols.group {
		key = appendKeyPart(key, bytes.TrimSpace(rec[g]))
	}
	acc.key = key
	if p := acc.find(key); p != nil {
		if acc.aggregate == "" {
			return fmt.Errorf("row %d: same point as %s: set csv.aggregate to combine rows", row, p.where)
		}
		acc.combine(p, v)
		return nil
	}
	p, err := m.newPoint(rec, row, cols)
	if err != nil {
		return err
	}
	p.value = v
	acc.add(key, p)
	return nil
}

// newPoint reads the time, indicator and labels of the first row of a
// point: they are the same for every row of its group.
func (m *csvMapper) newPoint(rec [][]byte, row int, cols *csvColumns) (*point, error) {
	t, err := m.times.read(bytes.TrimSpace(rec[cols.time]))
	if err != nil {
		return nil, fmt.Errorf("row %d, column %q: %w", row, m.cfg.TimeColumn, err)
	}
	p := &point{where: "row " + strconv.Itoa(row), indicator: m.indicator, time: t}
	if p.pub, err = cols.published.read(rec, m.cfg.Published); err != nil {
		return nil, fmt.Errorf("row %d, %w", row, err)
	}
	if cols.indicator >= 0 {
		p.indicator = string(bytes.TrimSpace(rec[cols.indicator]))
	}
	if len(cols.labels) > 0 {
		p.labels = make(map[string]string, len(cols.labels))
		for _, l := range cols.labels {
			p.labels[l.name] = string(bytes.TrimSpace(rec[l.idx]))
		}
	}
	return p, nil
}
