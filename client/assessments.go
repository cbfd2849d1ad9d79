package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/jalonhq/jalon/wire"
)

func assessmentsPath(objective string) string {
	return "/api/v1/objectives/" + url.PathEscape(objective) + "/assessments"
}

// Assess records the owners' assessment of an objective (an assess scope
// matching it, or admin).
func (c *Client) Assess(ctx context.Context, objective string, in wire.AssessmentInput) (wire.Assessment, error) {
	var out wire.Assessment
	return out, c.call(ctx, http.MethodPost, assessmentsPath(objective), in, &out)
}

// Assessments returns the history of an objective's assessments, oldest
// first, beside the computed confidence.
func (c *Client) Assessments(ctx context.Context, objective string) (wire.Assessments, error) {
	var out wire.Assessments
	return out, c.call(ctx, http.MethodGet, assessmentsPath(objective), nil, &out)
}
