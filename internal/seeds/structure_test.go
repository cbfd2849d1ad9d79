package seeds_test

import (
	"fmt"
	"slices"
	"testing"
)

// axisOfPriority is the roadmap's grouping: priorities 1-5, 6-10, 11-14 and
// 15-18 make up the four axes.
func axisOfPriority(p int) int {
	switch {
	case p <= 5:
		return 1
	case p <= 10:
		return 2
	case p <= 14:
		return 3
	}
	return 4
}

// TestStructure checks axes, priorities and objectives as the roadmap
// announces them.
func TestStructure(t *testing.T) {
	cat := loadCatalog(t)
	if want := "Feuille de route du numérique en santé 2023-2027"; cat.Name != want {
		t.Errorf("Name = %q, want %q", cat.Name, want)
	}
	if len(cat.Axes) != 4 || len(cat.Priorities) != 18 || len(cat.Objectives) != 65 {
		t.Fatalf("len(Axes, Priorities, Objectives) = %d, %d, %d; want 4, 18, 65",
			len(cat.Axes), len(cat.Priorities), len(cat.Objectives))
	}

	// Per axis: name, priorities, objectives.
	want := map[int]struct {
		name                   string
		priorities, objectives int
	}{
		1: {"Prévention", 5, 20},
		2: {"Prise en charge", 5, 16},
		3: {"Accès à la santé", 4, 11},
		4: {"Cadre propice", 4, 18},
	}
	for i, a := range cat.Axes {
		if a.ID != i+1 || a.Name != want[a.ID].name || a.Title == "" {
			t.Errorf("Axes[%d] = %d %q (title %q), want %d %q with a title", i, a.ID, a.Name, a.Title, i+1, want[i+1].name)
		}
	}
	prios, objs := map[int]int{}, map[int]int{}
	for i, p := range cat.Priorities {
		if p.ID != i+1 || p.Title == "" {
			t.Errorf("Priorities[%d] = %d (title %q), want %d with a title", i, p.ID, p.Title, i+1)
		}
		if p.Axis != axisOfPriority(p.ID) {
			t.Errorf("Axis(priority %d) = %d, want %d", p.ID, p.Axis, axisOfPriority(p.ID))
		}
		prios[p.Axis]++
	}

	// Objectives per priority, in the roadmap's order.
	wantIDs := objectiveIDs([]int{4, 4, 3, 3, 6, 3, 3, 5, 3, 2, 3, 3, 3, 2, 6, 5, 3, 4})
	var ids []string
	for _, o := range cat.Objectives {
		ids = append(ids, o.ID)
		if o.Axis != axisOfPriority(o.Priority) {
			t.Errorf("Axis(objective %s) = %d, want %d", o.ID, o.Axis, axisOfPriority(o.Priority))
		}
		objs[o.Axis]++
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("objective ids = %v,\nwant %v", ids, wantIDs)
	}
	for a, w := range want {
		if prios[a] != w.priorities || objs[a] != w.objectives {
			t.Errorf("axis %d: priorities, objectives = %d, %d; want %d, %d", a, prios[a], objs[a], w.priorities, w.objectives)
		}
	}
}

// objectiveIDs returns "p-1" … "p-n" for each priority p, n objectives each.
func objectiveIDs(perPriority []int) []string {
	var ids []string
	for i, n := range perPriority {
		for k := 1; k <= n; k++ {
			ids = append(ids, fmt.Sprintf("%d-%d", i+1, k))
		}
	}
	return ids
}
