package etcdstore

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/jalonhq/jalon/store"
)

// What an older jalond does with a group entry: apply decodes an entry's
// data into one op, and a group decodes as an op of kind "group", which it
// does not know: applyOp answers newerKind and apply stops the replica
// (newer.go) rather than skip the group.
func TestGroupIsANewerKindToAnOlderReplica(t *testing.T) {
	one, err := json.Marshal(op{Kind: kindState, Time: time.Unix(0, 0).UTC()})
	if err != nil {
		t.Fatal(err)
	}
	group := encodeGroup([]*pending{{data: one}, {data: one}})
	if !isGroup(group) || isGroup(one) {
		t.Fatalf("isGroup(group) = %v, isGroup(op) = %v", isGroup(group), isGroup(one))
	}
	var o op
	if err := json.Unmarshal(group, &o); err != nil || o.Kind != kindGroup {
		t.Fatalf("a group decodes as an op %+v, %v; want kind %q", o, err, kindGroup)
	}
	// applyOp's answer to a kind it does not know, as an older jalond's
	// (without the group case in apply) gives it.
	var b Backend
	out := b.applyOp(o)
	if err := newerEntry(7, out.err); err == nil || !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("applyOp(group as an op) = %v, newerEntry = %v; want a newer jalond's entry", out.err, err)
	}
	var g struct {
		Ops []op `json:"ops"`
	}
	if err := json.Unmarshal(group, &g); err != nil || len(g.Ops) != 2 || g.Ops[1].Kind != kindState {
		t.Fatalf("the group decodes to %+v, %v", g, err)
	}
}
