import { auditRepository } from '../../../server/audit/repository';
import { auditStoreContract } from '../../support/auditStoreContract';
import { postgresRepositories } from '../../support/databaseStores';

auditStoreContract('postgres', postgresRepositories('audit', auditRepository));
