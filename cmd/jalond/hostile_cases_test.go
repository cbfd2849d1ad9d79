package main

import (
	"fmt"
	"net/http"
	"strings"
)

// hostileCases returns the suite's cases, family by family.
func hostileCases() []hostileCase {
	var cs []hostileCase
	for _, f := range []func() []hostileCase{
		batchCases, valueCases, textCases, timeCases, csvCases, trailingCases,
		editCases, authCases, originCases, routeCases, queryCases, protocolCases,
	} {
		cs = append(cs, f()...)
	}
	return cs
}

const push = "/api/v1/measurements"

// item wraps JSON items in a push body.
func item(items ...string) string {
	return `{"measurements":[` + strings.Join(items, ",") + `]}`
}

// docs is a valid item of objective 1-1 with the value v written as given.
func docs(v string) string {
	return `{"indicator":"` + documentsFed + `","time":"2026-11-30","value":` + v + `}`
}

// pushCase is a push with the admin token, refused with code and msg.
func pushCase(name, ct, body string, code int, msg string) hostileCase {
	return hostileCase{name: name, method: "POST", path: push, ct: ct, body: body, token: hostileAdmin, code: code, msg: msg}
}

func jsonPush(name, body string, code int, msg string) hostileCase {
	return pushCase(name, "application/json", body, code, msg)
}

func csvPush(name, body string, msg string) hostileCase {
	return pushCase(name, "text/csv", body, http.StatusBadRequest, msg)
}

// batchCases are malformed push bodies.
func batchCases() []hostileCase {
	ok := docs("1")
	return []hostileCase{
		jsonPush("broken JSON", `{"measurements":[`, 400, "JSON ends too early"),
		jsonPush("not JSON", `hello`, 400, "invalid JSON"),
		jsonPush("empty body", ``, 400, "empty body"),
		jsonPush("whitespace body", " \n\t ", 400, "empty body"),
		jsonPush("no measurements key", `{}`, 400, `want {"measurements"`),
		jsonPush("measurements not an array", `{"measurements":{}}`, 400, "measurements"),
		jsonPush("measurements null", `{"measurements":null}`, 400, "measurements"),
		jsonPush("top level array", `[`+ok+`]`, 400, "the body is a JSON array: want a JSON object"),
		jsonPush("top level string", `"measurements"`, 400, "the body is a JSON string: want a JSON object"),
		jsonPush("empty batch", item(), 400, "empty batch"),
		jsonPush("unknown top-level field", `{"measurements":[],"extra":1}`, 400, `unknown field "extra"`),
		jsonPush("unknown item field", item(`{"indicator":"`+documentsFed+`","time":"2026-10-31","value":1,"unit":"x"}`), 400, `item 0: unknown field "unit"`),
		jsonPush("field in another case", item(`{"indicator":"`+documentsFed+`","time":"2026-10-31","VALUE":1}`), 400, `field names are in lower case ("value")`),
		jsonPush("field given twice", item(`{"indicator":"`+documentsFed+`","time":"2026-10-31","value":12,"value":3}`), 400, `item 0: "value" given twice`),
		jsonPush("label given twice", item(`{"indicator":"`+awarenessShare+`","labels":{"region":"84","region":"93"},"time":"2026-01-31","value":1}`), 400, `item 0: labels: "region" given twice`),
		jsonPush("batch key in another case", `{"Measurements":[`+ok+`]}`, 400, `unknown field "Measurements"`),
		jsonPush("batch key twice", `{"measurements":[`+ok+`],"measurements":[`+ok+`]}`, 400, `"measurements" given twice`),
		jsonPush("item not an object", item(`1`), 400, "item 0"),
		jsonPush("item null", item(`null`), 400, "item 0"),
		jsonPush("value as string", item(`{"indicator":"`+documentsFed+`","time":"2026-10-31","value":"12"}`), 400, "item 0: value: want a number"),
		jsonPush("value null", item(`{"indicator":"`+documentsFed+`","time":"2026-10-31","value":null}`), 400, "item 0: value"),
		jsonPush("value bool", item(`{"indicator":"`+documentsFed+`","time":"2026-10-31","value":true}`), 400, "item 0: value"),
		jsonPush("value object", item(`{"indicator":"`+documentsFed+`","time":"2026-10-31","value":{}}`), 400, "item 0: value"),
		jsonPush("missing value", item(`{"indicator":"`+documentsFed+`","time":"2026-10-31"}`), 400, "item 0: value: missing"),
		jsonPush("labels not strings", item(`{"indicator":"`+awarenessShare+`","labels":{"region":84},"time":"2026-01-31","value":1}`), 400, "item 0: labels: want a string, got JSON number"),
		jsonPush("labels an array", item(`{"indicator":"`+awarenessShare+`","labels":["84"],"time":"2026-01-31","value":1}`), 400, "item 0: labels"),
		jsonPush("unknown indicator", item(`{"indicator":"nope","time":"2026-10-31","value":1}`), 400, `item 0: indicator: "nope" is not in the catalog`),
		jsonPush("indicator path traversal", item(`{"indicator":"../../etc/passwd","time":"2026-10-31","value":1}`), 400, `is not in the catalog`),
		jsonPush("indicator empty", item(`{"indicator":"","time":"2026-10-31","value":1}`), 400, "item 0: indicator"),
		jsonPush("missing indicator", item(`{"time":"2026-10-31","value":1}`), 400, "item 0: indicator: missing"),
		jsonPush("label not allowed", item(`{"indicator":"`+documentsFed+`","labels":{"region":"84"},"time":"2026-10-31","value":1}`), 400, "takes no labels"),
		jsonPush("unknown dimension", item(`{"indicator":"`+awarenessShare+`","labels":{"city":"Lyon"},"time":"2026-01-31","value":1}`), 400, "labels.city"),
		jsonPush("unknown region", item(`{"indicator":"`+awarenessShare+`","labels":{"region":"99"},"time":"2026-01-31","value":1}`), 400, "not an INSEE region code"),
		jsonPush("department of another region", item(`{"indicator":"appli_carte_vitale_users","labels":{"region":"84","department":"75"},"time":"2026-01-31","value":1}`), 400, "labels"),
		jsonPush("department without region", item(`{"indicator":"appli_carte_vitale_users","labels":{"department":"999"},"time":"2026-01-31","value":1}`), 400, "labels"),
		jsonPush("duplicate items", item(ok, ok), 400, "item 1: same indicator, labels and time as item 0"),
		jsonPush("one bad among good", item(ok, `{"indicator":"nope","time":"2026-10-31","value":1}`), 400, "1 of 2 measurements are invalid; nothing was written"),
		jsonPush("every bad item listed", item(`{"indicator":"a","time":"2026-10-31","value":1}`, `{"indicator":"b","time":"2026-10-31","value":1}`), 400, `item 1: indicator: "b"`),
		jsonPush("huge body", item(ok+strings.Repeat(" ", 33<<20)), 413, "body larger than"),
		jsonPush("deeply nested labels", item(`{"indicator":"`+awarenessShare+`","labels":`+strings.Repeat(`{"a":`, 10000)+`1`+strings.Repeat(`}`, 10000)+`,"time":"2026-01-31","value":1}`), 400, "exceeded max depth"),
		jsonPush("deeply nested batch", strings.Repeat(`[`, 100000), 400, "exceeded max depth"),
		pushCase("unknown content type", "application/xml", `<m/>`, 415, "want application/json or text/csv"),
		pushCase("form content type", "application/x-www-form-urlencoded", item(ok), 415, "want application/json or text/csv"),
		pushCase("malformed content type", "application/json; charset", item(ok), 415, "content type"),
		pushCase("multipart", "multipart/form-data; boundary=x", "--x--", 415, "want application/json or text/csv"),
	}
}

// valueCases are values outside what Jalon can evaluate, for every unit.
func valueCases() []hostileCase {
	cs := []hostileCase{
		jsonPush("count value 1.5e307 (blanked the API)", item(docs("1.5e307")), 400, "item 0: value"),
		jsonPush("delay change -1e308 (blanked the API)", item(`{"indicator":"ce_marking_delay_change","time":"2026-11-30","value":-1e308}`), 400, "item 0: value"),
		jsonPush("value overflows float64", item(docs("1e309")), 400, "item 0: value"),
		jsonPush("value -1e309", item(docs("-1e309")), 400, "item 0: value"),
		jsonPush("value NaN literal", item(docs("NaN")), 400, "invalid JSON"),
		jsonPush("value Infinity literal", item(docs("Infinity")), 400, "invalid JSON"),
		jsonPush("value hex", item(docs("0x10")), 400, "invalid JSON"),
		jsonPush("value with underscores", item(docs("1_000")), 400, "invalid JSON"),
		jsonPush("value with leading plus", item(docs("+1")), 400, "invalid JSON"),
		jsonPush("value with leading zeros", item(docs("007")), 400, "invalid JSON"),
		jsonPush("value .5", item(docs(".5")), 400, "invalid JSON"),
		jsonPush("value 5.", item(docs("5.")), 400, "invalid JSON"),
		jsonPush("value huge exponent", item(docs("1e99999999999")), 400, "item 0: value"),
		jsonPush("negative count", item(docs("-3")), 400, "negative"),
		jsonPush("percent above 100", item(`{"indicator":"ins_qualified_share","time":"2026-10-31","value":101}`), 400, "above 100"),
		jsonPush("percent below 0", item(`{"indicator":"ins_qualified_share","time":"2026-10-31","value":-0.5}`), 400, "negative"),
		jsonPush("percent 1e308", item(`{"indicator":"ins_qualified_share","time":"2026-10-31","value":1e308}`), 400, "item 0: value"),
		jsonPush("done other than 0 or 1", item(`{"indicator":"mes_prescription_messaging_launch","time":"2026-10-31","value":2}`), 400, "item 0: value"),
		jsonPush("done 1e308", item(`{"indicator":"mes_prescription_messaging_launch","time":"2026-10-31","value":1e308}`), 400, "item 0: value"),
		jsonPush("rate input 1e308", item(`{"indicator":"sante_fr_unique_visitors_per_year","time":"2026-10-31","value":1e308}`), 400, "item 0: value"),
		jsonPush("rate input 9e307", item(`{"indicator":"sante_fr_unique_visitors_per_year","time":"2026-10-31","value":9e307}`), 400, "item 0: value"),
		jsonPush("months 1e308", item(`{"indicator":"ce_marking_delay_change","time":"2026-10-31","value":1e308}`), 400, "item 0: value"),
		jsonPush("months -1.5e307", item(`{"indicator":"ce_marking_delay_change","time":"2026-10-31","value":-1.5e307}`), 400, "item 0: value"),
		jsonPush("level count 1.7e308", item(`{"indicator":"mes_prevention_checkup_patients","time":"2026-10-31","value":1.7e308}`), 400, "item 0: value"),
		jsonPush("regional count 1e300", item(`{"indicator":"eprescription_doctors","labels":{"region":"84"},"time":"2026-10-31","value":1e300}`), 400, "item 0: value"),
		jsonPush("department count 1e200", item(`{"indicator":"appli_carte_vitale_users","labels":{"region":"84","department":"69"},"time":"2026-10-31","value":1e200}`), 400, "item 0: value"),
		jsonPush("huge value among good", item(docs("1"), `{"indicator":"`+documentsFed+`","time":"2026-12-01","value":1e308}`), 400, "item 1: value"),
	}
	// Every overflow magnitude on the count-input rate, the worst case for the
	// trailing sums.
	for _, v := range []string{"1e20", "1e30", "1e100", "1e200", "1e250", "1e300", "4.9e307", "8.9e307", "1.7976931348623157e308"} {
		cs = append(cs, jsonPush("documents count "+v, item(docs(v)), 400, "item 0: value"))
	}
	return cs
}

// textCases are labels and sources that would corrupt an exposition, a log
// line or a page.
func textCases() []hostileCase {
	region := func(v string) string {
		return item(`{"indicator":"` + awarenessShare + `","labels":{"region":"` + v + `"},"time":"2026-01-31","value":1}`)
	}
	source := func(v string) string {
		return item(`{"indicator":"` + documentsFed + `","time":"2026-10-31","value":1,"source":"` + v + `"}`)
	}
	cs := []hostileCase{
		jsonPush("label injection", region(`a\"b`), 400, "without quotes or backslashes"),
		jsonPush("label with newline", region(`8\n4`), 400, "labels.region"),
		jsonPush("label with NUL", region(`8\u00004`), 400, "labels.region"),
		jsonPush("label with U+2028", region(`8\u20284`), 400, "labels.region"),
		jsonPush("label with braces", region(`84}`), 400, "labels.region"),
		jsonPush("label very long", region(strings.Repeat("8", 5000)), 400, "labels.region"),
		jsonPush("label empty", region(``), 400, "labels.region"),
		jsonPush("label with lone surrogate", region(`\ud800`), 400, "item 0"),
	}
	for _, s := range []struct{ name, v string }{
		{"NUL", `cnam\u0000`}, {"CR", `cnam\r`}, {"LF", `cnam\nX-Injected: 1`}, {"U+2028", `cnam\u2028`},
		{"U+2029", `cnam\u2029`}, {"escape char", `cnam\u001b[31m`}, {"DEL", `cnam\u007f`}, {"tab", `cnam\t`},
		{"lone high surrogate", `cnam\ud800`}, {"lone low surrogate", `cnam\udc00`}, {"reversed surrogates", `\udc00\ud800`},
		{"very long", strings.Repeat("s", 100000)},
	} {
		cs = append(cs, jsonPush("source with "+s.name, source(s.v), 400, "item 0"))
	}
	// Raw bytes that are not UTF-8, in every field of an item.
	for _, b := range []struct{ name, v string }{
		{"invalid byte", "\xff"}, {"overlong slash", "\xc0\xaf"}, {"truncated sequence", "\xe2\x82"},
		{"surrogate encoded", "\xed\xa0\x80"}, {"beyond U+10FFFF", "\xf4\x90\x80\x80"},
	} {
		cs = append(cs,
			jsonPush("source "+b.name, source("cnam"+b.v), 400, "item 0: source"),
			jsonPush("label "+b.name, region("84"+b.v), 400, "item 0: labels"),
			jsonPush("indicator "+b.name, item(`{"indicator":"mes`+b.v+`","time":"2026-10-31","value":1}`), 400, "item 0: indicator"),
		)
	}
	return cs
}

// timeCases are times jalond cannot or must not store.
func timeCases() []hostileCase {
	at := func(v string) string {
		return item(`{"indicator":"` + documentsFed + `","time":` + v + `,"value":1}`)
	}
	return []hostileCase{
		jsonPush("time unparsable", at(`"31/01/2024"`), 400, `item 0: time: "31/01/2024" is neither`),
		jsonPush("time missing", item(`{"indicator":"`+documentsFed+`","value":1}`), 400, "item 0: time: missing"),
		jsonPush("time a number", at(`1700000000`), 400, "item 0: time"),
		jsonPush("time null", at(`null`), 400, "item 0: time"),
		jsonPush("time far in the past", at(`"1900-01-01"`), 400, "is before 1990-01-01"),
		jsonPush("time year 0", at(`"0000-01-01"`), 400, "item 0: time"),
		jsonPush("time far in the future", at(`"2031-01-01"`), 400, "in the future"),
		jsonPush("time year 9999", at(`"9999-12-31T23:59:59Z"`), 400, "in the future"),
		jsonPush("time February 30", at(`"2026-02-30"`), 400, "item 0: time"),
		jsonPush("time month 13", at(`"2026-13-01"`), 400, "item 0: time"),
		jsonPush("time hour 25", at(`"2026-01-01T25:00:00Z"`), 400, "item 0: time"),
		jsonPush("time without zone", at(`"2026-01-01T10:00:00"`), 400, "item 0: time"),
		jsonPush("time with NUL", at(`"2026-01-01\u0000"`), 400, "item 0: time"),
		jsonPush("time very long", at(`"`+strings.Repeat("2", 10000)+`"`), 400, "item 0: time"),
		jsonPush("time offset +25:00", at(`"2026-01-01T10:00:00+25:00"`), 400, "item 0: time"),
	}
}

// csvCases are CSV pushes: numbers in Go's syntax, bytes that are not UTF-8,
// broken rows.
func csvCases() []hostileCase {
	row := func(v string) string { return "indicator,time,value\n" + documentsFed + ",2026-10-31," + v + "\n" }
	cs := []hostileCase{
		csvPush("CSV empty", "", "empty body"),
		csvPush("CSV header only", "indicator,time,value\n", "empty batch"),
		csvPush("CSV with semicolons and a decimal point", "indicator;time;value\n"+documentsFed+";2026-10-31;1.5\n", `line 2: value: "1.5" is not a decimal number: '.' at byte 1`),
		csvPush("CSV missing column", "indicator,time\n"+documentsFed+",2026-10-31\n", `missing column "value"`),
		csvPush("CSV unknown column", "indicator,time,value,unit\n", `unknown column "unit"`),
		csvPush("CSV column twice", "indicator,time,value,value\n"+documentsFed+",2026-10-31,1,2\n", "value"),
		csvPush("CSV short row", "indicator,time,value\n"+documentsFed+",2026-10-31\n", "line 2: 2 fields, want 3"),
		csvPush("CSV long row", "indicator,time,value\n"+documentsFed+",2026-10-31,1,2\n", "line 2"),
		csvPush("CSV bad quoting", "indicator,time,value\n\""+documentsFed+",2026-10-31,1\n", "CSV line"),
		csvPush("CSV invalid UTF-8 in source", "indicator,time,value,source\n"+documentsFed+",2026-10-31,1,cnam\xff\n", "line 2"),
		csvPush("CSV invalid UTF-8 in header", "indicator,time,value\xff\n"+documentsFed+",2026-10-31,1\n", "CSV header"),
		csvPush("CSV NUL in indicator", "indicator,time,value\nmes\x00,2026-10-31,1\n", "line 2"),
		csvPush("CSV duplicate rows", row("1")+documentsFed+",2026-10-31,1\n", "line 3"),
		csvPush("CSV bad among good", "indicator,time,value\n"+documentsFed+",2026-10-31,1\nnope,2026-10-31,1\n", "line 3"),
	}
	for _, v := range []string{
		"douze", "NaN", "nan", "+Inf", "-Inf", "inf", "Infinity", "1_2_3", "0x1.8p1", "0x10", "0b101", "0o17",
		"1e309", "1.5e307", "1e", "1e+", "--1", "1..2", "1.2.3", "1,5", "1  000", "12abc", "٣", "１２", "0x", "_1",
	} {
		msg := "line 2: value"
		if strings.Contains(v, ",") {
			msg = "line 2: 4 fields, want 3" // a comma separates columns
		}
		cs = append(cs, csvPush("CSV value "+v, row(v), msg))
	}
	return cs
}

// trailingCases put data after the JSON object.
func trailingCases() []hostileCase {
	ok := item(docs("1"))
	var cs []hostileCase
	for _, s := range []struct{ name, v string }{
		{"object", "{}"}, {"bracket", "]"}, {"brace", "}"}, {"letter", "x"}, {"second batch", ok},
		{"NUL byte", "\x00"}, {"comma", ","}, {"number", "1"},
	} {
		cs = append(cs, jsonPush("trailing "+s.name, ok+s.v, 400, "data after the JSON object"))
	}
	return cs
}

// editCases are target edits (PUT /api/v1/indicators/{id}) an admin must
// not be able to store.
func editCases() []hostileCase {
	put := func(name, body string, code int, msg string) hostileCase {
		return hostileCase{name: "edit " + name, method: "PUT", path: "/api/v1/indicators/" + documentsFed,
			ct: "application/json", body: body, token: hostileAdmin, code: code, msg: msg}
	}
	named := func(v string) string { return `{"reason":"test","name":"` + v + `"}` }
	cs := []hostileCase{
		put("empty body", ``, 400, "malformed body"),
		put("not JSON", `hello`, 400, "malformed body"),
		put("trailing data", named("x")+`}`, 400, "data after the JSON object"),
		put("unknown field", `{"reason":"test","kind":"level"}`, 400, `unknown field "kind"`),
		put("duplicated key", `{"reason":"test","name":"a","name":"b"}`, 400, `"name" given twice`),
		put("duplicated nested key", `{"reason":"test","tolerance":{"off_track":0.3,"off_track":0.4}}`, 400, `"off_track" given twice`),
		put("duplicated key in a milestone", `{"reason":"test","milestones":[{"value":1,"value":2,"deadline":"2026-12-31"}]}`, 400, `"value" given twice`),
		put("name NUL", named(`a\u0000b`), 400, "name"),
		put("name CR", named(`a\rb`), 400, "name"),
		put("name LF", named(`a\nb`), 400, "name"),
		put("name U+2028", named(`a\u2028b`), 400, "name"),
		put("name U+2029", named(`a\u2029b`), 400, "name"),
		put("name escape", named(`a\u001b[2Jb`), 400, "name"),
		put("name lone surrogate", named(`a\ud800b`), 400, "name"),
		put("name invalid UTF-8", named("a\xffb"), 400, "name"),
		put("name empty", named(``), 400, "name"),
		put("name very long", named(strings.Repeat("n", 100000)), 400, "name"),
		put("reason NUL", `{"reason":"a\u0000b","name":"x"}`, 400, "reason"),
		put("reason LF", `{"reason":"a\nb","name":"x"}`, 400, "reason"),
		put("deadline text LF", `{"reason":"t","milestones":[{"value":1,"deadline":"2026-12-31","deadline_text":"fin\n2026"}]}`, 400, "deadline_text"),
		put("milestone 1e308", `{"reason":"t","milestones":[{"value":1e308,"deadline":"2026-12-31"}]}`, 400, "milestone"),
		put("milestone 1e309", `{"reason":"t","milestones":[{"value":1e309,"deadline":"2026-12-31"}]}`, 400, "malformed body"),
		put("milestone negative", `{"reason":"t","milestones":[{"value":-1,"deadline":"2026-12-31"}]}`, 400, "milestone"),
		put("milestone deadline bad", `{"reason":"t","milestones":[{"value":1,"deadline":"31/12/2026"}]}`, 400, "deadline"),
		put("milestone value string", `{"reason":"t","milestones":[{"value":"1","deadline":"2026-12-31"}]}`, 400, "malformed body"),
		put("baseline 1e308", `{"reason":"t","baseline":{"value":1e308}}`, 400, "baseline"),
		put("baseline -1e308", `{"reason":"t","baseline":{"value":-1e308}}`, 400, "baseline"),
		put("tolerance NaN", `{"reason":"t","tolerance":{"at_risk":NaN}}`, 400, "malformed body"),
		put("tolerance negative", `{"reason":"t","tolerance":{"at_risk":-1}}`, 400, "tolerance"),
		put("tolerance huge", `{"reason":"t","tolerance":{"off_track":1e308}}`, 400, "tolerance"),
		put("no reason", `{"name":"x"}`, 400, "reason"),
		{name: "edit wrong content type", method: "PUT", path: "/api/v1/indicators/" + documentsFed, ct: "text/plain", body: named("x"), token: hostileAdmin, code: 415, msg: "want application/json"},
		{name: "edit unknown indicator", method: "PUT", path: "/api/v1/indicators/nope", ct: "application/json", body: named("x"), token: hostileAdmin, code: 404, msg: `"nope" is not in the catalog`},
		{name: "edit with write token", method: "PUT", path: "/api/v1/indicators/" + documentsFed, ct: "application/json", body: named("x"), token: hostileWrite, code: 403, msg: "admin"},
		{name: "edit with read token", method: "PUT", path: "/api/v1/indicators/" + documentsFed, ct: "application/json", body: named("x"), token: hostileRead, code: 403, msg: "admin"},
		{name: "edit without token", method: "PUT", path: "/api/v1/indicators/" + documentsFed, ct: "application/json", body: named("x"), code: 401, msg: "bearer token"},
		put("huge body", `{"reason":"t","name":"`+strings.Repeat("x", 33<<20)+`"}`, 413, "body larger than"),
	}
	return cs
}

// authCases try to get in without the right token.
func authCases() []hostileCase {
	body := item(docs("1"))
	pushAs := func(name string, header map[string]string, code int, msg string) hostileCase {
		return hostileCase{name: "auth " + name, method: "POST", path: push, ct: "application/json", body: body, header: header, code: code, msg: msg}
	}
	cs := []hostileCase{
		pushAs("no token", nil, 401, "missing or unknown bearer token"),
		pushAs("unknown token", map[string]string{"Authorization": "Bearer nope"}, 401, "missing or unknown bearer token"),
		pushAs("empty bearer", map[string]string{"Authorization": "Bearer "}, 401, "bearer token"),
		pushAs("basic scheme", map[string]string{"Authorization": "Basic YWRtaW46YWRtaW4="}, 401, "bearer token"),
		pushAs("token without scheme", map[string]string{"Authorization": hostileAdmin}, 401, "bearer token"),
		pushAs("token prefix", map[string]string{"Authorization": "Bearer " + hostileAdmin[:10]}, 401, "bearer token"),
		pushAs("token with suffix", map[string]string{"Authorization": "Bearer " + hostileAdmin + "x"}, 401, "bearer token"),
		pushAs("token in another case", map[string]string{"Authorization": "Bearer " + strings.ToUpper(hostileAdmin)}, 401, "bearer token"),
		pushAs("token hash instead of secret", map[string]string{"Authorization": "Bearer " + hashSecret(hostileAdmin)}, 401, "bearer token"),
		pushAs("very long token", map[string]string{"Authorization": "Bearer " + strings.Repeat("a", 100000)}, 401, "bearer token"),
		pushAs("token in X-Api-Key", map[string]string{"X-Api-Key": hostileAdmin}, 401, "bearer token"),
		pushAs("token in cookie", map[string]string{"Cookie": "token=" + hostileAdmin}, 401, "bearer token"),
		pushAs("forwarded for loopback", map[string]string{"X-Forwarded-For": "127.0.0.1", "X-Real-Ip": "127.0.0.1"}, 401, "bearer token"),
		{name: "auth token in query", method: "POST", path: push + "?token=" + hostileAdmin, ct: "application/json", body: body, code: 401, msg: "bearer token"},
		{name: "auth read token pushes", method: "POST", path: push, ct: "application/json", body: body, token: hostileRead, code: 403, msg: "write"},
		{name: "auth write token on another indicator", method: "POST", path: push, ct: "application/json", token: hostileWrite, code: 403, msg: "ins_qualified_share",
			body: item(`{"indicator":"ins_qualified_share","time":"2026-10-31","value":1}`)},
		{name: "auth write token, batch with another indicator", method: "POST", path: push, ct: "application/json", token: hostileWrite, code: 403, msg: "ins_qualified_share",
			body: item(docs("1"), `{"indicator":"ins_qualified_share","time":"2026-10-31","value":1}`)},
		{name: "auth write token backs up", method: "GET", path: "/api/v1/admin/backup", token: hostileWrite, code: 403, msg: "admin"},
		{name: "auth read token backs up", method: "GET", path: "/api/v1/admin/backup", token: hostileRead, code: 403, msg: "admin"},
		{name: "auth backup without token", method: "GET", path: "/api/v1/admin/backup", code: 401, msg: "bearer token"},
		{name: "auth profile with read token", method: "GET", path: "/debug/pprof/profile?seconds=1", token: hostileRead, code: 403, msg: "admin"},
		{name: "auth profile without token", method: "GET", path: "/debug/pprof/profile?seconds=1", code: 401, msg: "bearer token"},
		{name: "auth heap with write token", method: "GET", path: "/debug/pprof/heap", token: hostileWrite, code: 403, msg: "admin"},
		{name: "auth series without token", method: "GET", path: "/api/v1/indicators/" + documentsFed + "/series", code: 401, msg: "bearer token"},
		{name: "auth series with write token", method: "GET", path: "/api/v1/indicators/" + documentsFed + "/series", token: hostileWrite, code: 403, msg: "read"},
		{name: "auth revisions without token", method: "GET", path: "/api/v1/indicators/" + documentsFed + "/revisions", code: 401, msg: "bearer token"},
		{name: "auth puller run with read token", method: "POST", path: "/api/v1/pullers/none/run", token: hostileRead, code: 403, msg: "admin"},
		{name: "auth puller run without token", method: "POST", path: "/api/v1/pullers/none/run", code: 401, msg: "bearer token"},
	}
	return cs
}

// originCases are requests a page on another site makes a browser send to
// a jalond without tokens, which trusts loopback.
func originCases() []hostileCase {
	cross := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	oldBrowser := map[string]string{"Origin": "https://evil.example"}
	refused := "cross-origin request refused"
	var cs []hostileCase
	for _, h := range []struct {
		name   string
		header map[string]string
	}{{"cross-site", cross}, {"foreign Origin", oldBrowser}} {
		cs = append(cs,
			hostileCase{name: h.name + " push", open: true, method: "POST", path: push, ct: "application/json", body: item(docs("1")), header: h.header, code: 403, msg: refused},
			hostileCase{name: h.name + " push without content type", open: true, method: "POST", path: push, body: item(docs("1")), header: h.header, code: 403, msg: refused},
			hostileCase{name: h.name + " target edit", open: true, method: "PUT", path: "/api/v1/indicators/" + documentsFed, ct: "application/json", body: `{"reason":"x","name":"pwned"}`, header: h.header, code: 403, msg: refused},
			hostileCase{name: h.name + " backup", open: true, method: "GET", path: "/api/v1/admin/backup", header: h.header, code: 403, msg: refused},
			hostileCase{name: h.name + " CPU profile", open: true, method: "GET", path: "/debug/pprof/profile?seconds=1", header: h.header, code: 403, msg: refused},
			hostileCase{name: h.name + " trace", open: true, method: "GET", path: "/debug/pprof/trace?seconds=1", header: h.header, code: 403, msg: refused},
			hostileCase{name: h.name + " heap profile", open: true, method: "GET", path: "/debug/pprof/heap", header: h.header, code: 403, msg: refused},
			hostileCase{name: h.name + " puller run", open: true, method: "POST", path: "/api/v1/pullers/none/run", header: h.header, code: 403, msg: refused},
		)
	}
	rebound := map[string]string{"Host": "evil.example"}
	cs = append(cs,
		hostileCase{name: "rebound host push", open: true, method: "POST", path: push, ct: "application/json", body: item(docs("1")), header: rebound, code: 403, msg: `not "evil.example"`},
		hostileCase{name: "rebound host backup", open: true, method: "GET", path: "/api/v1/admin/backup", header: rebound, code: 403, msg: `not "evil.example"`},
		hostileCase{name: "rebound host edit", open: true, method: "PUT", path: "/api/v1/indicators/" + documentsFed, ct: "application/json", body: `{"reason":"x","name":"pwned"}`, header: rebound, code: 403, msg: `not "evil.example"`},
		hostileCase{name: "rebound host profile", open: true, method: "GET", path: "/debug/pprof/profile?seconds=1", header: rebound, code: 403, msg: `not "evil.example"`},
		hostileCase{name: "open mode hostile value", open: true, method: "POST", path: push, ct: "application/json", body: item(docs("1.5e307")), code: 400, msg: "item 0: value"},
		hostileCase{name: "open mode trailing garbage", open: true, method: "POST", path: push, ct: "application/json", body: item(docs("1")) + "]", code: 400, msg: "data after the JSON object"},
	)
	return cs
}

// routeCases are paths and methods that lead nowhere.
func routeCases() []hostileCase {
	get := func(name, path string, code int, msg string) hostileCase {
		return hostileCase{name: name, method: "GET", path: path, token: hostileRead, code: code, msg: msg}
	}
	cs := []hostileCase{
		get("unknown API route", "/api/v1/nope", 404, ""),
		get("unknown indicator", "/api/v1/indicators/nope", 404, `"nope"`),
		get("unknown indicator series", "/api/v1/indicators/nope/series", 404, `"nope"`),
		get("unknown indicator plan", "/api/v1/indicators/nope/plan", 404, `"nope"`),
		get("unknown indicator revisions", "/api/v1/indicators/nope/revisions", 404, `"nope"`),
		get("encoded traversal in id", "/api/v1/indicators/..%2F..%2Fetc%2Fpasswd", 404, ""),
		get("unknown page", "/nope", 404, ""),
		get("unknown indicator page", "/indicators/nope", 404, ""),
		get("unknown objective page", "/objectives/99-99", 404, ""),
		{name: "GET on the push route", method: "GET", path: push, token: hostileRead, code: 405},
		{name: "DELETE on the push route", method: "DELETE", path: push, token: hostileAdmin, code: 405},
		{name: "PATCH an indicator", method: "PATCH", path: "/api/v1/indicators/" + documentsFed, token: hostileAdmin, code: 405},
		{name: "POST objectives", method: "POST", path: "/api/v1/objectives", token: hostileAdmin, code: 405},
		{name: "TRACE", method: "TRACE", path: "/", token: hostileAdmin, code: 405},
		{name: "puller run of an unknown puller", method: "POST", path: "/api/v1/pullers/none/run", token: hostileAdmin, code: 404, msg: `no puller named "none"`},
	}
	for _, p := range []string{
		"/static/%c0%ae%c0%ae/etc/passwd", "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
		"/static/..%5c..%5cetc%5cpasswd", "/static/%00", "/static/style.css%00.png", "/static/" + strings.Repeat("a", 4000),
		"/static/%ff%fe", "/static/.", "/static/nope.css",
	} {
		cs = append(cs, hostileCase{name: "static " + p[:min(len(p), 40)], method: "GET", path: p, code: 404})
	}
	return cs
}

// queryCases are read routes with parameters that make no sense.
func queryCases() []hostileCase {
	get := func(name, path string, msg string) hostileCase {
		return hostileCase{name: name, method: "GET", path: path, token: hostileRead, code: 400, msg: msg}
	}
	series := "/api/v1/indicators/" + documentsFed + "/series"
	region := "/api/v1/indicators/" + awarenessShare + "/series"
	cs := []hostileCase{
		get("series from unparsable", series+"?from=yesterday", "from"),
		get("series to unparsable", series+"?to=31/12/2026", "to"),
		get("series from after to", series+"?from=2026-12-01&to=2026-01-01", "from"),
		get("series unknown parameter", series+"?limit=10", "limit"),
		get("series parameter twice", series+"?from=2026-01-01&from=2026-02-01", "from"),
		get("series semicolon in query", series+"?from=2026-01-01;to=2026-02-01", ";"),
		get("series unknown dimension", region+"?labels=city%3DLyon", "city"),
		get("series malformed labels", region+"?labels=region", "labels"),
		get("series label of another indicator", series+"?labels=region%3D84", "labels"),
		get("series year 10000", series+"?from=10000-01-01", "from"),
		get("plan unparsable from", "/api/v1/indicators/"+documentsFed+"/plan?from=x", "from"),
		{name: "plan unknown series", method: "GET", path: "/api/v1/indicators/" + awarenessShare + "/plan?labels=region%3D99", token: hostileRead, code: 404, msg: "has no series"},
		get("report at unparsable", "/api/v1/report?at=hier", "at"),
		get("report at in the future", "/api/v1/report?at=2999-01-01", "in the future"),
		get("report since after at", "/api/v1/report?at=2025-01-01&since=2026-01-01", "since"),
		get("report unknown format", "/api/v1/report?format=xlsx", "xlsx"),
		get("report separator two characters", "/api/v1/report?format=csv&separator=%3B%3B", "separator"),
		get("report bom not a boolean", "/api/v1/report?format=csv&bom=oui", "bom"),
		get("alerts unknown state", "/api/v1/alerts?state=exploded", "state"),
		{name: "profile for 1000 seconds", method: "GET", path: "/debug/pprof/profile?seconds=1000", token: hostileAdmin, code: 400, msg: "seconds"},
		{name: "trace for 1000 seconds", method: "GET", path: "/debug/pprof/trace?seconds=1000", token: hostileAdmin, code: 400, msg: "seconds"},
		{name: "profile for -1 seconds", method: "GET", path: "/debug/pprof/profile?seconds=-1", token: hostileAdmin, code: 400, msg: "seconds"},
		{name: "profile for x seconds", method: "GET", path: "/debug/pprof/profile?seconds=x", token: hostileAdmin, code: 400, msg: "seconds"},
	}
	return cs
}

// protocolCases are requests broken at the HTTP level, sent as raw bytes.
func protocolCases() []hostileCase {
	body := item(docs("1"))
	pushHead := "POST " + push + " HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer " + hostileAdmin + "\r\nContent-Type: application/json\r\n"
	return []hostileCase{
		{name: "raw both Content-Length and chunked", raw: pushHead + fmt.Sprintf("Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", len(body)), code: 400},
		{name: "raw Content-Length twice, different", raw: pushHead + "Content-Length: 3\r\nContent-Length: 4\r\n\r\n{}{}", code: 400},
		{name: "raw negative Content-Length", raw: pushHead + "Content-Length: -1\r\n\r\n", code: 400},
		{name: "raw header with NUL", raw: "GET / HTTP/1.1\r\nHost: HOST\r\nX-A: a\x00b\r\n\r\n", code: 400},
		{name: "raw header without colon", raw: "GET / HTTP/1.1\r\nHost: HOST\r\nbroken\r\n\r\n", code: 400},
		{name: "raw HTTP/1.1 without Host", raw: "GET / HTTP/1.1\r\n\r\n", code: 400},
		{name: "raw unknown HTTP version", raw: "GET / HTTP/9.9\r\nHost: HOST\r\n\r\n", code: 505},
		{name: "raw header block too large", raw: "GET / HTTP/1.1\r\nHost: HOST\r\nX-A: " + strings.Repeat("a", 2<<20) + "\r\n\r\n", code: 431},
		{name: "raw body shorter than announced", raw: pushHead + "Content-Length: 100\r\nConnection: close\r\n\r\n{}", code: 400},
	}
}
