package decode

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// batchScanner decodes the one shape a push batch has without reflection:
// encoding/json took a third of the daemon's CPU during bulk imports.
//
// It must never accept a batch that encoding/json would decode differently,
// so it reads a strict subset of JSON and gives up on the rest: keys spelled
// other than exactly (encoding/json also matches them case-insensitively),
// unknown or repeated top-level keys, anything but a string or null where a
// string goes, a number strconv.ParseFloat refuses, a missing or null value,
// invalid UTF-8 and lone surrogate escapes (which encoding/json would
// replace with U+FFFD, and decodeJSONSlow refuses), anything after the
// batch. Giving up
// costs only the encoding/json decoding that follows; guessing could store
// something else than what was sent. FuzzDecodeJSONFast holds it to the
// encoding/json decoder it replaces.
type batchScanner struct {
	b   []byte
	i   int
	esc []byte // reused for strings with escapes

	// Consecutive items usually share indicator, source and labels; reusing
	// the previous item's string saves an allocation for each.
	indicator, source  string
	labelKey, labelVal [4]string
}

// plain marks the bytes a string can hold as they are: not a quote, a
// backslash, a control character or the start of a multi-byte sequence.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// decodeJSONFast decodes a batch in which every item is well formed; ok is
// false for anything else, which decodeJSONSlow then explains.
func decodeJSONFast(body []byte) ([]Item, bool) {
	s := batchScanner{b: body}
	return s.batch()
}

// next skips white space and returns the byte after it, 0 at the end.
func (s *batchScanner) next() byte {
	for s.i < len(s.b) {
		switch c := s.b[s.i]; c {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return c
		}
	}
	return 0
}

func (s *batchScanner) batch() ([]Item, bool) {
	if s.next() != '{' {
		return nil, false
	}
	s.i++
	if k, ok := s.key(); !ok || string(k) != "measurements" || s.next() != '[' {
		return nil, false
	}
	s.i++
	var items []Item
	var values []float64
	if s.next() == ']' {
		// encoding/json gives an empty batch as an empty slice, not nil.
		items = []Item{}
		s.i++
	} else {
		// Items with a label and a time take about 100 bytes or more: a
		// guess at their number that spares most regrowing of the slices.
		n := len(s.b) / 96
		items = make([]Item, 0, n)
		values = make([]float64, 0, n)
		for {
			var it Item
			v, ok := s.item(&it)
			if !ok {
				return nil, false
			}
			items = append(items, it)
			values = append(values, v)
			c := s.next()
			s.i++
			if c == ']' {
				break
			}
			if c != ',' {
				return nil, false
			}
		}
	}
	// A second key would be unknown or a repeated "measurements", which
	// encoding/json decodes into the items of the first.
	if s.next() != '}' {
		return nil, false
	}
	s.i++
	// Anything after the batch is refused, with its offset, by
	// decodeJSONSlow.
	if s.next(); s.i < len(s.b) {
		return nil, false
	}
	// The values share one array rather than take an allocation each.
	for i := range items {
		items[i].Value = &values[i]
		items[i].Where = "item " + strconv.Itoa(i)
	}
	return items, true
}

// key reads an object key and the colon after it. A key with an escape or
// any non-ASCII byte could still name a field, so it is refused.
func (s *batchScanner) key() ([]byte, bool) {
	if s.next() != '"' {
		return nil, false
	}
	start := s.i + 1
	for j := start; j < len(s.b); j++ {
		c := s.b[j]
		if c == '"' {
			k := s.b[start:j]
			s.i = j + 1
			if s.next() != ':' {
				return nil, false
			}
			s.i++
			return k, true
		}
		if !plain[c] {
			return nil, false
		}
	}
	return nil, false
}

// item reads one measurement and returns its value.
func (s *batchScanner) item(it *Item) (float64, bool) {
	if s.next() != '{' {
		return 0, false
	}
	s.i++
	var value float64
	hasValue := false
	var seen uint8 // a bit per field
	for {
		k, ok := s.key()
		if !ok {
			return 0, false
		}
		// A repeated key is refused, with its name, by decodeJSONSlow.
		bit := fieldBit(k)
		if bit == 0 || seen&bit != 0 {
			return 0, false
		}
		seen |= bit
		switch string(k) {
		case "indicator":
			ok = s.stringField(&it.Indicator, &s.indicator)
		case "time":
			ok = s.stringField(&it.Time, nil)
		case "source":
			ok = s.stringField(&it.Source, &s.source)
		case "value":
			if s.null() {
				hasValue = false
			} else {
				value, ok = s.number()
				hasValue = ok
			}
		case "labels":
			if s.null() {
				it.Labels = nil
			} else {
				ok = s.labels(&it.Labels)
			}
		default:
			return 0, false
		}
		if !ok {
			return 0, false
		}
		c := s.next()
		s.i++
		if c == '}' {
			return value, hasValue
		}
		if c != ',' {
			return 0, false
		}
	}
}

// fieldBit is the bit of an item's field in item's seen set, 0 for a key
// that is not one.
func fieldBit(k []byte) uint8 {
	switch string(k) {
	case "indicator":
		return 1
	case "time":
		return 2
	case "source":
		return 4
	case "value":
		return 8
	case "labels":
		return 16
	}
	return 0
}

func (s *batchScanner) null() bool {
	if s.next() == 'n' && len(s.b)-s.i >= 4 && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

func (s *batchScanner) stringField(dst, last *string) bool {
	if s.null() {
		return true
	}
	v, ok := s.str(last)
	if ok {
		*dst = v
	}
	return ok
}

func (s *batchScanner) labels(m *map[string]string) bool {
	if s.next() != '{' {
		return false
	}
	s.i++
	if *m == nil {
		*m = make(map[string]string, 1)
	}
	if s.next() == '}' {
		s.i++
		return true
	}
	for n := 0; ; n++ {
		var lastKey, lastVal *string
		if n < len(s.labelKey) {
			lastKey, lastVal = &s.labelKey[n], &s.labelVal[n]
		}
		k, ok := s.str(lastKey)
		if !ok || s.next() != ':' {
			return false
		}
		s.i++
		// encoding/json stores null in a map of strings as "".
		var v string
		if !s.null() {
			if v, ok = s.str(lastVal); !ok {
				return false
			}
		}
		if _, dup := (*m)[k]; dup {
			return false // refused, with its name, by decodeJSONSlow
		}
		(*m)[k] = v
		c := s.next()
		s.i++
		if c == '}' {
			return true
		}
		if c != ',' {
			return false
		}
	}
}

// str reads a string; last, if not nil, is a string to reuse when equal.
func (s *batchScanner) str(last *string) (string, bool) {
	if s.next() != '"' {
		return "", false
	}
	start := s.i + 1
	j := start
	for j < len(s.b) && plain[s.b[j]] {
		j++
	}
	if j < len(s.b) && s.b[j] == '"' {
		s.i = j + 1
		return intern(s.b[start:j], last), true
	}
	return s.strSlow(start, j, last)
}

// strSlow finishes a string that has escapes or non-ASCII bytes from j on,
// unescaping as encoding/json's unquote does.
func (s *batchScanner) strSlow(start, j int, last *string) (string, bool) {
	b := append(s.esc[:0], s.b[start:j]...)
	for j < len(s.b) {
		c := s.b[j]
		switch {
		case c == '"':
			s.i = j + 1
			s.esc = b
			return intern(b, last), true
		case c == '\\':
			if j+1 >= len(s.b) {
				return "", false
			}
			switch e := s.b[j+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(s.b[j+2:])
				if r < 0 {
					return "", false
				}
				j += 6
				if utf16.IsSurrogate(r) {
					// A surrogate pairs with a \u escape right after it;
					// a lone one is refused, with its offset, by
					// decodeJSONSlow (encoding/json would store U+FFFD).
					r1 := rune(-1)
					if j+1 < len(s.b) && s.b[j] == '\\' && s.b[j+1] == 'u' {
						r1 = hex4(s.b[j+2:])
					}
					if r = utf16.DecodeRune(r, r1); r == utf8.RuneError {
						return "", false
					}
					j += 6
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return "", false
			}
			j += 2
		case c < ' ':
			return "", false
		case c < utf8.RuneSelf:
			b = append(b, c)
			j++
		default:
			r, size := utf8.DecodeRune(s.b[j:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			b = append(b, s.b[j:j+size]...)
			j += size
		}
	}
	return "", false
}

// intern returns b as a string, *last if that is equal, and keeps it in
// *last for the next item.
func intern(b []byte, last *string) string {
	if last == nil {
		return string(b)
	}
	if *last != string(b) {
		*last = string(b)
	}
	return *last
}

// hex4 reads the four hex digits of a \u escape, -1 if there are none.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// number reads a JSON number, refusing anything beyond the JSON grammar,
// and parses it as encoding/json does.
func (s *batchScanner) number() (float64, bool) {
	b, start := s.b, s.i
	j := start
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && '1' <= b[j] && b[j] <= '9':
		j = digits(b, j)
	default:
		return 0, false
	}
	if j < len(b) && b[j] == '.' {
		if j++; j == digits(b, j) {
			return 0, false
		}
		j = digits(b, j)
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if j == digits(b, j) {
			return 0, false
		}
		j = digits(b, j)
	}
	f, err := strconv.ParseFloat(string(b[start:j]), 64)
	if err != nil {
		return 0, false
	}
	s.i = j
	return f, true
}

func digits(b []byte, j int) int {
	for j < len(b) && '0' <= b[j] && b[j] <= '9' {
		j++
	}
	return j
}
