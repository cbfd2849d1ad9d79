package indicators

// TextDecimal is the one rule for numbers written as text: CSV pushes,
// jalonctl imports and push arguments, pullers' sources. Digit groups may
// be separated by a space, a no-break space (U+00A0) or a narrow no-break
// space (U+202F) everywhere ("4 512"); the decimal separator is a comma
// where the format says the file is written the French way (comma: a CSV
// separated by semicolons, a puller's decimal_comma) and a point
// otherwise, never both, since "1.234" could then be a thousand or one.
// JSON numbers follow JSON's grammar instead.
func TextDecimal(comma bool) Decimal { return Decimal{Comma: comma, Groups: true} }
