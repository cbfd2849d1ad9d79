package collector

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// maxRecordBytes bounds one CSV record, so that a quote never closed
// cannot pull a whole file into memory.
const maxRecordBytes = 1 << 20

// recordReader splits CSV text into records without allocating per record:
// the fields it returns point into a buffer that the next call reuses. It
// reads what encoding/csv reads the same way (quoted fields with doubled
// quotes and line breaks, CRLF, empty lines skipped, a trailing \r dropped)
// and is lenient where encoding/csv is strict: a quote inside an unquoted
// field, or text after a closing quote, is kept as text. encoding/csv
// allocates a string per record, which at a million rows is most of the
// cost of a pull.
type recordReader struct {
	r      *bufio.Reader
	comma  byte
	line   int    // lines read so far
	long   []byte // a line longer than the bufio buffer
	buf    []byte // the fields of the current record, end to end
	ends   []int
	fields [][]byte
}

func newRecordReader(r io.Reader, comma byte) *recordReader {
	return &recordReader{r: bufio.NewReaderSize(r, 64<<10), comma: comma}
}

// read returns the next record and the line it starts on, or io.EOF after
// the last one. The fields are valid until the next call.
func (rr *recordReader) read() ([][]byte, int, error) {
	for {
		line, err := rr.readLine()
		if err != nil {
			return nil, 0, err
		}
		if len(trimEOL(line)) == 0 {
			continue // encoding/csv skips empty lines too
		}
		start := rr.line
		if err := rr.parse(line); err != nil {
			return nil, start, fmt.Errorf("row %d: %w", start, err)
		}
		rr.fields = rr.fields[:0]
		from := 0
		for _, end := range rr.ends {
			rr.fields = append(rr.fields, rr.buf[from:end:end])
			from = end
		}
		return rr.fields, start, nil
	}
}

// readLine returns the next line with its line break, if any. The line is
// valid until the next call.
func (rr *recordReader) readLine() ([]byte, error) {
	line, err := rr.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		rr.long = append(rr.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) && len(rr.long) <= maxRecordBytes {
			line, err = rr.r.ReadSlice('\n')
			rr.long = append(rr.long, line...)
		}
		line = rr.long
	}
	if len(line) > maxRecordBytes {
		return nil, fmt.Errorf("line %d: longer than %d bytes", rr.line+1, maxRecordBytes)
	}
	if len(line) > 0 {
		rr.line++
		return line, nil
	}
	return nil, err
}

// parse splits the record starting with line into rr.buf and rr.ends,
// reading more lines while a quoted field goes on.
func (rr *recordReader) parse(line []byte) error {
	rr.buf, rr.ends = rr.buf[:0], rr.ends[:0]
	pos := 0
	for {
		if pos < len(line) && line[pos] == '"' {
			var err error
			if line, pos, err = rr.quoted(line, pos+1); err != nil {
				return err
			}
		}
		i := bytes.IndexByte(line[pos:], rr.comma)
		if i < 0 {
			rr.buf = append(rr.buf, trimEOL(line[pos:])...)
			rr.ends = append(rr.ends, len(rr.buf))
			return nil
		}
		rr.buf = append(rr.buf, line[pos:pos+i]...)
		rr.ends = append(rr.ends, len(rr.buf))
		pos += i + 1
	}
}

// quoted appends the content of a quoted field that starts at line[pos],
// after its opening quote, and returns the line and position after its
// closing quote.
func (rr *recordReader) quoted(line []byte, pos int) ([]byte, int, error) {
	for {
		i := bytes.IndexByte(line[pos:], '"')
		if i < 0 {
			rest := line[pos:]
			if n := len(rest); n >= 2 && rest[n-2] == '\r' && rest[n-1] == '\n' {
				rest = rest[:n-1]
				rest[n-2] = '\n' // a line break in a field is \n, as encoding/csv reads it
			}
			rr.buf = append(rr.buf, rest...)
			if len(rr.buf) > maxRecordBytes {
				return nil, 0, fmt.Errorf("record longer than %d bytes: is a quote never closed?", maxRecordBytes)
			}
			next, err := rr.readLine()
			if errors.Is(err, io.EOF) {
				return nil, 0, errors.New("quoted field not closed at the end of the file")
			}
			if err != nil {
				return nil, 0, err
			}
			line, pos = next, 0
			continue
		}
		rr.buf = append(rr.buf, line[pos:pos+i]...)
		pos += i + 1
		if pos < len(line) && line[pos] == '"' {
			rr.buf = append(rr.buf, '"')
			pos++
			continue
		}
		return line, pos, nil
	}
}

// trimEOL drops a final \n, \r\n or \r.
func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}
