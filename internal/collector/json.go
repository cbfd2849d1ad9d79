package collector

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/jalonhq/jalon/internal/config"
)

// jsonMapper turns a JSON body into points with gjson paths: items, each
// one point or, with a points path, a series of points sharing the item's
// indicator and labels.
type jsonMapper struct {
	cfg         *config.JSON
	indicator   string
	times       timeReader
	nums        numberReader
	skip        skipSet
	skipInvalid bool
}

func newJSONMapper(p *config.Puller) *jsonMapper {
	return &jsonMapper{cfg: p.JSON, indicator: p.Indicator, times: newTimeReader(p.JSON.Format, p.Timezone),
		nums: numberReader{comma: p.JSON.DecimalComma}, skip: newSkipSet(p.JSON.SkipValues), skipInvalid: p.SkipInvalidRows}
}

// read adds the points of body to acc and returns the parsed document
// (for pagination) and its number of items. prefix names the page in
// problems ("page 2: ").
func (m *jsonMapper) read(body []byte, prefix string, acc *accumulator) (gjson.Result, int, error) {
	if !gjson.ValidBytes(body) {
		return gjson.Result{}, 0, fmt.Errorf("%sthe body is not valid JSON", prefix)
	}
	root := gjson.ParseBytes(body)
	items := root
	if m.cfg.Items != "" {
		items = root.Get(m.cfg.Items)
		if !items.Exists() {
			return root, 0, fmt.Errorf("%sno items at path %q", prefix, m.cfg.Items)
		}
	}
	if !items.IsArray() {
		err := m.item(items, prefix+pathOr(m.cfg.Items, "the root"), acc)
		return root, 1, m.handle(err, acc)
	}
	n := 0
	var err error
	items.ForEach(func(_, item gjson.Result) bool {
		where := fmt.Sprintf("%s%s.%d", prefix, pathOr(m.cfg.Items, "items"), n)
		n++
		err = m.handle(m.item(item, where, acc), acc)
		return err == nil
	})
	return root, n, err
}

// handle counts err as a skipped item when invalid items are skipped.
func (m *jsonMapper) handle(err error, acc *accumulator) error {
	if err != nil && m.skipInvalid {
		acc.skip(err.Error())
		return nil
	}
	return err
}

func pathOr(path, def string) string {
	if path == "" {
		return def
	}
	return path
}

// item adds the point or points of one item.
func (m *jsonMapper) item(item gjson.Result, where string, acc *accumulator) error {
	base := point{indicator: m.indicator}
	if m.cfg.Indicator != "" {
		r := item.Get(m.cfg.Indicator)
		if r.Type != gjson.String {
			return fmt.Errorf("%s: indicator: want a string at path %q", where, m.cfg.Indicator)
		}
		if err := checkEscapes(r.Raw); err != nil {
			return fmt.Errorf("%s: indicator: %w", where, err)
		}
		base.indicator = r.String()
	}
	if len(m.cfg.Labels) > 0 {
		base.labels = make(map[string]string, len(m.cfg.Labels))
	}
	for _, label := range slices.Sorted(maps.Keys(m.cfg.Labels)) {
		r := item.Get(m.cfg.Labels[label])
		if r.Type != gjson.String && r.Type != gjson.Number {
			return fmt.Errorf("%s: labels.%s: want a string or number at path %q", where, label, m.cfg.Labels[label])
		}
		if err := checkEscapes(r.Raw); err != nil {
			return fmt.Errorf("%s: labels.%s: %w", where, label, err)
		}
		// A number keeps its text as written: a code 75 is "75".
		base.labels[label] = strings.TrimSpace(r.Str)
		if r.Type == gjson.Number {
			base.labels[label] = r.Raw
		}
	}
	if m.cfg.Points == "" {
		return m.point(item, where, base, acc)
	}
	series := item.Get(m.cfg.Points)
	if !series.IsArray() {
		return fmt.Errorf("%s: want an array of points at path %q", where, m.cfg.Points)
	}
	var err error
	n := 0
	series.ForEach(func(_, p gjson.Result) bool {
		err = m.handle(m.point(p, fmt.Sprintf("%s.%s.%d", where, m.cfg.Points, n), base, acc), acc)
		n++
		return err == nil
	})
	return err
}

// point adds one point: base's indicator and labels, the time and value
// found in r.
func (m *jsonMapper) point(r gjson.Result, where string, base point, acc *accumulator) error {
	v, ok, err := m.value(r.Get(m.cfg.Value))
	if err != nil {
		return fmt.Errorf("%s: value: %w", where, err)
	}
	if !ok {
		acc.noValue++
		return nil
	}
	tr := r.Get(m.cfg.Time)
	if tr.Type != gjson.String && tr.Type != gjson.Number {
		return fmt.Errorf("%s: time: want a string or number at path %q", where, m.cfg.Time)
	}
	t, err := m.times.read([]byte(strings.TrimSpace(tr.String())))
	if err != nil {
		return fmt.Errorf("%s: time: %w", where, err)
	}
	p := base
	p.where, p.time, p.value = where, t, v
	if p.pub, err = publishedAt(r, m.cfg.Published); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	key := []byte(p.identity())
	if first := acc.find(key); first != nil {
		return fmt.Errorf("%s: same point as %s", where, first.where)
	}
	acc.add(key, &p)
	return nil
}

// value reads a number, or a string holding one; null and the skip values
// are no value (ok false).
func (m *jsonMapper) value(r gjson.Result) (float64, bool, error) {
	switch r.Type {
	case gjson.Null:
		if !r.Exists() {
			return 0, false, fmt.Errorf("nothing at path %q", m.cfg.Value)
		}
		return 0, false, nil
	case gjson.Number:
		if math.IsInf(r.Num, 0) {
			return 0, false, fmt.Errorf("%s is out of range", r.Raw)
		}
		return r.Num, true, nil
	case gjson.String:
		s := []byte(strings.TrimSpace(r.Str))
		if m.skip.has(s) {
			return 0, false, nil
		}
		if v, ok := m.nums.read(s); ok {
			return v, true, nil
		}
		return 0, false, fmt.Errorf("%s is not a number", strconv.Quote(r.Str))
	}
	return 0, false, errors.New(r.Raw + " is not a number")
}

// checkEscapes refuses a lone UTF-16 surrogate escape in a JSON string as
// written (raw, quotes included), as a push is refused: gjson, like
// encoding/json, would read it as U+FFFD and store a character the source
// never held.
func checkEscapes(raw string) error {
	for i := 0; i+1 < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if raw[i+1] != 'u' || i+6 > len(raw) {
			i++ // an escape of one character, such as \\ or \"
			continue
		}
		r, err := strconv.ParseUint(raw[i+2:i+6], 16, 16)
		if err != nil {
			return fmt.Errorf("malformed escape %s", raw[i:i+6])
		}
		switch {
		case r >= 0xd800 && r < 0xdc00 && lowSurrogateAt(raw, i+6):
			i += 11 // the pair
		case r >= 0xd800 && r < 0xe000:
			return fmt.Errorf("lone UTF-16 surrogate %s: a \\ud800-\\udfff escape must be a high one followed by a low one", raw[i:i+6])
		default:
			i += 5
		}
	}
	return nil
}

// lowSurrogateAt reports whether raw holds a low surrogate escape at j.
func lowSurrogateAt(raw string, j int) bool {
	if j+6 > len(raw) || raw[j] != '\\' || raw[j+1] != 'u' {
		return false
	}
	r, err := strconv.ParseUint(raw[j+2:j+6], 16, 16)
	return err == nil && r >= 0xdc00 && r < 0xe000
}
