import type { Verdict } from '../contract/assurance';

export const percent = (coverage: number | null): string => (coverage === null ? '—' : `${(coverage * 100).toFixed(1)}%`);

export const VERDICT_LABEL: Record<Verdict, string> = {
  violation: 'Violation',
  unverified: 'Unverified',
  compliant: 'Compliant',
  not_required: 'Not required',
};
