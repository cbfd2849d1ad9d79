package decode

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Problem is something in a JSON body that encoding/json would let
// through silently, and Jalon refuses: Path is where, in the body's own
// names ("milestones[1].value", "" for the top level).
type Problem struct {
	Path, Msg string
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Msg
	}
	return p.Path + ": " + p.Msg
}

// Strict lists what encoding/json would accept in body although the
// API refuses it: a key given twice in any object, invalid UTF-8 or a lone
// UTF-16 surrogate escape in any string (encoding/json replaces both with
// U+FFFD, storing something else than was sent), and anything but white
// space after the top-level value. A body that is not well-formed JSON
// stops the walk without a problem for it, leaving the decoder to explain.
func Strict(body []byte) []Problem {
	w := strictWalker{b: body}
	if !w.value("") {
		return w.probs
	}
	if w.space(); w.i < len(w.b) {
		w.add("", "data after the JSON object at byte %d: send one object, and nothing after it", w.i)
	}
	return w.probs
}

// strictWalker walks a JSON text, noting problems; each method returns
// false when the text is not well formed.
type strictWalker struct {
	b     []byte
	i     int
	probs []Problem
	key   []byte // reused to unescape keys
	depth int
}

// maxStrictDepth bounds the nesting the walk follows. A push or an edit
// nests three levels; past this the body cannot be one, and the walk
// stops for the decoder to refuse it. Each level's path is a string one
// segment longer than its parent's: unbounded, 100 000 opening brackets
// cost tens of seconds of CPU.
const maxStrictDepth = 32

func (w *strictWalker) add(path, format string, args ...any) {
	w.probs = append(w.probs, Problem{path, fmt.Sprintf(format, args...)})
}

func (w *strictWalker) space() {
	for w.i < len(w.b) && strings.IndexByte(" \t\r\n", w.b[w.i]) >= 0 {
		w.i++
	}
}

func (w *strictWalker) value(path string) bool {
	w.space()
	if w.i >= len(w.b) {
		return false
	}
	switch c := w.b[w.i]; {
	case c == '{':
		return w.object(path)
	case c == '[':
		return w.array(path)
	case c == '"':
		_, ok := w.str(path, nil)
		return ok
	default:
		return w.literal()
	}
}

// literal skips a number, true, false or null; the decoder checks them.
func (w *strictWalker) literal() bool {
	start := w.i
	for w.i < len(w.b) && strings.IndexByte(",]} \t\r\n", w.b[w.i]) < 0 {
		w.i++
	}
	return w.i > start
}

func (w *strictWalker) object(path string) bool {
	if w.depth++; w.depth > maxStrictDepth {
		return false
	}
	defer func() { w.depth-- }()
	w.i++ // {
	if w.space(); w.i < len(w.b) && w.b[w.i] == '}' {
		w.i++
		return true
	}
	seen := map[string]bool{}
	for {
		if w.space(); w.i >= len(w.b) || w.b[w.i] != '"' {
			return false
		}
		k, ok := w.str(path, &w.key)
		if !ok {
			return false
		}
		if seen[k] {
			w.add(path, "%q given twice", k)
		}
		seen[k] = true
		if w.space(); w.i >= len(w.b) || w.b[w.i] != ':' {
			return false
		}
		w.i++
		if !w.value(field(path, k)) {
			return false
		}
		if done, ok := w.sep('}'); done || !ok {
			return ok
		}
	}
}

func (w *strictWalker) array(path string) bool {
	if w.depth++; w.depth > maxStrictDepth {
		return false
	}
	defer func() { w.depth-- }()
	w.i++ // [
	if w.space(); w.i < len(w.b) && w.b[w.i] == ']' {
		w.i++
		return true
	}
	for n := 0; ; n++ {
		if !w.value(path + "[" + strconv.Itoa(n) + "]") {
			return false
		}
		if done, ok := w.sep(']'); done || !ok {
			return ok
		}
	}
}

// sep reads the comma between two members, or the closing bracket.
func (w *strictWalker) sep(closing byte) (done, ok bool) {
	w.space()
	switch {
	case w.i < len(w.b) && w.b[w.i] == ',':
		w.i++
		return false, true
	case w.i < len(w.b) && w.b[w.i] == closing:
		w.i++
		return true, true
	}
	return false, false
}

// field is the path of key k in the object at path.
func field(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// str reads a string at w.i, noting invalid UTF-8 and lone surrogates with
// the path of the value. With key set, it also unescapes the string into
// *key and returns it, so that keys are compared as the decoder reads them.
func (w *strictWalker) str(path string, key *[]byte) (string, bool) {
	var out []byte
	if key != nil {
		out = (*key)[:0]
	}
	for j := w.i + 1; j < len(w.b); {
		c, r, n := w.b[j], rune(w.b[j]), 1
		switch {
		case c == '"':
			w.i = j + 1
			if key == nil {
				return "", true
			}
			*key = out
			return string(out), true
		case c < ' ':
			return "", false
		case c == '\\':
			if r, n = w.escape(j, path); n == 0 {
				return "", false
			}
		case c >= utf8.RuneSelf:
			if r, n = utf8.DecodeRune(w.b[j:]); r == utf8.RuneError && n == 1 {
				w.add(path, "invalid UTF-8 at byte %d (0x%02x): send text in UTF-8", j, c)
			}
		}
		if key != nil {
			out = utf8.AppendRune(out, r)
		}
		j += n
	}
	return "", false
}

// escape reads the escape at j and returns the rune it stands for and its
// length in bytes, 0 if it is not a JSON escape.
func (w *strictWalker) escape(j int, path string) (rune, int) {
	if j+1 >= len(w.b) {
		return 0, 0
	}
	switch e := w.b[j+1]; e {
	case '"', '\\', '/':
		return rune(e), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
	default:
		return 0, 0
	}
	r := hex4(w.b[j+2:])
	if r < 0 {
		return 0, 0
	}
	if !utf16.IsSurrogate(r) {
		return r, 6
	}
	if r < 0xdc00 && j+7 < len(w.b) && w.b[j+6] == '\\' && w.b[j+7] == 'u' {
		if r2 := utf16.DecodeRune(r, hex4(w.b[j+8:])); r2 != utf8.RuneError {
			return r2, 12
		}
	}
	w.add(path, "lone UTF-16 surrogate %s at byte %d: a \\ud800-\\udfff escape must be a high one followed by a low one", w.b[j:j+6], j)
	return utf8.RuneError, 6
}
