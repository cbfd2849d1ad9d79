package etcdstore

import (
	"encoding/json"
	"testing"
	"time"
)

// What an older jalond does with a group entry: apply decodes an entry's
// data into one op, and a group (an array) does not decode, so it fails
// the local copy ("entry n is not a change") and stops, rather than skip
// the group as it would an op of an unknown kind.
func TestGroupIsNotAnOpToAnOlderReplica(t *testing.T) {
	one, err := json.Marshal(op{Kind: kindState, Time: time.Unix(0, 0).UTC()})
	if err != nil {
		t.Fatal(err)
	}
	group := encodeGroup([]*pending{{data: one}, {data: one}})
	if !isGroup(group) || isGroup(one) {
		t.Fatalf("isGroup(group) = %v, isGroup(op) = %v", isGroup(group), isGroup(one))
	}
	var o op
	if err := json.Unmarshal(group, &o); err == nil {
		t.Fatalf("a group decodes as an op (%+v): an older replica would apply it as one", o)
	}
	var ops []op
	if err := json.Unmarshal(group, &ops); err != nil || len(ops) != 2 || ops[1].Kind != kindState {
		t.Fatalf("the group decodes to %+v, %v", ops, err)
	}
}
