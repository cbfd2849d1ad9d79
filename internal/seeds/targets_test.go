package seeds_test

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// TestTargets checks the roadmap's quantified targets, as read from its text.
// quote is the passage of the target sentence that sets the figure.
func TestTargets(t *testing.T) {
	const nbsp = "\u00a0"
	tests := []struct {
		obj, ind     string
		value        float64
		unit         string
		deadline     string
		deadlineText string
		quote        string
	}{
		{"1-1", "mes_documents_fed_per_year", 250e6, "per_year", "2023-12-31", "fin 2023", "250 millions de documents de santé par an"},
		{"1-1", "mes_documents_fed_per_year", 400e6, "per_year", "2026-12-31", "fin 2026", "400 millions fin 2026"},
		{"2-2", "mes_prevention_checkup_patients", 1e6, "count", "2027-12-31", "d’ici 2027", "1 million de patients"},
		{"3-1", "mes_catalogue_exchange_apps", 50, "count", "2026-12-31", "d’ici fin 2026", "plus de 50 applications"},
		{"4-1", "establishments_awareness_actions_share", 80, "percent", "2027-12-31", "d’ici fin 2027", "80" + nbsp + "% des établissements"},
		{"4-2", "digital_mediators_trained", 10000, "count", "2026-06-30", "d’ici juin 2026", "10 000 médiateurs"},
		{"5-1", "third_places_cofunded", 30, "count", "2026-12-31", "d’ici 2026", "30 tiers lieux"},
		{"5-1", "innovation_experiments_cofunded", 100, "count", "2026-12-31", "d’ici 2026", "100 expérimentations"},
		{"5-2", "grand_challenges_launched", 2, "count", "2024-03-31", "dès le premier trimestre 2024", "deux Grands défis"},
		{"5-3", "dmn_clinical_evaluations_cofunded", 75, "count", "2026-12-31", "d’ici 2026", "plus de 75 évaluations cliniques"},
		{"5-4", "ce_marking_delay_change", -6, "months", "2026-12-31", "d’ici fin 2026", "gagner 6 mois"},
		{"5-6", "pecan_dmn_candidates", 50, "count", "2026-12-31", "d’ici fin 2026", "50 dispositifs médicaux numériques"},
		{"6-1", "doctors_mes_profile_consultation_share", 50, "percent", "2026-12-31", "d’ici fin 2026", "50" + nbsp + "% des médecins en activité"},
		{"7-3", "cdri_user_establishments", 1200, "count", "2024-12-31", "d’ici fin 2024", "1 200 établissements de santé utilisateurs de CDRi"},
		{"7-3", "roc_user_establishments", 650, "count", "2024-12-31", "d’ici fin 2024", "650 établissements de santé utilisateurs de ROC"},
		{"8-3", "psc_daily_users", 1e6, "count", "2027-12-31", "d’ici 2027", "1 million d’utilisateurs chaque jour"},
		{"8-4", "eprescription_software_market_share", 75, "percent", "2024-12-31", "d’ici fin 2024", "75" + nbsp + "% du marché des logiciels de cabinet"},
		{"8-4", "eprescription_doctors", 40000, "count", "2024-12-31", "d’ici fin 2024", "40 000 médecins"},
		{"9-2", "eparcours_majority_use_share", 50, "percent", "2025-12-31", "à partir de 2025", "usage majoritaire"},
		{"10-1", "initial_training_students", 500000, "count", "2027-12-31", "d’ici 2027", "500 000 élèves"},
		{"10-2", "continuing_training_professionals_share", 10, "percent", "2027-12-31", "d’ici 2027", "au moins 10" + nbsp + "% des professionnels"},
		{"11-1", "sante_fr_unique_visitors_per_year", 30e6, "per_year", "2027-12-31", "d’ici 2027", "30 millions de visiteurs uniques par an"},
		{"12-1", "teleconsultation_adoption_share", 35, "percent", "2025-12-31", "d’ici fin 2025", "35" + nbsp + "% de taux d’appropriation"},
		{"12-2", "chronic_patients_telehealth", 1e6, "count", "2025-12-31", "en 2025", "1 million de patients atteints d’une pathologie chronique"},
		{"12-3", "telemonitoring_services_listed", 15, "count", "2023-12-31", "d’ici fin 2023", "plus de 15 services de télésurveillance"},
		{"13-1", "sas_departments_share", 90, "percent", "2023-12-31", "d’ici fin 2023", "au moins 90" + nbsp + "% des départements"},
		{"13-2", "samu_national_banner_share", 75, "percent", "2027-12-31", "avant fin 2027", "75" + nbsp + "% des SAMU"},
		{"14-1", "appli_carte_vitale_users", 20e6, "count", "2027-12-31", "en 2027", "20 millions d’utilisateurs"},
		{"14-2", "ins_qualified_share", 90, "percent", "2024-12-31", "courant 2024", "90" + nbsp + "% d’INS qualifiées"},
		{"15-3", "cyber_crisis_exercise_share", 100, "percent", "2027-12-31", "au plus tard en 2027", "tous les établissements"},
		{"15-4", "hospital_digital_budget_share", 2, "percent", "2027-12-31", "au plus tard en 2027", "au moins 2" + nbsp + "% de leur budget au numérique"},
		{"15-4", "hospital_cyber_infra_share_of_digital", 10, "percent", "2027-12-31", "au plus tard en 2027", "dont 10" + nbsp + "% sur la cybersécurité"},
		{"16-5", "maturin_establishments_share", 100, "percent", "2026-12-31", "en 2026", "100" + nbsp + "% des établissements"},
		{"18-2", "hospital_data_warehouses_funded", 50, "count", "2026-12-31", "avant 2027", "50 entrepôts de données hospitaliers"},
		{"18-3", "eu_data_pilot_use_cases", 5, "count", "2025-12-31", "en 2025", "cinq cas d’usage"},
		{"18-4", "rd_projects_funded", 300, "count", "2026-12-31", "d’ici 2026", "plus de 300 projets"},
	}
	cat := loadCatalog(t)
	checked := map[string]bool{}
	for _, tt := range tests {
		checked[tt.ind+"@"+tt.deadline] = true
		t.Run(tt.obj+"/"+tt.ind+"@"+tt.deadline, func(t *testing.T) {
			ind, o, ok := cat.Indicator(tt.ind)
			if !ok {
				t.Fatalf("Indicator(%s) not found, want it in objective %s", tt.ind, tt.obj)
			}
			if o.ID != tt.obj {
				t.Errorf("Objective(%s) = %s, want %s", tt.ind, o.ID, tt.obj)
			}
			if !strings.Contains(o.TargetText, tt.quote) {
				t.Errorf("TargetText(%s) = %q, want it to contain %q", o.ID, o.TargetText, tt.quote)
			}
			if ind.Unit != tt.unit {
				t.Errorf("Unit(%s) = %q, want %q", tt.ind, ind.Unit, tt.unit)
			}
			m, ok := milestoneAt(ind, tt.deadline)
			if !ok {
				t.Fatalf("Milestones(%s) = %s, want one at %s", tt.ind, deadlines(ind), tt.deadline)
			}
			if m.Value == nil || math.Abs(*m.Value-tt.value) > 1e-9 {
				t.Errorf("Value(%s@%s) = %s, want %g", tt.ind, tt.deadline, valueString(m.Value), tt.value)
			}
			if m.DeadlineText != tt.deadlineText {
				t.Errorf("DeadlineText(%s@%s) = %q, want %q", tt.ind, tt.deadline, m.DeadlineText, tt.deadlineText)
			}
		})
	}

	// Every quantified milestone of the catalog is one of the targets above.
	for _, o := range cat.Objectives {
		for _, ind := range o.Indicators {
			for _, m := range ind.Milestones {
				d := m.Deadline.Format(time.DateOnly)
				if m.Quantified() && !checked[ind.ID+"@"+d] {
					t.Errorf("Value(%s@%s) = %g is not a target checked here", ind.ID, d, *m.Value)
				}
			}
		}
	}
}

// milestoneAt returns the indicator's milestone due on the date.
func milestoneAt(ind *indicators.Indicator, deadline string) (indicators.Milestone, bool) {
	for _, m := range ind.Milestones {
		if m.Deadline.Format(time.DateOnly) == deadline {
			return m, true
		}
	}
	return indicators.Milestone{}, false
}

func deadlines(ind *indicators.Indicator) []string {
	var ds []string
	for _, m := range ind.Milestones {
		ds = append(ds, m.Deadline.Format(time.DateOnly))
	}
	return ds
}

func valueString(v *float64) string {
	if v == nil {
		return "none"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}
