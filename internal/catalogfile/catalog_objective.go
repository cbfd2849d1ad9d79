package catalogfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jalonhq/jalon/indicators"
)

// axes reads the [[axis]] tables. A name is required of an axis no file
// names, which only the merge can tell.
func (c *checker) axes(fs []axisFile) []placed[indicators.Axis] {
	var out []placed[indicators.Axis]
	seen := map[int]string{}
	for i, f := range fs {
		p := fmt.Sprintf("axis[%d]", i)
		a := indicators.Axis{Name: c.Str(p+".name", f.Name, ""), Title: c.Str(p+".title", f.Title, "")}
		id, ok := c.uniqueNumber(p+".id", f.ID, seen, "axis")
		if ok {
			a.ID = id
			out = append(out, placed[indicators.Axis]{def: a, ref: c.ref(p + ".name")})
		}
	}
	return out
}

// priorities reads the [[priority]] tables; as for axes, the axis is
// required of a priority no file gives one.
func (c *checker) priorities(fs []priorityFile) []placed[indicators.Priority] {
	var out []placed[indicators.Priority]
	seen := map[int]string{}
	for i, f := range fs {
		p := fmt.Sprintf("priority[%d]", i)
		pr := indicators.Priority{Title: c.Str(p+".title", f.Title, "")}
		if f.Axis.Set {
			pr.Axis, _ = c.Integer(p+".axis", f.Axis)
		}
		id, ok := c.uniqueNumber(p+".id", f.ID, seen, "priority")
		if ok {
			pr.ID = id
			out = append(out, placed[indicators.Priority]{def: pr, ref: c.ref(p + ".axis")})
		}
	}
	return out
}

// uniqueNumber reads the id at path, which must be new in seen.
func (c *checker) uniqueNumber(path string, v value, seen map[int]string, what string) (int, bool) {
	if !c.Required(path, v) {
		return 0, false
	}
	id, ok := c.Integer(path, v)
	if !ok {
		return 0, false
	}
	if first, dup := seen[id]; dup {
		c.Errorf(path, "duplicate %s id %d (first at line %d)", what, id, c.Line(first))
		return 0, false
	}
	seen[id] = path
	return id, true
}

func (c *checker) objectives(fs []objectiveFile, d defaults) []placed[indicators.Objective] {
	var out []placed[indicators.Objective]
	seen, seenInd := map[string]string{}, map[string]string{}
	for i, f := range fs {
		p := fmt.Sprintf("objective[%d]", i)
		o := indicators.Objective{
			Title:      c.Text(p+".title", f.Title),
			Owners:     c.Strings(p+".owners", f.Owners),
			TargetText: c.Str(p+".target_text", f.TargetText, ""),
		}
		o.ID, o.Priority = c.objectiveID(p+".id", f.ID)
		o.Indicators = c.indicators(p, f.Indicator, d, o.ID, seenInd)
		if o.ID == "" {
			continue
		}
		if first, dup := seen[o.ID]; dup {
			c.Errorf(p+".id", "duplicate objective id %q (first at line %d)", o.ID, c.Line(first))
			continue
		}
		seen[o.ID] = p + ".id"
		out = append(out, placed[indicators.Objective]{def: o, ref: c.ref(p + ".id")})
	}
	return out
}

// objectiveID reads an id "<priority>-<n>" and returns it with its priority.
func (c *checker) objectiveID(path string, v value) (string, int) {
	if !c.Required(path, v) {
		return "", 0
	}
	id := c.Str(path, v, "")
	prio, n, ok := strings.Cut(id, "-")
	p, errP := strconv.Atoi(prio)
	_, errN := strconv.Atoi(n)
	if !ok || errP != nil || errN != nil || !isPositive(prio) || !isPositive(n) {
		if _, isStr := v.Raw.(string); isStr {
			c.Errorf(path, "%q is not an objective id of the form \"<priority>-<n>\" such as \"1-1\"", id)
		}
		return "", 0
	}
	return id, p
}

// isPositive reports whether s is a positive decimal number without sign or
// leading zero.
func isPositive(s string) bool {
	if s == "" || s[0] == '0' || len(s) > 9 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (c *checker) indicators(objPath string, fs []indicatorFile, d defaults, objID string, seen map[string]string) []indicators.Indicator {
	var out []indicators.Indicator
	for i, f := range fs {
		p := fmt.Sprintf("%s.indicator[%d]", objPath, i)
		ind := c.indicator(p, f, d)
		ind.Objective = objID
		if ind.ID == "" {
			continue
		}
		if first, dup := seen[ind.ID]; dup {
			c.Errorf(p+".id", "duplicate indicator id %q (first at line %d)", ind.ID, c.Line(first))
			continue
		}
		seen[ind.ID] = p + ".id"
		out = append(out, ind)
	}
	return out
}
