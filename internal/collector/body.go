package collector

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
)

// maxJSONBytes bounds a JSON body, which gjson reads whole. Large data
// sets belong in CSV, which is streamed.
const maxJSONBytes = 256 << 20

// decodeBody returns the text of a body: gunzipped if it is gzip (whatever
// the Content-Encoding or file name said: the magic number decides), and
// without a UTF-8 byte order mark.
func decodeBody(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	return br, nil
}

// readAllLimited reads a JSON body whole, up to maxJSONBytes.
func readAllLimited(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxJSONBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxJSONBytes {
		return nil, fmt.Errorf("body larger than %d MiB", maxJSONBytes>>20)
	}
	return b, nil
}

// sourceReader reads a response body or file. It stops when ctx ends, so
// that a long parse is cancelled on shutdown, and it remembers its read
// error, which tells a transport fault (worth a retry) from a parse error.
type sourceReader struct {
	ctx context.Context
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		s.err = err
		return 0, err
	}
	n, err := s.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		s.err = err
	}
	return n, err
}
