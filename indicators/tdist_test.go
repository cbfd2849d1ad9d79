package indicators

import (
	"math"
	"testing"
)

// TestStudentQuantile checks the inverse of Student's t distribution
// function against published tables (to their four decimals).
func TestStudentQuantile(t *testing.T) {
	cases := []struct {
		p, df, want float64
	}{
		{0.9, 1, 3.0777}, {0.9, 2, 1.8856}, {0.9, 3, 1.6377}, {0.9, 5, 1.4759}, {0.9, 10, 1.3722},
		{0.9, 30, 1.3104}, {0.9, 1000, 1.2824},
		{0.975, 1, 12.7062}, {0.975, 5, 2.5706}, {0.975, 30, 2.0423},
		{0.1, 1, -3.0777}, {0.5, 4, 0}, {0.999, 3, 10.2145},
	}
	for _, c := range cases {
		if got := studentQuantile(c.p, c.df); math.Abs(got-c.want) > 5e-5 {
			t.Errorf("studentQuantile(%v, %v) = %.5f, want %.4f", c.p, c.df, got, c.want)
		}
	}
	for _, bad := range [][2]float64{{math.NaN(), 3}, {-0.1, 3}, {1.1, 3}, {0.9, 0}} {
		if got := studentQuantile(bad[0], bad[1]); !math.IsNaN(got) {
			t.Errorf("studentQuantile(%v, %v) = %v, want NaN", bad[0], bad[1], got)
		}
	}
}

// TestStudentCDF checks the distribution function at known points, its
// symmetry, and that it runs into the normal law as df grows.
func TestStudentCDF(t *testing.T) {
	cases := []struct {
		x, df, want float64
	}{
		{0, 1, 0.5}, {1, 1, 0.75}, {-1, 1, 0.25}, // Cauchy: ½ + atan(x)/π
		{1.5, 3, 0.884708}, {2, 2, 0.908248}, // 2 df: ½ + x / (2√(2 + x²))
		{math.Inf(1), 3, 1}, {math.Inf(-1), 3, 0},
		{1.2815516, 1e6, 0.9}, // the normal law
	}
	for _, c := range cases {
		if got := studentCDF(c.x, c.df); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("studentCDF(%v, %v) = %.7f, want %.6f", c.x, c.df, got, c.want)
		}
	}
	for _, x := range []float64{0.1, 0.7, 2.5, 40, 1e6} {
		for _, df := range []float64{1, 2, 7, 50} {
			if s := studentCDF(x, df) + studentCDF(-x, df); math.Abs(s-1) > 1e-12 {
				t.Errorf("studentCDF(%v, %v) + studentCDF(%v, %v) = %v, want 1", x, df, -x, df, s)
			}
		}
	}
	if got := studentCDF(math.NaN(), 3); !math.IsNaN(got) {
		t.Errorf("studentCDF(NaN, 3) = %v, want NaN", got)
	}
}

// TestTQuantile90Table keeps the engine's table what the bisection gives.
func TestTQuantile90Table(t *testing.T) {
	for df := 1; df <= fitPoints-2; df++ {
		if got, want := tQuantile90(df), studentQuantile(0.9, float64(df)); math.Abs(got-want) > 1e-12 {
			t.Errorf("tQuantile90(%d) = %.17g, want studentQuantile(0.9, %d) = %.17g", df, got, df, want)
		}
	}
}
