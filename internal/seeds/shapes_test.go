package seeds_test

import (
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// TestShapes checks how particular targets are modelled.
func TestShapes(t *testing.T) {
	cat := loadCatalog(t)

	// 1-1: one yearly rate with two milestones, pushed as monthly counts.
	if ind := indicator(t, cat, "mes_documents_fed_per_year"); ind.Kind != indicators.KindRate ||
		ind.Input != indicators.InputCount || ind.Period != 30*24*time.Hour || len(ind.Milestones) != 2 {
		t.Errorf("mes_documents_fed_per_year: Kind, Input, Period, len(Milestones) = %s, %s, %v, %d; want rate, count, 720h0m0s, 2",
			ind.Kind, ind.Input, ind.Period, len(ind.Milestones))
	}
	// 11-1: unique visitors cannot be summed, so they come in as yearly rates.
	if ind := indicator(t, cat, "sante_fr_unique_visitors_per_year"); ind.Kind != indicators.KindRate || ind.Input != indicators.InputRate {
		t.Errorf("sante_fr_unique_visitors_per_year: Kind, Input = %s, %s; want rate, rate", ind.Kind, ind.Input)
	}
	// 5-4: a 6-month gain is a decrease from a zero baseline at the start of 2023.
	if ind := indicator(t, cat, "ce_marking_delay_change"); ind.Direction != indicators.Decrease ||
		ind.Baseline.Value != 0 || !ind.Baseline.Date.Equal(date("2023-01-01")) || ind.Notes == "" {
		t.Errorf("ce_marking_delay_change: Direction, Baseline, Notes = %s, %g at %s, %q; want decrease, 0 at 2023-01-01, an explanation",
			ind.Direction, ind.Baseline.Value, ind.Baseline.Date.Format(time.DateOnly), ind.Notes)
	}
	// 14-1: eIDAS certification and nationwide activation at the end of 2025 is a dated milestone.
	if ind := indicator(t, cat, "appli_carte_vitale_eidas_nationwide"); ind.Kind != indicators.KindMilestone ||
		!ind.Milestones[0].Deadline.Equal(date("2025-12-31")) {
		t.Errorf("appli_carte_vitale_eidas_nationwide: Kind, Deadline = %s, %s; want milestone, 2025-12-31",
			ind.Kind, ind.Milestones[0].Deadline.Format(time.DateOnly))
	}

	// Dated launches and publications, read from the text.
	for _, tt := range []struct{ ind, deadline, text string }{
		{"mes_prescription_messaging_launch", "2023-05-31", "dès mai 2023"},
		{"mes_citizen_messaging_api", "2024-12-31", "en 2024"},
		{"mes_child_reminders_advice", "2023-12-31", "d’ici fin 2023"},
		{"mes_child_reports_certificates", "2025-12-31", "d’ici 2025"},
		{"mes_prevention_notifications", "2024-12-31", "courant 2024"},
		{"caregiver_delegation_legislation", "2023-12-31", "d’ici fin 2023"},
		{"mes_caregiver_delegation", "2024-12-31", "courant 2024"},
		{"clinical_trials_api_launch", "2024-03-31", "au premier trimestre 2024"},
		{"bsp_portal_launch", "2024-06-30", "dès le deuxième trimestre 2024"},
		{"psc_access_dmp_ins_eprescription", "2024-06-30", "dès mi-2024"},
		{"psc_access_care_sheets", "2025-12-31", "après 2024"},
		{"regional_services_mapping", "2024-03-31", "dès le premier trimestre 2024"},
		{"mes_apps_gp_identity", "2025-12-31", "après 2024"},
		{"care_programme_launch", "2023-06-30", "mi-2023"},
		{"has_certification_cyber_criteria", "2024-03-31", "au T1 2024"},
		{"hds_sovereignty_first", "2023-12-31", "en 2023"},
		{"hds_sovereignty_second", "2027-12-31", "en 2027"},
		{"regulation_implementing_texts", "2023-12-31", "fin 2023"},
		{"hospital_engineers_pay_scale", "2023-12-31", "avant fin 2023"},
		{"health_data_strategy", "2024-06-30", "au S1 2024"},
	} {
		ind := indicator(t, cat, tt.ind)
		if ind.Kind != indicators.KindMilestone || ind.Unit != "done" || len(ind.Milestones) != 1 {
			t.Errorf("%s: Kind, Unit, len(Milestones) = %s, %q, %d; want milestone, \"done\", 1", tt.ind, ind.Kind, ind.Unit, len(ind.Milestones))
			continue
		}
		m := ind.Milestones[0]
		if got := m.Deadline.Format(time.DateOnly); got != tt.deadline || m.DeadlineText != tt.text {
			t.Errorf("%s: Deadline, DeadlineText = %s, %q; want %s, %q", tt.ind, got, m.DeadlineText, tt.deadline, tt.text)
		}
	}
}
