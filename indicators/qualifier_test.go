package indicators

import "testing"

func TestQualify(t *testing.T) {
	for q, want := range map[Qualifier]string{QualifierNone: "420 M", AtLeast: "≥\u00a0420 M", AtMost: "≤\u00a0420 M", About: "≈\u00a0420 M"} {
		if got := q.Qualify("420 M"); got != want {
			t.Errorf("%v.Qualify(420 M) = %q, want %q", q, got, want)
		}
	}
	if got := AtLeast.Qualify(""); got != "" {
		t.Errorf("AtLeast.Qualify(\"\") = %q, want nothing: no value, no bound", got)
	}
}
