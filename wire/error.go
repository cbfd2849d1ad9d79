package wire

// Error is the body of every error response: what was wrong and, for a
// batch or an edit, one detail per problem with its place ("item 3: …").
type Error struct {
	Error   string   `json:"error"`
	Details []string `json:"details,omitempty"`
}
