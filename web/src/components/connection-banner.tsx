import { Alert } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { OfflineError } from '../api/client';

/** A lost connection shows a banner while the query library keeps retrying; it goes away by itself. */
export function ConnectionBanner() {
  const qc = useQueryClient();
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    const check = () => setOffline(qc.getQueryCache().getAll().some((q) => q.state.fetchFailureReason instanceof OfflineError));
    return qc.getQueryCache().subscribe(check);
  }, [qc]);
  if (!offline) return null;
  return (
    <Alert color="orange" title="Connection lost" role="status" mb="md">
      The Nightline server cannot be reached. Retrying…
    </Alert>
  );
}
