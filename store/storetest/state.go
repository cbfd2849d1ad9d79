package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jalonhq/jalon/store"
)

// listState returns a bucket's keys with prefix as "key=value".
func listState(t *testing.T, b store.Backend, bucket store.StateBucket, prefix string) string {
	t.Helper()
	var out []string
	err := b.ListState(bucket, prefix, func(k string, v []byte) error {
		out = append(out, k+"="+string(v))
		return nil
	})
	if err != nil {
		t.Fatalf("ListState(%s, %q) = %v", bucket, prefix, err)
	}
	return fmt.Sprint(out)
}

// State values are kept per bucket, listed by prefix in key order, and
// copied both ways.
func testState(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	value := []byte("firing")
	for _, k := range []string{"b/2", "a/1", "b/1", "c"} {
		if err := b.PutState(store.StateAlerts, k, value); err != nil {
			t.Fatal(err)
		}
	}
	value[0] = 'X' // the store keeps no slice of its caller's
	if err := b.PutState(store.StateOutbox, "a/1", []byte("queued")); err != nil {
		t.Fatal(err)
	}
	got, err := b.GetState(store.StateAlerts, "a/1")
	if err != nil || string(got) != "firing" {
		t.Errorf("GetState(alerts, a/1) = %q, %v; want firing", got, err)
	}
	got[0] = 'Y' // nor shares one with it
	if again, _ := b.GetState(store.StateAlerts, "a/1"); string(again) != "firing" {
		t.Errorf("GetState after changing a returned value = %q, want firing", again)
	}
	if got, want := listState(t, b, store.StateAlerts, "b/"), "[b/1=firing b/2=firing]"; got != want {
		t.Errorf("ListState(alerts, b/) = %s, want %s", got, want)
	}
	if got, want := listState(t, b, store.StateAlerts, ""), "[a/1=firing b/1=firing b/2=firing c=firing]"; got != want {
		t.Errorf("ListState(alerts) = %s, want %s", got, want)
	}
	if err := b.DeleteState(store.StateAlerts, "c"); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteState(store.StateAlerts, "c"); err != nil {
		t.Errorf("DeleteState(missing key) = %v, want nil", err)
	}
	_, err = b.GetState(store.StateAlerts, "c")
	wantErr(t, "GetState(deleted key)", err, store.ErrNotFound)
	_, err = b.GetState(store.StateCollectors, "a/1")
	wantErr(t, "GetState(key of another bucket)", err, store.ErrNotFound)
	checkStateRefused(t, b)
}

func checkStateRefused(t *testing.T, b store.Backend) {
	t.Helper()
	wantErr(t, "PutState(unknown bucket)", b.PutState("nope", "k", nil), store.ErrInvalid)
	wantErr(t, "PutState(empty key)", b.PutState(store.StateAlerts, "", nil), store.ErrInvalid)
	_, err := b.GetState("nope", "k")
	wantErr(t, "GetState(unknown bucket)", err, store.ErrInvalid)
	wantErr(t, "ListState(unknown bucket)", b.ListState("nope", "", func(string, []byte) error { return nil }), store.ErrInvalid)
	stop := errors.New("enough")
	n := 0
	err = b.ListState(store.StateAlerts, "", func(string, []byte) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ListState with fn failing = %v after %d calls, want fn's error after 1", err, n)
	}
}

// UpdateState applies its changes in one go, in slice order for one key,
// or not at all.
func testStateBatch(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	if err := b.PutState(store.StateAlerts, "gone", []byte("x")); err != nil {
		t.Fatal(err)
	}
	value := []byte("send")
	err := b.UpdateState([]store.StateChange{
		{Bucket: store.StateAlerts, Key: "a", Value: []byte("1")},
		{Bucket: store.StateOutbox, Key: "n/1", Value: value},
		{Bucket: store.StateAlerts, Key: "a", Value: []byte("2")},
		{Bucket: store.StateAlerts, Key: "gone", Delete: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	value[0] = 'X' // the store keeps no slice of its caller's
	if got := listState(t, b, store.StateAlerts, ""); got != "[a=2]" {
		t.Errorf("alerts after UpdateState = %s, want [a=2]", got)
	}
	if got := listState(t, b, store.StateOutbox, ""); got != "[n/1=send]" {
		t.Errorf("outbox after UpdateState = %s, want [n/1=send]", got)
	}
	err = b.UpdateState([]store.StateChange{
		{Bucket: store.StateAlerts, Key: "a", Value: []byte("3")},
		{Bucket: store.StateCollectors, Key: "", Value: []byte("bad")},
	})
	wantErr(t, "UpdateState with an empty key", err, store.ErrInvalid)
	if got := listState(t, b, store.StateAlerts, ""); got != "[a=2]" {
		t.Errorf("alerts after a refused UpdateState = %s, want [a=2] (nothing applied)", got)
	}
}
