package config

// Published says where a puller finds what a figure taken from a
// publication carries beside its value (issue 11): a CSV column name or a
// JSON path each, "" for none. Start cells are YYYY-MM-DD dates or RFC 3339
// times, whatever time_format says of the time: the start of a period
// format would be ambiguous (period_date reads a period as one day).
type Published struct {
	Start     string
	Qualifier string // at_least, at_most, about or empty
	SourceURL string
}

type publishedCSVFile struct {
	StartColumn     value `toml:"start_column"`
	QualifierColumn value `toml:"qualifier_column"`
	SourceURLColumn value `toml:"source_url_column"`
}

type publishedJSONFile struct {
	Start     value `toml:"start"`
	Qualifier value `toml:"qualifier"`
	SourceURL value `toml:"source_url"`
}

func (c *checker) publishedCSV(p string, f publishedCSVFile) Published {
	return Published{Start: c.Str(p+".start_column", f.StartColumn, ""), Qualifier: c.Str(p+".qualifier_column", f.QualifierColumn, ""),
		SourceURL: c.Str(p+".source_url_column", f.SourceURLColumn, "")}
}

func (c *checker) publishedJSON(p string, f publishedJSONFile) Published {
	return Published{Start: c.Str(p+".start", f.Start, ""), Qualifier: c.Str(p+".qualifier", f.Qualifier, ""),
		SourceURL: c.Str(p+".source_url", f.SourceURL, "")}
}
