// Package decode reads push bodies, {"measurements":[…]} in JSON or a CSV
// batch, into items for ingest to check: the one decoding contract of the
// push API (docs/api.md, "Decoding"), every problem named by item index or
// line. It refuses what encoding/json would let through silently (keys
// given twice, invalid UTF-8, data after the object), and reads well-formed
// JSON batches with a scanner that must agree with encoding/json.
package decode

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jalonhq/jalon/indicators"
)

// Item is one measurement as it arrived, before it is checked against the
// catalog. Time stays a string so that the validator can say what was wrong
// with it.
type Item struct {
	Indicator string            `json:"indicator"`
	Labels    map[string]string `json:"labels"`
	Time      string            `json:"time"`
	Value     *float64          `json:"value"`
	Source    string            `json:"source"`
	rawPublished
	// Where is how a person finds the item again: "item 3", "line 7".
	Where string `json:"-"`
}

// ItemError is one problem with one item of a batch.
type ItemError struct {
	Where string
	Msg   string
}

func (e ItemError) String() string { return e.Where + ": " + e.Msg }

// ErrBatch reports a batch that cannot be read at all.
var ErrBatch = errors.New("malformed batch")

// JSON reads {"measurements":[…]}. A well-formed batch, the common
// case, is decoded in one pass; only a batch that fails is decoded again item
// by item, so that every bad item is named by its index while the others are
// still checked.
func JSON(body []byte) ([]Item, []ItemError, error) {
	if items, ok := decodeJSONFast(body); ok {
		return items, nil, nil
	}
	return decodeJSONSlow(body)
}

// decodeJSONSlow defines what a batch means: decodeJSONFast only takes the
// batches it reads exactly as this does.
func decodeJSONSlow(body []byte) ([]Item, []ItemError, error) {
	var batch struct {
		Measurements []json.RawMessage `json:"measurements"`
	}
	itemProbs, err := batchProblems(body)
	if err != nil {
		return nil, nil, err
	}
	if err := StrictKeys(body, batchFields); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBatch, err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&batch); err != nil {
		return nil, nil, fmt.Errorf("%w: %s", ErrBatch, ErrorText(err))
	}
	if batch.Measurements == nil {
		return nil, nil, fmt.Errorf(`%w: want {"measurements":[…]}`, ErrBatch)
	}
	items := make([]Item, 0, len(batch.Measurements))
	var bad []ItemError
	for i, raw := range batch.Measurements {
		it, err := decodeJSONItem(raw)
		it.Where = "item " + strconv.Itoa(i)
		if msg, ok := itemProbs[i]; ok {
			bad = append(bad, ItemError{it.Where, msg})
		} else if err != nil {
			bad = append(bad, ItemError{it.Where, err.Error()})
		}
		items = append(items, it)
	}
	return items, bad, nil
}

// batchProblems runs Strict on a batch: a problem outside the items
// refuses the batch; the first problem of each item is returned by the
// item's index, in the item's own terms ("source: invalid UTF-8 …").
func batchProblems(body []byte) (map[int]string, error) {
	byItem := map[int]string{}
	for _, p := range Strict(body) {
		i, rest, ok := itemPath(p.Path)
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrBatch, p)
		}
		if _, seen := byItem[i]; !seen {
			byItem[i] = Problem{rest, p.Msg}.String()
		}
	}
	return byItem, nil
}

// itemPath splits "measurements[3].labels.region" into 3 and
// "labels.region"; ok is false for a path outside the items.
func itemPath(path string) (int, string, bool) {
	rest, ok := strings.CutPrefix(path, "measurements[")
	n, rest, found := strings.Cut(rest, "]")
	i, err := strconv.Atoi(n)
	if !ok || !found || err != nil {
		return 0, "", false
	}
	return i, strings.TrimPrefix(rest, "."), true
}

func decodeJSONItem(raw json.RawMessage) (Item, error) {
	var it Item
	if err := StrictKeys(raw, itemFields); err != nil {
		return it, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&it); err != nil {
		return it, errors.New(ErrorText(err))
	}
	if it.Value == nil {
		return it, errors.New("value: missing")
	}
	return it, nil
}

var (
	batchFields = []string{"measurements"}
	itemFields  = []string{"indicator", "labels", "time", "value", "source", "start", "qualifier", "source_url"}
)

// StrictKeys refuses a field of the object raw named in another case than
// fields', which encoding/json would take for it (Strict refuses the
// keys given twice). What is not an object, or not well formed, it leaves
// for the decoder to explain.
func StrictKeys(raw []byte, fields []string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		k, _ := tok.(string)
		if !slices.Contains(fields, k) {
			for _, f := range fields {
				if strings.EqualFold(f, k) {
					return fmt.Errorf("unknown field %q: field names are in lower case (%q)", k, f)
				}
			}
			return nil // an unknown field, which the decoder refuses
		}
		skipValue(dec)
	}
	return nil
}

// skipValue reads the next value from dec and returns it, or nil if it is
// not well formed.
func skipValue(dec *json.Decoder) json.RawMessage {
	var v json.RawMessage
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

// ErrorText turns encoding/json's errors into a message about the
// request rather than about Go types.
func ErrorText(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "":
		// The whole document has the wrong type: an array, a string…
		return fmt.Sprintf("the body is a JSON %s: want a JSON object", typeErr.Value)
	case errors.As(err, &typeErr):
		return fmt.Sprintf("%s: want %s, got JSON %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("invalid JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)
	case errors.Is(err, io.EOF):
		return "empty body"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "JSON ends too early"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return err.Error()
}

func jsonKind(goKind string) string {
	switch goKind {
	case "float64", "ptr":
		return "a number"
	case "map":
		return "an object of strings"
	case "slice":
		return "an array"
	}
	return "a " + goKind
}

// CSV reads a CSV batch whose header names the columns: indicator,
// time, value, optional source, and label:<name> for each label. A header
// with more semicolons than commas makes a file written the French way:
// fields separated by semicolons, values with a decimal comma.
func CSV(body []byte) ([]Item, []ItemError, error) {
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	r.Comma = Separator(body)
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%w: empty body: want a CSV header line (indicator,time,value,…) and rows", ErrBatch)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: CSV header: %v", ErrBatch, err)
	}
	cols, err := csvColumns(header)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: CSV header: %v", ErrBatch, err)
	}
	cols.numbers = indicators.TextDecimal(r.Comma == ';')
	var items []Item
	var bad []ItemError
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				return nil, nil, fmt.Errorf("%w: CSV line %d: %v", ErrBatch, perr.Line, perr.Err)
			}
			return nil, nil, fmt.Errorf("%w: CSV: %v", ErrBatch, err)
		}
		line, _ := r.FieldPos(0)
		where := "line " + strconv.Itoa(line)
		it, err := cols.item(rec)
		it.Where = where
		if err != nil {
			bad = append(bad, ItemError{where, err.Error()})
		}
		items = append(items, it)
	}
	return items, bad, nil
}

type csvLayout struct {
	indicator, time, value, source int
	published                      map[int]string // start, qualifier, source_url
	labels                         map[int]string
	width                          int
	numbers                        indicators.Decimal // how the value column is written
}

func csvColumns(header []string) (csvLayout, error) {
	l := csvLayout{indicator: -1, time: -1, value: -1, source: -1, published: map[int]string{}, labels: map[int]string{}, width: len(header)}
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if seen[h] {
			return l, fmt.Errorf("column %q appears twice", h)
		}
		seen[h] = true
		switch {
		case h == "indicator":
			l.indicator = i
		case h == "time":
			l.time = i
		case h == "value":
			l.value = i
		case h == "source":
			l.source = i
		case h == "start" || h == "qualifier" || h == "source_url":
			l.published[i] = h
		case strings.HasPrefix(h, "label:") && len(h) > len("label:"):
			l.labels[i] = strings.TrimPrefix(h, "label:")
		default:
			return l, fmt.Errorf("unknown column %q (want indicator, time, value, source, start, qualifier, source_url, label:<name>)", h)
		}
	}
	for name, i := range map[string]int{"indicator": l.indicator, "time": l.time, "value": l.value} {
		if i < 0 {
			return l, fmt.Errorf("missing column %q", name)
		}
	}
	return l, nil
}

func (l csvLayout) item(rec []string) (Item, error) {
	var it Item
	if len(rec) != l.width {
		return it, fmt.Errorf("%d fields, want %d as in the header", len(rec), l.width)
	}
	if err := l.utf8(rec); err != nil {
		return it, err
	}
	it.Indicator, it.Time = rec[l.indicator], rec[l.time]
	if l.source >= 0 {
		it.Source = rec[l.source]
	}
	for i, name := range l.published {
		it.rawPublished.set(name, rec[i])
	}
	for i, name := range l.labels {
		if rec[i] == "" {
			continue
		}
		if it.Labels == nil {
			it.Labels = map[string]string{}
		}
		it.Labels[name] = rec[i]
	}
	v, err := indicators.ParseDecimal(strings.TrimSpace(rec[l.value]), l.numbers)
	if err != nil {
		return it, fmt.Errorf("value: %w", err)
	}
	it.Value = &v
	return it, nil
}

// utf8 refuses a record with a field that is not UTF-8, naming the field
// as the JSON format would: encoding/csv passes any bytes through.
func (l csvLayout) utf8(rec []string) error {
	for i, f := range rec {
		if utf8.ValidString(f) {
			continue
		}
		for j, r := range f {
			if r == utf8.RuneError {
				if _, n := utf8.DecodeRuneInString(f[j:]); n == 1 {
					return fmt.Errorf("%s: invalid UTF-8 at byte %d of the field (0x%02x): send text in UTF-8", l.name(i), j, f[j])
				}
			}
		}
	}
	return nil
}

// name is the field of column i, in the JSON format's terms.
func (l csvLayout) name(i int) string {
	switch i {
	case l.indicator:
		return "indicator"
	case l.time:
		return "time"
	case l.value:
		return "value"
	case l.source:
		return "source"
	}
	if name, ok := l.published[i]; ok {
		return name
	}
	return "labels." + l.labels[i]
}
