import { Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api/client';
import { session } from '../api/session';

/** Stopgap sign-in with the admin API token until the identity branch's password/SSO login is merged. */
export function LoginPage() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    session.signIn(token.trim());
    try {
      await api.get('/users?limit=1');
      navigate(params.get('next') ?? '/', { replace: true });
    } catch (err) {
      session.signOut();
      setError(err instanceof ApiError && err.status === 401 ? 'That token is not valid.' : 'The server cannot be reached.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={400} maw="100%" component="main">
        <form onSubmit={submit}>
          <Stack>
            <Title order={1} size="h2">
              Sign in to Nightline
            </Title>
            <Text size="sm">
              Use the admin API token (<code>ADMIN_API_TOKEN</code>; <code>npm run dev</code> prints it).
            </Text>
            <PasswordInput label="Admin token" value={token} onChange={(e) => setToken(e.currentTarget.value)} error={error} required autoFocus />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
