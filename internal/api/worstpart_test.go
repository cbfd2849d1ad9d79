package api

import (
	"net/http"
	"testing"

	"github.com/jalonhq/jalon/wire"
)

// TestWorstPartNamed pushes three regions, all behind plan with the same
// status: the indicator's JSON names the one furthest behind, and the
// roadmap page shows it, where ties used to go to the first in key order.
func TestWorstPartNamed(t *testing.T) {
	h := newHarness(t)
	const id = "ins_qualified_share"
	body := item(`{"indicator":"` + id + `","labels":{"region":"11"},"time":"2025-05-31","value":74},
		{"indicator":"` + id + `","labels":{"region":"84"},"time":"2025-05-31","value":70.2},
		{"indicator":"` + id + `","labels":{"region":"93"},"time":"2025-05-31","value":66.8}`)
	if w := h.push(t, body); w.Code != http.StatusOK {
		t.Fatalf("push = %d %s", w.Code, w.Body)
	}
	got := decodeBody[struct {
		Evaluations []struct{ Status string } `json:"evaluations"`
		WorstPart   *wire.Part                `json:"worst_part"`
	}](t, h.do(t, "GET", "/api/v1/indicators/"+id, "", ""))
	for _, e := range got.Evaluations {
		if e.Status != got.Evaluations[0].Status {
			t.Fatalf("statuses differ (%+v): the test wants a tie", got.Evaluations)
		}
	}
	if got.WorstPart == nil || got.WorstPart.Labels["region"] != "93" || got.WorstPart.Name != "Provence-Alpes-Côte d'Azur (93)" {
		t.Errorf("worst_part = %+v, want region 93, Provence-Alpes-Côte d'Azur (93)", got.WorstPart)
	}
}
