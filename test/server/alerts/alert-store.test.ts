import { alertRepository } from '../../../server/alerts/repository';
import { alertStoreContract } from '../../support/alertStoreContract';
import { sqliteRepositories } from '../../support/databaseStores';
import { MemoryAlertStore } from '../../support/memoryAlertStore';

alertStoreContract('sqlite', sqliteRepositories('alerts', alertRepository), { restartable: true });
alertStoreContract('memory', async () => ({ open: async () => new MemoryAlertStore() }), { restartable: false });
