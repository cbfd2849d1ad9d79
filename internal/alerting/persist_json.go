package alerting

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/jalonhq/jalon/indicators"
)

// appendRecord appends the JSON of a's record, as json.Marshal would
// write it, without reflection: when a whole catalog changes status at
// once, every alert is written in one cycle and encoding/json was half of
// its cost.
func appendRecord(b []byte, a *alert, lastSent time.Time) []byte {
	b = append(b, `{"labels":{`...)
	var scratch [16]indicators.Label
	for i, l := range a.labels.get(scratch[:0]) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, l.Name)
		b = append(b, ':')
		b = appendJSONString(b, l.Value)
	}
	b = append(b, '}')
	if len(a.annotations) > 0 {
		b = append(b, `,"annotations":{`...)
		for i, l := range a.annotations {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, l.Name)
			b = append(b, ':')
			b = appendJSONString(b, l.Value)
		}
		b = append(b, '}')
	}
	if a.generatorURL != "" {
		b = appendJSONString(append(b, `,"generatorURL":`...), a.generatorURL)
	}
	b = appendJSONString(append(b, `,"state":`...), string(a.state))
	b = strconv.AppendInt(append(b, `,"for":`...), int64(a.forDur), 10)
	b = appendTime(b, "activeAt", a.activeAt, false)
	b = appendTime(b, "firedAt", a.firedAt, true)
	b = appendTime(b, "resolvedAt", a.resolvedAt, true)
	b = appendTime(b, "lastSent", lastSent, true)
	return append(b, '}')
}

func appendTime(b []byte, name string, t time.Time, omitZero bool) []byte {
	if omitZero && t.IsZero() {
		return b
	}
	b = append(append(append(b, `,"`...), name...), `":"`...)
	return append(t.AppendFormat(b, time.RFC3339Nano), '"')
}

// appendJSONString appends s as a JSON string. Invalid UTF-8, which Jalon's
// labels and texts never hold, goes through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		q, _ := json.Marshal(s)
		return append(b, q...)
	}
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
