/** Demo material for the ProCONF scenario: room names and catch-up paragraphs (markdown). */

export const INITIAL_ROOMS = ['standup', 'design-review', 'all-hands', 'incident-2291'] as const;

/** A short meeting open at the start that ends within the first minute (see ProconfWorld). */
export const QUICK_ROOM = 'quick-sync';

export const LATER_ROOMS = [
  'sales-sync',
  'retro-week-47',
  'onboarding',
  'vendor-call',
  'board-prep',
  'support-escalation',
  'hiring-panel',
  'roadmap-q1',
] as const;

export const SUMMARY_PARAGRAPHS = [
  '## Opening\nThe host welcomed everyone and shared the **agenda**: status, risks, and next steps.',
  '- Alex reported the release candidate is ready; two known issues remain open.\n- Priya asked for a rollback plan before Friday.',
  'The team agreed to move the launch review to **Thursday 15:00 UTC** so that support can join.',
  '## Risks\n1. The payment provider sandbox is flaky.\n2. Load tests have not run on the new cluster yet.',
  'Jordan will own the load-test run and post results in the channel by tomorrow noon.',
  'A question came up about data retention for recordings; legal will confirm the *30-day* policy.',
  '## Decisions\n- Ship behind a feature flag.\n- Enable for 5% of traffic first, then 50%, then everyone.',
  'Customer feedback from the beta: the new onboarding flow cut setup time roughly in half.',
  'Sam raised that the mobile app still shows the old icons; design will send updated assets.',
  '## Action items\n- [ ] Alex: close the two release blockers\n- [ ] Priya: write the rollback runbook\n- [ ] Jordan: load test',
  'The call ran long; the remaining topics (pricing page, docs refresh) move to the next meeting.',
  'See the [release checklist](https://example.com/checklist) for the full list of steps.',
] as const;
