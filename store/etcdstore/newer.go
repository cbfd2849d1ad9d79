package etcdstore

import (
	"errors"
	"fmt"

	"github.com/jalonhq/jalon/store"
)

// newerKind is applyOp's answer to an entry of a kind this jalond does not
// know. It is not a refusal like ErrInvalid: a newer jalond committed the
// entry and its replicas apply it, so an older replica that skipped it
// would diverge from them without a word. apply stops instead.
type newerKind struct{ kind string }

func (e *newerKind) Error() string {
	return fmt.Sprintf("etcdstore: unknown kind of entry %q", e.kind)
}

// newerEntry is the failure apply records for entry seq when applying it
// met a kind this jalond does not know; nil when it did not. The backend
// then refuses every request, and InSync (hence /-/ready) says why, until
// the replica is upgraded and restarted.
func newerEntry(seq uint64, err error) error {
	var nk *newerKind
	if !errors.As(err, &nk) {
		return nil
	}
	return fmt.Errorf("etcdstore: entry %d was written by a newer jalond (kind %q): upgrade this replica to the version of the others and restart it; it applies no entry until then, so that it never serves a record that skipped one: %w",
		seq, nk.kind, store.ErrSchemaTooNew)
}
