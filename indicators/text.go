package indicators

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// CheckText checks a one-line text that people and programs will print: an
// indicator's name, a deadline's words, a measurement's source, the reason
// of an edit. It must be valid UTF-8 made of letters, marks, numbers,
// punctuation, symbols and spaces (a no-break space included, as French
// typography needs): no control character, no line or paragraph separator,
// no invisible format character (such as the bidirectional overrides that
// make a text read differently from what it holds), no private-use or
// unassigned code point. Those would break a log line, a CSV row, a
// Markdown table or a terminal, or hide what the text says.
func CheckText(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return fmt.Errorf("is not valid UTF-8 (byte %d is 0x%02x)", i, s[i])
			}
		}
		if !unicode.IsGraphic(r) {
			return fmt.Errorf("contains %s (%U) at byte %d", runeClass(r), r, i)
		}
	}
	return nil
}

// runeClass names what kind of character r, which is not graphic, is.
func runeClass(r rune) string {
	switch {
	case r == 0:
		return "a NUL character"
	case r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == '\u2028' || r == '\u2029':
		return "a line break"
	case r == '\t':
		return "a tab"
	case unicode.IsControl(r):
		return "a control character"
	case unicode.Is(unicode.Cf, r):
		return "an invisible format character"
	}
	return "a character that is not printable"
}

// MaxDefinitionText bounds the one-line texts of a definition (the
// roadmap's longest name is 120 bytes): each is printed in every page,
// report and alert of its indicator.
const MaxDefinitionText = 500

// texts checks the one-line texts of the definition with CheckText; the
// catalog's source and notes are free text over several lines.
func (v *defCheck) texts() {
	check := func(field, s string) {
		if err := CheckText(s); err != nil {
			v.add(field, "%v", err)
		} else if len(s) > MaxDefinitionText {
			v.add(field, "is %d bytes long: at most %d", len(s), MaxDefinitionText)
		}
	}
	check("name", v.ind.Name)
	check("unit_label", v.ind.UnitLabel)
	for i, m := range v.ind.Milestones {
		check(fmt.Sprintf("milestone[%d].deadline_text", i), m.DeadlineText)
	}
}
