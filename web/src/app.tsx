import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from './components/loading';
import { Shell } from './components/shell';
import { session } from './api/session';
import { LoginPage } from './login/login.page';
import { OnCallNowPage } from './home/on-call-now.page';

// Every page but the first is its own chunk; the calendar and charts only load with the pages that draw them.
const SchedulesPage = lazy(() => import('./schedules/schedules.page'));
const SchedulePage = lazy(() => import('./schedules/schedule.page'));
const AlertsPage = lazy(() => import('./alerts/alerts.page'));
const AlertPage = lazy(() => import('./alerts/alert.page'));
const PoliciesPage = lazy(() => import('./policies/policies.page'));
const ServicesPage = lazy(() => import('./services/services.page'));
const PeoplePage = lazy(() => import('./people/people.page'));
const DevPhonePage = lazy(() => import('./dev-phone/dev-phone.page'));
const PhoneLinesPage = lazy(() => import('./phone-lines/phone-lines.page'));
const FatiguePage = lazy(() => import('./fatigue/fatigue.page'));
const AuditPage = lazy(() => import('./audit/audit.page'));

function RequireSession({ children }: { children: React.ReactNode }) {
  const loc = useLocation();
  if (!session.signedIn()) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname)}`} replace />;
  return <Shell>{children}</Shell>;
}

export function App() {
  const page = (el: React.ReactNode) => (
    <RequireSession>
      <Suspense fallback={<Loading label="Loading page" />}>{el}</Suspense>
    </RequireSession>
  );
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/" element={page(<OnCallNowPage />)} />
      <Route path="/schedules" element={page(<SchedulesPage />)} />
      <Route path="/schedules/:id" element={page(<SchedulePage />)} />
      <Route path="/alerts" element={page(<AlertsPage />)} />
      <Route path="/alerts/:id" element={page(<AlertPage />)} />
      <Route path="/escalation-policies" element={page(<PoliciesPage />)} />
      <Route path="/services" element={page(<ServicesPage />)} />
      <Route path="/people" element={page(<PeoplePage />)} />
      <Route path="/dev-phone" element={page(<DevPhonePage />)} />
      <Route path="/phone-lines" element={page(<PhoneLinesPage />)} />
      <Route path="/fatigue" element={page(<FatiguePage />)} />
      <Route path="/audit" element={page(<AuditPage />)} />
      <Route path="*" element={page(<p>No such page.</p>)} />
    </Routes>
  );
}
