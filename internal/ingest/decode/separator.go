package decode

import "bytes"

// Separator is the field separator of a CSV push body or import file: a
// semicolon when its first line holds more semicolons than commas, as a
// spreadsheet saving in French writes it, else a comma. jalonctl import
// decides the same way, so that a file reads alike sent or imported.
func Separator(body []byte) rune {
	line, _, _ := bytes.Cut(body, []byte("\n"))
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		return ';'
	}
	return ','
}
