// Which decisions the operator shows in the audit log, kept while she moves between views and
// filters (the address carries the channel and user, not this).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditDecision } from '../../../server/contract';
import { DEFAULT_DECISIONS } from '../components/audit/auditFilter';

export const useAuditDecisionsStore = defineStore('auditDecisions', () => {
  const decisions = ref<AuditDecision[]>([...DEFAULT_DECISIONS]);
  return { decisions };
});
