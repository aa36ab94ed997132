import { spawnSync } from 'node:child_process';

/**
 * `npm audit --omit=dev` for CI: fails on high or critical advisories in production
 * dependencies, and only on those (moderate and low are printed, not fatal). When the advisory
 * service cannot be reached (a closed network, a registry mirror without the audit endpoint) the
 * check did not happen: that is said loudly, and is fatal only with AUDIT_STRICT=1.
 */
interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
  message?: string;
}

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report: AuditReport = {};
try {
  report = JSON.parse(run.stdout || '{}') as AuditReport;
} catch {
  report = { message: 'npm audit printed no JSON' };
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const why = report.message ?? run.stderr.trim().split('\n').pop() ?? 'unknown error';
  process.stderr.write(`audit: the advisory service could not be asked (${why}); production dependencies were NOT audited\n`);
  process.exit(process.env.AUDIT_STRICT === '1' ? 1 : 0);
}

const serious = (counts.high ?? 0) + (counts.critical ?? 0);
const summary = Object.entries(counts).map(([severity, n]) => `${severity} ${n}`).join(', ');
process.stdout.write(`audit: production dependencies: ${summary}\n`);
for (const [name, entry] of Object.entries(report.vulnerabilities ?? {})) {
  process.stdout.write(`  ${entry.severity.padEnd(8)} ${name}\n`);
}
if (serious > 0) {
  process.stderr.write(`audit: ${serious} high or critical advisories in production dependencies; run \`npm audit --omit=dev\`\n`);
  process.exit(1);
}
