package collector

import (
	"strings"
	"testing"
	"time"
)

// TestPullersTakePublishedFields maps a CSV file and a JSON body of
// published figures: each point keeps its start, qualifier and source URL,
// and a start that is no date is named by its row and column.
func TestPullersTakePublishedFields(t *testing.T) {
	csvTable := "indicator = \"mes_documents_fed_per_year\"\n[puller.csv]\ndelimiter = \",\"\ntime_column = \"fin\"\nvalue_column = \"n\"\n" +
		"start_column = \"debut\"\nqualifier_column = \"q\"\nsource_url_column = \"url\"\n"
	p := mapperPuller(t, "csv", csvTable)
	acc := newAccumulator("")
	err := newCSVMapper(p).read(strings.NewReader("debut,fin,n,q,url\n2025-01-01,2025-12-31,420000000,at_least,https://x.fr/2025\n"), acc)
	if err != nil {
		t.Fatal(err)
	}
	it := acc.items(nil, "")[0]
	if it.Start.Format(time.DateOnly) != "2025-01-01" || it.Qualifier != "at_least" || it.SourceURL != "https://x.fr/2025" {
		t.Errorf("CSV item = %+v, want start, qualifier and URL", it)
	}
	err = newCSVMapper(p).read(strings.NewReader("debut,fin,n,q,url\n2025,2025-12-31,1,,\n"), newAccumulator(""))
	if err == nil || err.Error() != `row 2, column "debut": "2025" is neither a YYYY-MM-DD date nor an RFC 3339 time` {
		t.Errorf("read(bad start) = %v", err)
	}

	jsonTable := "indicator = \"mes_documents_fed_per_year\"\n[puller.json]\nitems = \"data\"\ntime = \"end\"\nvalue = \"n\"\n" +
		"start = \"begin\"\nqualifier = \"q\"\nsource_url = \"link\"\n"
	p = mapperPuller(t, "json", jsonTable)
	acc = newAccumulator("")
	body := `{"data":[{"begin":"2024-01-01","end":"2024-12-31","n":300000000,"q":"about","link":"https://x.fr/2024"}]}`
	if _, _, err := newJSONMapper(p).read([]byte(body), "", acc); err != nil {
		t.Fatal(err)
	}
	it = acc.items(nil, "")[0]
	if it.Start.Format(time.DateOnly) != "2024-01-01" || it.Qualifier != "about" || it.SourceURL != "https://x.fr/2024" {
		t.Errorf("JSON item = %+v, want start, qualifier and URL", it)
	}
}
