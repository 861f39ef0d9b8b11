import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, client, ok } from '../api/client';
import { session } from '../api/session';

/** Email and password (a session cookie), or an API token for those who have one (the admin token in dev). */
export function LoginPage() {
  const [mode, setMode] = useState<'password' | 'token'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const explain = (err: unknown) =>
    err instanceof ApiError ? (err.status === 401 ? 'Those credentials are not valid.' : err.explain()) : 'The server cannot be reached.';

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    session.signOut();
    try {
      if (mode === 'token') {
        session.signIn(token.trim());
        await ok(client.GET('/api/v1/auth/me'));
      } else {
        await ok(client.POST('/api/v1/auth/login', { body: { email, password } }));
        const me = await ok(client.GET('/api/v1/auth/me'));
        session.startSession(me.csrfToken ?? 'none');
      }
      navigate(params.get('next') ?? '/', { replace: true });
    } catch (err) {
      session.signOut();
      setError(mode === 'token' && err instanceof ApiError && err.status === 401 ? 'That token is not valid.' : explain(err));
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
            {mode === 'password' ? (
              <>
                <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required autoFocus />
                <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={error} required />
              </>
            ) : (
              <>
                <Text size="sm">
                  An API token, or the admin token (<code>ADMIN_API_TOKEN</code>; <code>npm run dev</code> prints it).
                </Text>
                <PasswordInput label="Admin token" value={token} onChange={(e) => setToken(e.currentTarget.value)} error={error} required autoFocus />
              </>
            )}
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={() => (setMode(mode === 'password' ? 'token' : 'password'), setError(null))}>
              {mode === 'password' ? 'Use a token instead' : 'Use email and password'}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
