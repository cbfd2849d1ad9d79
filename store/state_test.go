package store

import (
	"errors"
	"fmt"
	"testing"
)

func TestState(t *testing.T) {
	s, _ := openTemp(t)
	value := []byte("v1")
	for _, k := range []string{"a/1", "a/2", "b/1"} {
		if err := s.PutState(StateOutbox, k, value); err != nil {
			t.Fatal(err)
		}
	}
	value[0] = 'X' // the store must not have kept the caller's slice
	if got, err := s.GetState(StateOutbox, "a/1"); err != nil || string(got) != "v1" {
		t.Errorf("GetState(a/1) = %q, %v, want v1", got, err)
	}
	if err := s.DeleteState(StateOutbox, "a/2"); err != nil {
		t.Fatal(err)
	}
	var keys []string
	err := s.ListState(StateOutbox, "a/", func(k string, v []byte) error {
		keys = append(keys, k+"="+string(v))
		return nil
	})
	if err != nil || fmt.Sprint(keys) != "[a/1=v1]" {
		t.Errorf("ListState(a/) = %v, %v, want [a/1=v1]", keys, err)
	}
	if _, err := s.GetState(StateOutbox, "a/2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetState(deleted) = %v, want ErrNotFound", err)
	}
	if _, err := s.GetState(StateAlerts, "a/1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetState(other bucket) = %v, want ErrNotFound", err)
	}
	if err := s.PutState("points", "k", nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("PutState(points bucket) = %v, want ErrInvalid", err)
	}
	if err := s.PutState(StateAlerts, "", nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("PutState(empty key) = %v, want ErrInvalid", err)
	}
}
