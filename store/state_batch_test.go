package store

import (
	"errors"
	"fmt"
	"testing"
)

func TestUpdateState(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.PutState(StateOutbox, "old", []byte("x")); err != nil {
		t.Fatal(err)
	}
	value := []byte("v")
	err := s.UpdateState([]StateChange{
		{Bucket: StateAlerts, Key: "a", Value: value},
		{Bucket: StateOutbox, Key: "new", Value: value},
		{Bucket: StateOutbox, Key: "old", Delete: true},
	})
	if err != nil {
		t.Fatalf("UpdateState = %v", err)
	}
	value[0] = 'X' // the store must not have kept the caller's slice
	var got []string
	for _, b := range []StateBucket{StateAlerts, StateOutbox} {
		s.ListState(b, "", func(k string, v []byte) error {
			got = append(got, fmt.Sprintf("%s/%s=%s", b, k, v))
			return nil
		})
	}
	if fmt.Sprint(got) != "[alerts/a=v outbox/new=v]" {
		t.Errorf("after UpdateState: %v, want [alerts/a=v outbox/new=v]", got)
	}
}

func TestUpdateStateAllOrNothing(t *testing.T) {
	s, _ := openTemp(t)
	err := s.UpdateState([]StateChange{
		{Bucket: StateAlerts, Key: "a", Value: []byte("v")},
		{Bucket: StateAlerts, Key: "", Value: []byte("v")},
	})
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("UpdateState(empty key) = %v, want ErrInvalid", err)
	}
	if _, err := s.GetState(StateAlerts, "a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetState(a) after a refused batch = %v, want ErrNotFound", err)
	}
	s.Close()
	if err := s.UpdateState([]StateChange{{Bucket: StateAlerts, Key: "a"}}); !errors.Is(err, ErrClosed) {
		t.Errorf("UpdateState after Close = %v, want ErrClosed", err)
	}
}
