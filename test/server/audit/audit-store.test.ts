import { MemoryAuditStore } from '../../../server/audit/memoryStore';
import { auditRepository } from '../../../server/audit/repository';
import { auditStoreContract } from '../../support/auditStoreContract';
import { sqliteRepositories } from '../../support/databaseStores';

auditStoreContract('sqlite', sqliteRepositories('audit', auditRepository));
auditStoreContract('memory', async () => ({ open: async () => new MemoryAuditStore() }));
