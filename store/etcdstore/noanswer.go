package etcdstore

import (
	"context"
	"errors"
	"fmt"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
)

// ErrNoAnswer is wrapped by an append's error when etcd did not answer in
// time or had no leader: most often the members lost their quorum (two of
// three down, or cut off from each other).
var ErrNoAnswer = errors.New("etcd did not answer")

// noAnswer says whether err is etcd not answering, rather than refusing:
// the wait ran out (no member reached, or no quorum to commit or to
// confirm a read), or the members have no leader to commit anything.
func noAnswer(err error) bool {
	if err == nil {
		return false
	}
	// The client turns a gRPC deadline into the context's, and waits
	// out an unreachable member within it.
	for _, e := range []error{context.DeadlineExceeded, rpctypes.ErrNoLeader, rpctypes.ErrTimeout,
		rpctypes.ErrTimeoutDueToLeaderFail, rpctypes.ErrTimeoutDueToConnectionLost, rpctypes.ErrTimeoutWaitAppliedIndex} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// putChunk puts one chunk of an entry being staged, waiting for etcd no
// longer than for the commit: under quorum loss a put never returns.
func (b *Backend) putChunk(ctx context.Context, key string, part []byte) error {
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	_, err := b.cli.Put(ctx, key, string(part))
	return err
}

// unanswered turns err, from an append's exchange with etcd, into what an
// operator and a client need when etcd did not answer: what happened, what
// to check, and whether the change may be in the log. sent says the
// append's transaction had gone out: etcd may have committed it before
// the answer was lost. Any other error is returned as it is.
func (b *Backend) unanswered(err error, sent bool) error {
	if !noAnswer(err) {
		return err
	}
	fate := "the change was not recorded: send it again once etcd answers"
	if sent {
		fate = "the change may or may not have been recorded: once etcd answers, read it back before sending it again (a push sent again leaves its points unchanged)"
	}
	// The member may give up first (etcdserver: request timed out, after
	// about 7 s): then the wait did not run out.
	when := "within " + b.timeout.String()
	if !errors.Is(err, context.DeadlineExceeded) {
		when = "in time: the member gave up on the request"
	}
	return fmt.Errorf("etcdstore: %w %s: no quorum among its members? see their health (etcdctl endpoint health --cluster) and their logs; %s (%w)",
		ErrNoAnswer, when, fate, err)
}
