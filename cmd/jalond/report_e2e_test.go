package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/wire"
)

// TestFrenchPDFReport asks the real jalond, through the real jalonctl, for
// the French PDF report since a previous date, and reads it back with
// pdftotext. An indicator is pushed today, on plan for a year then far
// below it in its last month: off track now, and without data at the
// previous date, since the report replays the points known then, so it
// is listed among the moves. Its objective carries an owners' assessment
// recorded beforehand, and its figures are written the French way.
func TestFrenchPDFReport(t *testing.T) {
	pdftotext := testpeer.Binary(t, "pdftotext")
	d := startDaemon(t, t.TempDir())
	c := seedCatalog(t)
	now := time.Now().UTC()
	id, _ := pickJudged(t, c, now)
	ind, obj, _ := c.Indicator(id)
	pts := webFixture(c, id, now, 1.0, nil)
	last := &pts[len(pts)-1]
	last.Value = ind.Planned(last.Time) * 0.2
	if code, body, err := d.push(context.Background(), "", pts...); err != nil || code != http.StatusOK {
		t.Fatalf("POST /api/v1/measurements = %d %s, %v", code, body, err)
	}
	if ev := d.waitEvaluated(t, id, last.Time); ev.Status != "off_track" {
		t.Fatalf("status of %s pushed at a fifth of its plan = %q, want off_track", id, ev.Status)
	}
	assessment, _ := json.Marshal(wire.AssessmentInput{Rating: "amber_red", Comment: "Rattrapage engagé avec les éditeurs", Author: "Mme Durand"})
	if code, body, err := d.do("POST", "/api/v1/objectives/"+obj.ID+"/assessments", "", assessment); err != nil || code != http.StatusCreated {
		t.Fatalf("POST /api/v1/objectives/%s/assessments = %d %s, %v", obj.ID, code, body, err)
	}

	since := last.Time.AddDate(0, 0, -15).Format(time.DateOnly)
	file := filepath.Join(t.TempDir(), "rapport.pdf")
	out, err := exec.Command(jalonctlBinary(t), "report", "--url", d.base, "--format", "pdf", "--lang", "fr", "--since", since, "--output", file).CombinedOutput()
	if err != nil {
		t.Fatalf("jalonctl report: %v\n%s", err, out)
	}
	checkFrenchReport(t, pdfToText(t, pdftotext, file), now, obj.ID, ind, last)
}

// checkFrenchReport looks in the report's text for the title, the status
// move, the assessment, the pace, the moves since the previous report and
// the latest figure of ind, written the French way.
func checkFrenchReport(t *testing.T, text string, now time.Time, objective string, ind *indicators.Indicator, last *point) {
	t.Helper()
	id := ind.ID
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	today := now.In(paris)
	for _, want := range []string{
		"Situation au " + frenchLongDay(today),
		"Statut : hors trajectoire (auparavant : sans données)",
		"Appréciation des pilotes (Mme Durand, " + today.Format("02/01/2006") + ") : ambre/rouge — Rattrapage engagé avec les éditeurs",
		"Rythme : il faut ",
		"Évolutions depuis le " + frenchLongDay(last.Time.AddDate(0, 0, -15)),
		objective + " " + ind.Name + " : sans données → hors trajectoire", // named for officials, not by ID
	} {
		if !strings.Contains(text, want) {
			t.Errorf("French PDF report lacks %q:\n%s", want, text)
		}
	}
	fr := plainSpaces(indicators.Unit{Name: ind.Unit, Lang: indicators.French}.Format(last.Value))
	if en := (indicators.Unit{Name: ind.Unit, Lang: indicators.English}).Format(last.Value); fr == en {
		t.Fatalf("latest figure of %s reads %q in both languages: it cannot show the French way of writing numbers", id, fr)
	}
	if want := "Dernier chiffre : " + fr + " au " + last.Time.In(paris).Format("02/01/2006"); !strings.Contains(text, want) {
		t.Errorf("French PDF report lacks %q, the latest figure written the French way:\n%s", want, text)
	}
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

func frenchLongDay(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), frenchMonths[t.Month()-1], t.Year())
}

// jalonctlBinary builds jalonctl beside the jalond of the tests.
func jalonctlBinary(t *testing.T) string {
	t.Helper()
	jalondBinary(t) // skips under -short, and makes binDir
	bin := filepath.Join(binDir, "jalonctl")
	if out, err := exec.Command("go", "build", "-o", bin, "../jalonctl").CombinedOutput(); err != nil {
		t.Fatalf("go build ../jalonctl: %v\n%s", err, out)
	}
	return bin
}

// pdfToText reads file back with pdftotext, the spaces French numbers
// group with made plain.
func pdfToText(t *testing.T, pdftotext, file string) string {
	t.Helper()
	if b, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("report file %s: %v, starts %q; want a PDF", file, err, b[:min(len(b), 16)])
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(pdftotext, "-enc", "UTF-8", file, "-")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", file, err, stderr.String())
	}
	return plainSpaces(out.String())
}

func plainSpaces(s string) string {
	return strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s)
}
