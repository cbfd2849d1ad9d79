package pages

import (
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/assessment"
)

// AssessPattern is the pattern of the objective page's assessment form.
const AssessPattern = "POST /objectives/{id}/assessments"

// Assessments keeps the owners' assessments: assessment.Book.
type Assessments interface {
	Record(a assessment.Assessment, actor string) error
	History(objective string) ([]assessment.Assessment, error)
}

// Assessor applies the API's assess rule to a page request: ok when r may
// record assessments of the objective, who the caller's name.
type Assessor interface {
	CanAssess(r *http.Request, objective string) (who string, ok, authenticated bool)
}

// assessView is the owners' latest assessment beside the computed
// confidence, on the objective page.
type assessView struct {
	Rating, Computed         webBadge
	Author, Date             string
	Comment, Actions, Target string
	Diverges                 bool
}

// assessForm is the form that records an assessment, shown to those who
// may: no JavaScript, a POST with the anti-forgery token of csrf.go.
type assessForm struct {
	Action, CSRF string
	Ratings      []formOption
	Indicators   []formOption
}

// assessSection returns the latest assessment of o and, when r may record
// one, the form (setting its anti-forgery cookie).
func (p *pages) assessSection(w http.ResponseWriter, r *http.Request, l *lang, o *indicators.Objective, computed indicators.Confidence) (*assessView, *assessForm) {
	if p.opts.Assessments == nil {
		return nil, nil
	}
	var view *assessView
	hist, err := p.opts.Assessments.History(o.ID)
	if err != nil {
		p.logger.Error("read assessments", "objective", o.ID, "err", err)
	}
	if a, ok := assessment.LatestOf(hist)[assessment.Key{Objective: o.ID}]; ok {
		view = &assessView{Rating: l.ratingBadge(a.Rating), Computed: l.ratingBadge(computed), Author: a.Author,
			Date: dayText(a.Time), Comment: a.Comment, Actions: a.Actions, Diverges: assessment.Diverges(a.Rating, computed)}
	}
	if p.opts.Assessor == nil {
		return view, nil
	}
	if _, ok, _ := p.opts.Assessor.CanAssess(r, o.ID); !ok {
		return view, nil
	}
	form := &assessForm{Action: l.Href("/objectives/"+o.ID+"/assessments", nil), CSRF: csrfToken(w, r)}
	for _, c := range assessment.Ratings {
		form.Ratings = append(form.Ratings, formOption{Value: string(c), Label: l.confidenceText(c)})
	}
	form.Indicators = append(form.Indicators, formOption{Label: l.T("The objective as a whole")})
	for _, ind := range o.Indicators {
		form.Indicators = append(form.Indicators, formOption{Value: ind.ID, Label: ind.Name, FR: true})
	}
	return view, form
}

func (l *lang) ratingBadge(c indicators.Confidence) webBadge {
	return l.confidenceBadge(c, math.NaN()) // a rating is a judgement, not a probability
}

// assess records an assessment posted by the objective page's form, under
// the API's assess rule, then shows the page again.
func (p *pages) assess(w http.ResponseWriter, r *http.Request) {
	who, ok := p.mayAssess(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	s := p.eval.Current(r.Context())
	o, ok := s.Catalog.Objective(r.PathValue("id"))
	if !ok {
		p.fail(w, r, http.StatusNotFound, "This objective is not in the catalog.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		p.fail(w, r, http.StatusBadRequest, "The form could not be read: send it again from the objective page.")
		return
	}
	if !csrfValid(r) {
		p.fail(w, r, http.StatusForbidden, "The form's anti-forgery token is missing or does not match this browser's: reload the objective page and send the form again.")
		return
	}
	a := assessment.Assessment{Objective: o.ID, Indicator: r.PostForm.Get("indicator"), Rating: indicators.Confidence(r.PostForm.Get("rating")),
		Comment: r.PostForm.Get("comment"), Actions: r.PostForm.Get("actions"), Author: r.PostForm.Get("author"), Time: p.now().UTC()}
	if a.Author == "" {
		a.Author = who
	}
	if err := p.record(&a, o, who); err != nil {
		code, msg := http.StatusServiceUnavailable, "The assessment could not be stored; nothing was recorded."
		if errors.Is(err, assessment.ErrInvalid) {
			code, msg = http.StatusBadRequest, "The assessment was not recorded: "+err.Error()
		}
		p.fail(w, r, code, msg)
		return
	}
	http.Redirect(w, r, p.base(r, s, "", "").L.Href("/objectives/"+o.ID, nil)+"#assessment", http.StatusSeeOther)
}

func (p *pages) record(a *assessment.Assessment, o *indicators.Objective, who string) error {
	if err := a.CheckIn(o); err != nil {
		return err
	}
	if err := p.opts.Assessments.Record(*a, who); err != nil {
		p.logger.Error("record assessment", "objective", o.ID, "err", err)
		return err
	}
	return nil
}

// mayAssess applies the assess rule, answering 401 or 403 when it refuses.
func (p *pages) mayAssess(w http.ResponseWriter, r *http.Request, objective string) (string, bool) {
	if p.opts.Assessor == nil || p.opts.Assessments == nil {
		p.fail(w, r, http.StatusForbidden, "Assessments cannot be recorded from these pages.")
		return "", false
	}
	who, ok, authenticated := p.opts.Assessor.CanAssess(r, objective)
	switch {
	case ok:
		return who, true
	case authenticated:
		p.fail(w, r, http.StatusForbidden, "Recording an assessment needs a bearer token with an assess scope matching this objective, or admin.")
	default:
		w.Header().Set("WWW-Authenticate", `Bearer realm="jalon"`)
		p.fail(w, r, http.StatusUnauthorized, "Recording an assessment needs a bearer token with an assess scope matching this objective, or admin.")
	}
	return "", false
}

func (p *pages) now() time.Time {
	if p.opts.Now != nil {
		return p.opts.Now()
	}
	return time.Now()
}
