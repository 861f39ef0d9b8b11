import { AppShell, Burger, Group, NavLink, Text, Title, Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useLocation, useNavigate } from 'react-router';
import { session } from '../api/session';
import { client, ok } from '../api/client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { topRole, useCan, useMe } from '../api/me';

import { ConnectionBanner } from './connection-banner';
import { PageErrorBoundary } from './error-boundary';

const NAV = [
  { to: '/', label: 'On call now' },
  { to: '/schedules', label: 'Schedules' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/escalation-policies', label: 'Escalation policies' },
  { to: '/services', label: 'Services' },
  { to: '/people', label: 'People' },
  { to: '/phone-lines', label: 'Phone lines' },
  { to: '/fatigue', label: 'Fatigue' },
];
/** The audit log is for managers and admins (GET /audit needs the manager role). */
const MANAGER_NAV = [{ to: '/audit', label: 'Audit log' }];

/** Header + navigation; the navigation folds behind a burger on a phone. */
export function Shell({ children }: { children: React.ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const loc = useLocation();
  const navigate = useNavigate();
  // The dev phone only exists while the built-in Twilio simulator runs.
  const devPhone = useQuery({ queryKey: ['dev-phone', 'enabled'], queryFn: () => ok(client.GET('/api/v1/dev-phone')), staleTime: 60_000, retry: false });
  const can = useCan();
  const me = useMe().data;
  const qc = useQueryClient();
  const nav = [...NAV, ...(can('manager') ? MANAGER_NAV : []), ...(devPhone.data?.enabled ? [{ to: '/dev-phone', label: 'Dev phone' }] : [])];
  const active = (to: string) => (to === '/' ? loc.pathname === '/' : loc.pathname.startsWith(to));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={2} size="h4">
              Nightline
            </Title>
          </Group>
          <Button
            variant="subtle"
            onClick={async () => {
              if (session.csrf()) await ok(client.POST('/api/v1/auth/logout')).catch(() => undefined);
              session.signOut();
              // The next person to sign in in this tab must not see the last one's role or data.
              qc.clear();
              navigate('/login');
            }}
          >
            Sign out
          </Button>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {me && (
          <Text size="xs" px="sm" pb="xs" data-testid="signed-in-as">
            Signed in as {me.user?.name ?? 'the admin token'} ({topRole(me) ?? 'no team'})
          </Text>
        )}
        {nav.map((n) => (
          <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={active(n.to)} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <ConnectionBanner />
        <PageErrorBoundary resetKey={loc.pathname}>{children}</PageErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
