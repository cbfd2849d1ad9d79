package collector

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jalonhq/jalon/internal/config"
)

// fileSource reads a local file, or the files of a directory that are new
// or changed since they were last read. Files are read in the order they
// were written, so that where two files give the same point the newer one
// wins.
type fileSource struct {
	cfg  *config.FileSource
	read func(body io.Reader, acc *accumulator) error
	agg  string
}

// localFile is one file to read and the mark that tells whether it changed.
type localFile struct {
	path, mark string
	info       os.FileInfo
}

func (s *fileSource) pull(ctx context.Context, r *run) error {
	files, err := s.list()
	if err != nil {
		return err
	}
	r.files = map[string]string{}
	r.acc = newAccumulator(s.agg)
	for _, f := range files {
		r.files[f.path] = f.mark
		if r.prev.Files[f.path] == f.mark {
			continue
		}
		acc := newAccumulator(s.agg)
		if err := s.readOne(ctx, f.path, acc); err != nil {
			return err
		}
		acc.locate(f.path) // rows of several files: each names its file
		r.acc.merge(acc)
		r.read++
	}
	r.notModified = r.read == 0
	return nil
}

// list returns the files to consider, oldest first. Names starting with a
// dot are left out: copies in progress often go by such a name.
func (s *fileSource) list() ([]localFile, error) {
	info, err := os.Stat(s.cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.cfg.Path, err)
	}
	if !info.IsDir() {
		return []localFile{{path: s.cfg.Path, mark: fileMark(info), info: info}}, nil
	}
	entries, err := os.ReadDir(s.cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.cfg.Path, err)
	}
	glob := cmp.Or(s.cfg.Glob, "*")
	var files []localFile
	for _, e := range entries {
		if ok, _ := path.Match(glob, e.Name()); !ok || strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed since the listing
		}
		files = append(files, localFile{path: filepath.Join(s.cfg.Path, e.Name()), mark: fileMark(fi), info: fi})
	}
	slices.SortFunc(files, func(a, b localFile) int {
		return cmp.Or(a.info.ModTime().Compare(b.info.ModTime()), strings.Compare(a.path, b.path))
	})
	return files, nil
}

func (s *fileSource) readOne(ctx context.Context, name string, acc *accumulator) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	if err := decodeAndRead(&sourceReader{ctx: ctx, r: f}, func(text io.Reader) error { return s.read(text, acc) }); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// fileMark changes when a file is rewritten.
func fileMark(fi os.FileInfo) string {
	return fmt.Sprintf("%d-%d", fi.Size(), fi.ModTime().UnixNano())
}

// readFile reads a file:// URL as if it were served with its size and time
// as ETag, so that an unchanged file is not read again.
func readFile(ctx context.Context, name string, cond validators, read func(io.Reader) error) (validators, bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return cond, false, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return cond, false, fmt.Errorf("read %s: %w", name, err)
	}
	v := validators{ETag: fileMark(fi)}
	if v == cond {
		return cond, true, nil
	}
	if err := decodeAndRead(&sourceReader{ctx: ctx, r: f}, read); err != nil {
		return cond, false, fmt.Errorf("read %s: %w", name, err)
	}
	return v, false, nil
}
