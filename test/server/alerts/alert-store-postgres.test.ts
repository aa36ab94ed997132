import { alertRepository } from '../../../server/alerts/repository';
import { alertStoreContract } from '../../support/alertStoreContract';
import { postgresRepositories } from '../../support/databaseStores';

alertStoreContract('postgres', postgresRepositories('alerts', alertRepository), { restartable: true });
