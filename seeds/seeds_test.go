package seeds_test

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/jalonhq/jalon/seeds"
)

const roadmapFile = "roadmap-2023-2027.toml"

// The structs below mirror the catalog format of docs/catalog.md key by key,
// so that md.Undecoded() reports any key the format does not define.

type tolerance struct {
	AtRisk   float64 `toml:"at_risk"`
	OffTrack float64 `toml:"off_track"`
}

type anchor struct {
	Value float64 `toml:"value"`
	Date  string  `toml:"date"`
}

type milestone struct {
	Value        *float64 `toml:"value"`
	Deadline     string   `toml:"deadline"`
	DeadlineText string   `toml:"deadline_text"`
}

type indicator struct {
	ID         string      `toml:"id"`
	Name       string      `toml:"name"`
	Kind       string      `toml:"kind"`
	Unit       string      `toml:"unit"`
	UnitLabel  string      `toml:"unit_label"`
	Direction  string      `toml:"direction"`
	Input      string      `toml:"input"`
	Period     string      `toml:"period"`
	Cadence    string      `toml:"cadence"`
	StaleAfter *float64    `toml:"stale_after"`
	Shape      string      `toml:"shape"`
	Dimensions []string    `toml:"dimensions"`
	Baseline   *anchor     `toml:"baseline"`
	Tolerance  *tolerance  `toml:"tolerance"`
	Source     string      `toml:"source"`
	Notes      string      `toml:"notes"`
	Milestones []milestone `toml:"milestone"`
	Plan       []anchor    `toml:"plan"`
}

type objective struct {
	ID         string      `toml:"id"`
	Title      string      `toml:"title"`
	Owners     []string    `toml:"owners"`
	TargetText string      `toml:"target_text"`
	Indicators []indicator `toml:"indicator"`
}

type catalogFile struct {
	Catalog struct {
		Name string `toml:"name"`
	} `toml:"catalog"`
	Defaults struct {
		Tolerance    *tolerance `toml:"tolerance"`
		StaleAfter   float64    `toml:"stale_after"`
		Cadence      string     `toml:"cadence"`
		BaselineDate string     `toml:"baseline_date"`
	} `toml:"defaults"`
	Axes []struct {
		ID    int    `toml:"id"`
		Name  string `toml:"name"`
		Title string `toml:"title"`
	} `toml:"axis"`
	Priorities []struct {
		ID    int    `toml:"id"`
		Axis  int    `toml:"axis"`
		Title string `toml:"title"`
	} `toml:"priority"`
	Objectives []objective `toml:"objective"`
}

func loadRoadmap(t *testing.T) catalogFile {
	t.Helper()
	var data []byte
	for _, f := range seeds.Files() {
		if f.Name == roadmapFile {
			data = f.Data
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		t.Fatalf("%s is missing or empty", roadmapFile)
	}
	var c catalogFile
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		t.Fatalf("%s does not parse: %v", roadmapFile, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Fatalf("%s has keys outside the catalog format: %v", roadmapFile, u)
	}
	return c
}

func indicatorsByID(c catalogFile) map[string]struct {
	obj string
	ind indicator
} {
	m := make(map[string]struct {
		obj string
		ind indicator
	})
	for _, o := range c.Objectives {
		for _, ind := range o.Indicators {
			m[ind.ID] = struct {
				obj string
				ind indicator
			}{o.ID, ind}
		}
	}
	return m
}

func TestFiles(t *testing.T) {
	files := seeds.Files()
	if len(files) == 0 {
		t.Fatal("no embedded catalog files")
	}
	if !sort.SliceIsSorted(files, func(i, j int) bool { return files[i].Name < files[j].Name }) {
		t.Errorf("files are not sorted by name: %v", files)
	}
	found := false
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".toml") {
			t.Errorf("unexpected embedded file %q", f.Name)
		}
		if len(f.Data) == 0 {
			t.Errorf("%s is empty", f.Name)
		}
		found = found || f.Name == roadmapFile
	}
	if !found {
		t.Fatalf("%s is not embedded", roadmapFile)
	}
	// Callers get their own bytes: changing them must not leak into the next call.
	files[0].Data[0] ^= 0xff
	if again := seeds.Files(); again[0].Data[0] == files[0].Data[0] {
		t.Error("Files shares its byte slices between calls")
	}
}

func TestStructure(t *testing.T) {
	c := loadRoadmap(t)
	if c.Catalog.Name == "" {
		t.Error("catalog.name is empty")
	}
	if c.Defaults.BaselineDate != "2023-01-01" {
		t.Errorf("defaults.baseline_date = %q, want 2023-01-01", c.Defaults.BaselineDate)
	}
	if len(c.Axes) != 4 || len(c.Priorities) != 18 || len(c.Objectives) != 65 {
		t.Fatalf("got %d axes, %d priorities, %d objectives; the roadmap has 4, 18, 65",
			len(c.Axes), len(c.Priorities), len(c.Objectives))
	}

	// Per axis, as the roadmap announces them: priorities, objectives, name.
	want := map[int]struct {
		name                   string
		priorities, objectives int
	}{
		1: {"Prévention", 5, 20},
		2: {"Prise en charge", 5, 16},
		3: {"Accès à la santé", 4, 11},
		4: {"Cadre propice", 4, 18},
	}
	axisOf := map[int]int{}
	prios := map[int]int{}
	for i, a := range c.Axes {
		if a.ID != i+1 {
			t.Errorf("axis %d has id %d", i+1, a.ID)
		}
		if a.Name != want[a.ID].name || a.Title == "" {
			t.Errorf("axis %d: name %q title %q", a.ID, a.Name, a.Title)
		}
	}
	for i, p := range c.Priorities {
		if p.ID != i+1 {
			t.Errorf("priority %d has id %d", i+1, p.ID)
		}
		if p.Title == "" {
			t.Errorf("priority %d has no title", p.ID)
		}
		axisOf[p.ID] = p.Axis
		prios[p.Axis]++
	}
	// Priorities 1-5, 6-10, 11-14 and 15-18 make up the four axes.
	for p, a := range map[int]int{1: 1, 5: 1, 6: 2, 10: 2, 11: 3, 14: 3, 15: 4, 18: 4} {
		if axisOf[p] != a {
			t.Errorf("priority %d is in axis %d, want %d", p, axisOf[p], a)
		}
	}

	idRE := regexp.MustCompile(`^([1-9][0-9]*)-([1-9][0-9]*)$`)
	objs := map[int]int{}
	lastN := map[int]int{}
	lastP := 0
	for _, o := range c.Objectives {
		m := idRE.FindStringSubmatch(o.ID)
		if m == nil {
			t.Errorf("objective id %q is not P-N", o.ID)
			continue
		}
		p, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		a, ok := axisOf[p]
		if !ok {
			t.Errorf("objective %s: unknown priority %d", o.ID, p)
			continue
		}
		if p < lastP || n != lastN[p]+1 {
			t.Errorf("objective %s is out of order", o.ID)
		}
		lastP, lastN[p] = p, n
		objs[a]++
		if o.Title == "" || o.TargetText == "" || len(o.Owners) == 0 {
			t.Errorf("objective %s lacks a title, target_text or owners", o.ID)
		}
		for _, ow := range o.Owners {
			if ow == "" || strings.Contains(ow, " - ") || ow != strings.TrimSpace(ow) {
				t.Errorf("objective %s: owner %q is not a single entity", o.ID, ow)
			}
		}
		if strings.Contains(o.TargetText, "\n") || strings.Contains(o.TargetText, "  ") {
			t.Errorf("objective %s: target_text keeps PDF line breaks: %q", o.ID, o.TargetText)
		}
		if len(o.Indicators) == 0 {
			t.Errorf("objective %s has no indicator", o.ID)
		}
	}
	for a, w := range want {
		if prios[a] != w.priorities || objs[a] != w.objectives {
			t.Errorf("axis %d: %d priorities, %d objectives; want %d, %d", a, prios[a], objs[a], w.priorities, w.objectives)
		}
	}

	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	seen := map[string]string{}
	for _, o := range c.Objectives {
		for _, ind := range o.Indicators {
			if !snake.MatchString(ind.ID) {
				t.Errorf("indicator id %q is not snake_case", ind.ID)
			}
			if prev, dup := seen[ind.ID]; dup {
				t.Errorf("indicator id %q is used by %s and %s", ind.ID, prev, o.ID)
			}
			seen[ind.ID] = o.ID
			if ind.Name == "" {
				t.Errorf("indicator %s has no name", ind.ID)
			}
		}
	}
}

// TestOwners checks owners against the summary tables (main owner first).
func TestOwners(t *testing.T) {
	c := loadRoadmap(t)
	want := map[string][]string{
		"1-1":  {"DNS", "CNAM", "ANS"},
		"1-4":  {"CNAM", "DNS", "DSS"},
		"3-1":  {"GIE SESAM-Vitale", "ANS", "CNAM", "DNS"},
		"4-1":  {"DNS", "ANCT", "ARS/GRADeS"},
		"5-4":  {"DGE", "DNS", "AIS"},
		"6-3":  {"ANS", "CNAM"},
		"7-1":  {"DNS", "ANS", "CNAM"},
		"7-2":  {"DGOS", "DNS"},
		"8-4":  {"CNAM", "DNS", "DSS"},
		"14-1": {"GIE SESAM-Vitale", "CNAM", "DSS", "DNS"},
		"15-2": {"HAS", "DNS", "DGOS", "ANS"},
		"18-1": {"DREES", "DNS", "DGRI", "DGE", "PDS", "CNAM"},
		"18-3": {"PDS"},
		"18-4": {"DNS", "DGRI", "DGE", "AIS", "DGOS", "DGS", "DREES", "DMSMP"},
	}
	for _, o := range c.Objectives {
		if w, ok := want[o.ID]; ok && strings.Join(o.Owners, "|") != strings.Join(w, "|") {
			t.Errorf("objective %s owners = %q, want %q", o.ID, o.Owners, w)
		}
	}
}

var units = map[string]bool{"count": true, "percent": true, "ratio": true, "per_year": true,
	"months": true, "days": true, "euros": true, "done": true}

func parseDuration(s string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			if v, err := strconv.ParseFloat(n, 64); err == nil {
				return time.Duration(v * float64(unit)), nil
			}
		}
	}
	return time.ParseDuration(s)
}

// TestIndicatorRules applies the validation rules of docs/catalog.md.
func TestIndicatorRules(t *testing.T) {
	c := loadRoadmap(t)
	defaultBase, err := time.Parse(time.DateOnly, c.Defaults.BaselineDate)
	if err != nil {
		t.Fatalf("defaults.baseline_date: %v", err)
	}
	for _, o := range c.Objectives {
		for _, ind := range o.Indicators {
			where := o.ID + "/" + ind.ID
			if !units[ind.Unit] {
				t.Errorf("%s: unknown unit %q", where, ind.Unit)
			}
			dir := ind.Direction
			if dir == "" {
				dir = "increase"
			}
			if dir != "increase" && dir != "decrease" {
				t.Errorf("%s: direction %q", where, ind.Direction)
			}
			if ind.Shape != "" && ind.Shape != "linear" && ind.Shape != "s-curve" && ind.Shape != "step" && ind.Shape != "plan" {
				t.Errorf("%s: shape %q", where, ind.Shape)
			}
			for _, d := range []string{ind.Cadence, ind.Period} {
				if d == "" {
					continue
				}
				if v, err := parseDuration(d); err != nil || v <= 0 {
					t.Errorf("%s: bad duration %q", where, d)
				}
			}
			switch ind.Kind {
			case "milestone":
				if ind.Unit != "done" {
					t.Errorf("%s: milestone indicator with unit %q", where, ind.Unit)
				}
			case "level", "rate":
			default:
				t.Errorf("%s: kind %q", where, ind.Kind)
			}
			if ind.Kind == "rate" {
				switch ind.Input {
				case "rate":
				case "count":
					if ind.Period == "" {
						t.Errorf("%s: rate counted per period needs a period", where)
					}
				default:
					t.Errorf("%s: rate indicator with input %q", where, ind.Input)
				}
			} else if ind.Input != "" || ind.Period != "" {
				t.Errorf("%s: input/period on a %s indicator", where, ind.Kind)
			}
			if len(ind.Milestones) == 0 {
				t.Errorf("%s: no milestone", where)
				continue
			}

			prevDate, prevValue := defaultBase, 0.0
			if ind.Baseline != nil {
				if prevDate, err = time.Parse(time.DateOnly, ind.Baseline.Date); err != nil {
					t.Errorf("%s: baseline date: %v", where, err)
				}
				prevValue = ind.Baseline.Value
			}
			moved := false
			for _, m := range ind.Milestones {
				d, err := time.Parse(time.DateOnly, m.Deadline)
				if err != nil {
					t.Errorf("%s: deadline %q: %v", where, m.Deadline, err)
					continue
				}
				if !d.After(prevDate) {
					t.Errorf("%s: deadline %s is not after %s", where, m.Deadline, prevDate.Format(time.DateOnly))
				}
				prevDate = d
				if m.DeadlineText == "" {
					t.Errorf("%s: milestone %s has no deadline_text", where, m.Deadline)
				}
				if ind.Kind == "milestone" {
					if m.Value != nil {
						t.Errorf("%s: milestone indicator with a value", where)
					}
					continue
				}
				if m.Value == nil {
					t.Errorf("%s: %s milestone %s without a value", where, ind.Kind, m.Deadline)
					continue
				}
				v := *m.Value
				if (dir == "increase" && v < prevValue) || (dir == "decrease" && v > prevValue) {
					t.Errorf("%s: milestone %s value %g goes against %s from %g", where, m.Deadline, v, dir, prevValue)
				}
				moved = moved || v != prevValue
				prevValue = v
				if ind.Unit == "percent" && (v < 0 || v > 100) {
					t.Errorf("%s: percent value %g", where, v)
				}
				if ind.Unit == "ratio" && (v < 0 || v > 1) {
					t.Errorf("%s: ratio value %g", where, v)
				}
			}
			if ind.Kind != "milestone" && !moved {
				t.Errorf("%s: no milestone moves away from the baseline", where)
			}
		}
	}
}

var monthEnds = map[string]string{
	"janvier": "01-31", "février": "02-28", "mars": "03-31", "avril": "04-30", "mai": "05-31", "juin": "06-30",
	"juillet": "07-31", "août": "08-31", "septembre": "09-30", "octobre": "10-31", "novembre": "11-30", "décembre": "12-31",
}

// readDeadline reads a French date phrase by the table in docs/catalog.md.
func readDeadline(text string) (string, error) {
	s := strings.ToLower(text)
	m := regexp.MustCompile(`\b(20[0-9]{2})\b`).FindStringSubmatch(s)
	if m == nil {
		return "", fmt.Errorf("no year in %q", text)
	}
	y, _ := strconv.Atoi(m[1])
	has := func(words ...string) bool {
		for _, w := range words {
			if regexp.MustCompile(`(^|[^\pL])` + regexp.QuoteMeta(w) + `($|[^\pL])`).MatchString(s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("après"):
		return fmt.Sprintf("%d-12-31", y+1), nil
	case has("avant") && !has("avant fin"):
		return fmt.Sprintf("%d-12-31", y-1), nil
	case has("premier trimestre", "1er trimestre", "t1"):
		return fmt.Sprintf("%d-03-31", y), nil
	case has("deuxième trimestre", "t2", "premier semestre", "s1") || strings.Contains(s, "mi-"):
		return fmt.Sprintf("%d-06-30", y), nil
	}
	for name, end := range monthEnds {
		if has(name) {
			return fmt.Sprintf("%d-%s", y, end), nil
		}
	}
	return fmt.Sprintf("%d-12-31", y), nil
}

// TestDeadlinesFollowReadingTable checks that every deadline is the documented
// reading of its deadline_text, and that the words come from the roadmap.
func TestDeadlinesFollowReadingTable(t *testing.T) {
	c := loadRoadmap(t)
	for _, o := range c.Objectives {
		for _, ind := range o.Indicators {
			for _, m := range ind.Milestones {
				got, err := readDeadline(m.DeadlineText)
				if err != nil {
					t.Errorf("%s/%s: %v", o.ID, ind.ID, err)
					continue
				}
				if got != m.Deadline {
					t.Errorf("%s/%s: %q read as %s, file says %s", o.ID, ind.ID, m.DeadlineText, got, m.Deadline)
				}
				// The one date the summary table omits comes from the body (8-3).
				if !strings.Contains(strings.ToLower(o.TargetText), strings.ToLower(m.DeadlineText)) && o.ID != "8-3" {
					t.Errorf("%s/%s: deadline_text %q is not in the target sentence", o.ID, ind.ID, m.DeadlineText)
				}
			}
		}
	}
}

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
	c := loadRoadmap(t)
	byID := indicatorsByID(c)
	objs := map[string]objective{}
	for _, o := range c.Objectives {
		objs[o.ID] = o
	}
	checked := map[string]bool{}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/%s@%s", tt.obj, tt.ind, tt.deadline)
		checked[tt.obj+"/"+tt.ind+"@"+tt.deadline] = true
		t.Run(name, func(t *testing.T) {
			got, ok := byID[tt.ind]
			if !ok {
				t.Fatalf("no indicator %s", tt.ind)
			}
			if got.obj != tt.obj {
				t.Errorf("indicator belongs to %s, want %s", got.obj, tt.obj)
			}
			if !strings.Contains(objs[tt.obj].TargetText, tt.quote) {
				t.Errorf("target_text %q does not contain %q", objs[tt.obj].TargetText, tt.quote)
			}
			if got.ind.Unit != tt.unit {
				t.Errorf("unit = %q, want %q", got.ind.Unit, tt.unit)
			}
			for _, m := range got.ind.Milestones {
				if m.Deadline != tt.deadline {
					continue
				}
				if m.Value == nil {
					t.Errorf("milestone at %s has no value, want %g", tt.deadline, tt.value)
				} else if math.Abs(*m.Value-tt.value) > 1e-9 {
					t.Errorf("value at %s = %g, want %g", tt.deadline, *m.Value, tt.value)
				}
				if m.DeadlineText != tt.deadlineText {
					t.Errorf("deadline_text = %q, want %q", m.DeadlineText, tt.deadlineText)
				}
				return
			}
			t.Errorf("no milestone at %s", tt.deadline)
		})
	}

	// Every quantified milestone of the file is one of the targets above.
	for _, o := range c.Objectives {
		for _, ind := range o.Indicators {
			for _, m := range ind.Milestones {
				if m.Value != nil && !checked[o.ID+"/"+ind.ID+"@"+m.Deadline] {
					t.Errorf("%s/%s@%s = %g is not a target checked here", o.ID, ind.ID, m.Deadline, *m.Value)
				}
			}
		}
	}
}

// TestShapes checks how particular targets are modelled.
func TestShapes(t *testing.T) {
	byID := indicatorsByID(loadRoadmap(t))
	get := func(id string) indicator {
		t.Helper()
		got, ok := byID[id]
		if !ok {
			t.Fatalf("no indicator %s", id)
		}
		return got.ind
	}

	// 1-1: one yearly rate with two milestones.
	if ind := get("mes_documents_fed_per_year"); ind.Kind != "rate" || len(ind.Milestones) != 2 || ind.Input == "" {
		t.Errorf("mes_documents_fed_per_year: kind %q, input %q, %d milestones", ind.Kind, ind.Input, len(ind.Milestones))
	}
	// 11-1: unique visitors cannot be summed, so they come in as yearly rates.
	if ind := get("sante_fr_unique_visitors_per_year"); ind.Kind != "rate" || ind.Input != "rate" {
		t.Errorf("sante_fr_unique_visitors_per_year: kind %q, input %q", ind.Kind, ind.Input)
	}
	// 5-4: a 6-month gain is a decrease from a zero baseline at the start of 2023.
	if ind := get("ce_marking_delay_change"); ind.Direction != "decrease" || ind.Baseline == nil ||
		ind.Baseline.Value != 0 || ind.Baseline.Date != "2023-01-01" || ind.Notes == "" {
		t.Errorf("ce_marking_delay_change: direction %q, baseline %+v", ind.Direction, ind.Baseline)
	}
	// 14-1: eIDAS certification and nationwide activation at the end of 2025 is a dated milestone.
	if ind := get("appli_carte_vitale_eidas_nationwide"); ind.Kind != "milestone" || ind.Milestones[0].Deadline != "2025-12-31" {
		t.Errorf("appli_carte_vitale_eidas_nationwide: kind %q, milestones %+v", ind.Kind, ind.Milestones)
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
		ind := get(tt.ind)
		if ind.Kind != "milestone" || ind.Unit != "done" || len(ind.Milestones) != 1 {
			t.Errorf("%s: kind %q unit %q with %d milestones", tt.ind, ind.Kind, ind.Unit, len(ind.Milestones))
			continue
		}
		if m := ind.Milestones[0]; m.Deadline != tt.deadline || m.DeadlineText != tt.text {
			t.Errorf("%s: %s %q, want %s %q", tt.ind, m.Deadline, m.DeadlineText, tt.deadline, tt.text)
		}
	}
}
