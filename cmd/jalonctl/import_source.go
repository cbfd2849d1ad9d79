package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jalonhq/jalon/internal/ingest/decode"
)

// An import file is read in batches of items, each item keeping where it
// came from (file:line) and its raw form, so that a batch can be sent again
// without the items the daemon refused.

// importItem is one measurement as read: a CSV record or a JSON object.
type importItem struct {
	where  string
	line   int
	record []string        // CSV
	raw    json.RawMessage // JSON
}

// importSource yields a file's items.
type importSource interface {
	// next returns the next item, or io.EOF.
	next() (importItem, error)
	// encode writes items as a push body and returns the body's content
	// type and, for each body line or item number the daemon may name,
	// the item's index.
	encode(items []importItem) (body []byte, contentType string, index map[string]int, err error)
}

// csvSource reads a CSV file with the push API's columns. A file whose
// header is separated by semicolons is read with them and sent with them,
// its values as written: the daemon reads them with decimal commas, by the
// same rule as a push (decode.Separator), and quotes them as in the file.
type csvSource struct {
	name   string
	r      *csv.Reader
	header []string
	comma  rune // the field separator
}

func newCSVSource(name string, r io.Reader) (*csvSource, error) {
	br := bufio.NewReader(r)
	first, _ := br.Peek(4096)
	s := &csvSource{name: name, comma: decode.Separator(first)}
	s.r = csv.NewReader(br)
	s.r.FieldsPerRecord = -1 // the daemon names a row with the wrong width
	s.r.Comma = s.comma
	header, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: no header line: the file is empty (want indicator,time,value…)", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	s.header = header
	return s, nil
}

func (s *csvSource) next() (importItem, error) {
	rec, err := s.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return importItem{}, err
		}
		return importItem{}, csvError(s.name, err)
	}
	line, _ := s.r.FieldPos(0)
	return importItem{where: s.name + ":" + strconv.Itoa(line), line: line, record: rec}, nil
}

// csvError names the record a CSV error is in and, when the reader noticed
// it on another line (a quote never closed), where it did.
func csvError(name string, err error) error {
	perr, ok := errors.AsType[*csv.ParseError](err)
	if !ok {
		return fmt.Errorf("%s: %w", name, err)
	}
	msg := "malformed CSV: " + perr.Err.Error()
	if perr.Line == perr.StartLine {
		msg += fmt.Sprintf(" (column %d)", perr.Column)
	} else {
		msg += fmt.Sprintf(" (noticed at line %d, column %d)", perr.Line, perr.Column)
	}
	return &readError{name: name, line: perr.StartLine, msg: msg}
}

func (s *csvSource) encode(items []importItem) ([]byte, string, map[string]int, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = s.comma
	w.Write(s.header)
	w.Flush()
	index := make(map[string]int, len(items))
	line := 2
	for i, it := range items {
		index["line "+strconv.Itoa(line)] = i
		start := b.Len()
		w.Write(it.record)
		w.Flush()
		line += bytes.Count(b.Bytes()[start:], []byte("\n"))
	}
	return b.Bytes(), "text/csv", index, w.Error()
}

// jsonSource reads {"measurements":[…]}, or a bare array of measurements,
// one item at a time.
type jsonSource struct {
	name  string
	dec   *json.Decoder
	lines *lineCounter
}

func newJSONSource(name string, r io.Reader) (*jsonSource, error) {
	lc := &lineCounter{r: r, line: 1}
	s := &jsonSource{name: name, dec: json.NewDecoder(lc), lines: lc}
	tok, err := s.dec.Token()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf(`%s: the file is empty (want {"measurements":[…]} or an array of measurements)`, name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if tok == json.Delim('{') {
		if key, err := s.dec.Token(); err != nil || key != "measurements" {
			return nil, fmt.Errorf(`%s: want {"measurements":[…]} or an array of measurements`, name)
		}
		tok, err = s.dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf(`%s: want {"measurements":[…]} or an array of measurements`, name)
	}
	return s, nil
}

func (s *jsonSource) next() (importItem, error) {
	if !s.dec.More() {
		return importItem{}, io.EOF
	}
	// The item starts after the separator and spaces the decoder has not
	// consumed yet; counting from its offset names the item's first line.
	line := s.lines.lineAt(s.dec.InputOffset() + int64(s.skipSpace()))
	var raw json.RawMessage
	if err := s.dec.Decode(&raw); err != nil {
		msg := err.Error()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "the file ends before the list of measurements does: is it cut short?"
		}
		return importItem{}, &readError{name: s.name, line: line, msg: "malformed JSON: " + msg}
	}
	return importItem{where: s.name + ":" + strconv.Itoa(line), line: line, raw: raw}, nil
}

// skipSpace returns how many bytes of separator and white space precede the
// next value in the decoder's buffer.
func (s *jsonSource) skipSpace() int {
	buf, _ := io.ReadAll(io.LimitReader(s.dec.Buffered(), 4096))
	return len(buf) - len(bytes.TrimLeft(buf, ", \t\r\n"))
}

func (s *jsonSource) encode(items []importItem) ([]byte, string, map[string]int, error) {
	var b bytes.Buffer
	b.WriteString(`{"measurements":[`)
	index := make(map[string]int, len(items))
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it.raw)
		index["item "+strconv.Itoa(i)] = i
	}
	b.WriteString("]}")
	return b.Bytes(), "application/json", index, nil
}

// lineCounter counts the lines of what it reads, so that an offset already
// read can be turned into a line number. Offsets must be asked in increasing
// order: newlines before the last offset asked are forgotten.
type lineCounter struct {
	r    io.Reader
	read int64   // bytes read so far
	nl   []int64 // offsets of the newlines not yet passed
	line int     // line at the last offset asked
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.nl = append(c.nl, c.read+int64(i))
		}
	}
	c.read += int64(n)
	return n, err
}

// lineAt returns the line of the byte at offset off.
func (c *lineCounter) lineAt(off int64) int {
	i := 0
	for i < len(c.nl) && c.nl[i] < off {
		i++
	}
	c.line += i
	c.nl = c.nl[i:]
	return c.line
}
