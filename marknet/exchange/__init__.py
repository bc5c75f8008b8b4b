"""Office-to-office exchange: keys, signed envelopes, outbox and inbox, peers, the change feed
and the mirrors of the partners' registers."""
