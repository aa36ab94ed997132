import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { SignInPage } from '../features/signin/SignInPage';
import { HomeRoute } from './HomeRoute';

// `/` should load only what the overview needs; the other pages come when opened.
const RoomPage = lazy(() => import('../features/room/RoomPage').then((m) => ({ default: m.RoomPage })));
const CallsPage = lazy(() => import('../features/calls/CallsPage').then((m) => ({ default: m.CallsPage })));
// The report page carries the chart: it loads only when a report is opened.
const ReportPage = lazy(() => import('../features/report/ReportPage').then((m) => ({ default: m.ReportPage })));
const AlertsPage = lazy(() => import('../features/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const AssurancePage = lazy(() => import('../features/assurance/AssurancePage').then((m) => ({ default: m.AssurancePage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const CatchUpPage = lazy(() => import('../features/catchup/CatchUpPage').then((m) => ({ default: m.CatchUpPage })));

function NotFound() {
  return (
    <main className="page page-narrow">
      <h1>Page not found</h1>
      <p>
        <a href="/">Go to the overview</a>
      </p>
    </main>
  );
}

export function AppRoutes() {
  return (
    <Suspense fallback={<p className="page muted">Loading…</p>}>
      <Routes>
        <Route path="/" element={<HomeRoute />} />
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/rooms/:provider/:callId" element={<RoomPage />} />
        <Route path="/rooms/:room" element={<RoomPage />} />
        <Route path="/catch-up/:provider/:callId" element={<CatchUpPage />} />
        <Route path="/calls" element={<CallsPage />} />
        <Route path="/calls/:provider/:callId/report" element={<ReportPage />} />
        <Route path="/alerts" element={<AlertsPage />} />
        <Route path="/assurance" element={<AssurancePage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
