// Package territory knows the French regions and departments by their INSEE
// codes (Code officiel géographique), so that `region` and `department`
// labels can be checked and per-territory fixtures built.
package territory

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
)

//go:embed regions.csv
var regionsCSV string

//go:embed departements.csv
var departmentsCSV string

// Region is one of the 18 regions.
type Region struct {
	Code, Name string
}

// Department is one of the 101 departments and the region it belongs to.
type Department struct {
	Code, Name, Region string
}

// Codes holds the regions and departments, indexed by code.
type Codes struct {
	Regions     []Region
	Departments []Department
	region      map[string]int
	department  map[string]int
}

// Load parses the embedded INSEE tables. The tables ship with the binary, so
// an error here is a build defect, not a user's.
func Load() (*Codes, error) {
	c := &Codes{region: map[string]int{}, department: map[string]int{}}
	regions, err := readCSV("regions.csv", regionsCSV, 3)
	if err != nil {
		return nil, err
	}
	for _, r := range regions {
		c.region[r[0]] = len(c.Regions)
		c.Regions = append(c.Regions, Region{Code: r[0], Name: r[1]})
	}
	departments, err := readCSV("departements.csv", departmentsCSV, 3)
	if err != nil {
		return nil, err
	}
	for i, d := range departments {
		if _, ok := c.region[d[2]]; !ok {
			return nil, fmt.Errorf("departements.csv line %d: unknown region %q", i+2, d[2])
		}
		c.department[d[0]] = len(c.Departments)
		c.Departments = append(c.Departments, Department{Code: d[0], Name: d[1], Region: d[2]})
	}
	return c, nil
}

func readCSV(name, data string, fields int) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(data))
	r.FieldsPerRecord = fields
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("read %s: no rows", name)
	}
	return rows[1:], nil
}

// Region returns the region with the given code.
func (c *Codes) Region(code string) (Region, bool) {
	i, ok := c.region[code]
	if !ok {
		return Region{}, false
	}
	return c.Regions[i], true
}

// Department returns the department with the given code.
func (c *Codes) Department(code string) (Department, bool) {
	i, ok := c.department[code]
	if !ok {
		return Department{}, false
	}
	return c.Departments[i], true
}

// Check validates a label value for the dimensions this package knows
// (region, department). Other dimensions are accepted as they are.
func (c *Codes) Check(dimension, value string) error {
	switch dimension {
	case "region":
		if _, ok := c.Region(value); !ok {
			return fmt.Errorf("%q is not an INSEE region code (e.g. %s)", value, c.sample(true))
		}
	case "department":
		if _, ok := c.Department(value); !ok {
			return fmt.Errorf("%q is not an INSEE department code (e.g. %s)", value, c.sample(false))
		}
	}
	return nil
}

// CheckNesting refuses a department given with a region it is not part of:
// such a series would be counted in one region's total and shown on
// another's map.
func (c *Codes) CheckNesting(region, department string) error {
	d, ok := c.Department(department)
	if !ok || d.Region == region {
		return nil
	}
	r, _ := c.Region(d.Region)
	return fmt.Errorf("department %s (%s) is in region %s (%s), not %s", d.Code, d.Name, r.Code, r.Name, region)
}

// LabelText names a label value for people: a region or department code
// with its name ("Île-de-France (11)"), anything else as name=value.
func (c *Codes) LabelText(name, value string) string {
	switch name {
	case "region":
		if r, ok := c.Region(value); ok {
			return r.Name + " (" + value + ")"
		}
	case "department":
		if d, ok := c.Department(value); ok {
			return d.Name + " (" + value + ")"
		}
	}
	return name + "=" + value
}

func (c *Codes) sample(regions bool) string {
	var codes []string
	if regions {
		for _, r := range c.Regions[len(c.Regions)-3:] {
			codes = append(codes, r.Code)
		}
	} else {
		codes = []string{"01", "2A", "974"}
	}
	sort.Strings(codes)
	return strings.Join(codes, ", ")
}
