import { startSimulator } from './index';

/** `npm run simulator`: the vendor simulators alone, e.g. to point a BFF elsewhere at them. */
const seed = Number(process.env.SIMULATOR_SEED ?? 1);
const port = Number(process.env.SIMULATOR_PORT ?? 0);
const simulator = await startSimulator({ seed, port });
process.stdout.write(`vendor simulators on ${simulator.origin} (seed ${seed})\n`);
process.stdout.write('point a roomwatch BFF at them with:\n');
const vars: Record<string, string | number | undefined> = {
  PROCONF_ADMIN_URL: simulator.vendorConfigs.proconf?.url,
  PROCONF_ADMIN_TOKEN: simulator.vendorConfigs.proconf?.token,
  PROCONF_SUMMARY_BUCKET: simulator.vendorConfigs.proconf?.summary?.bucket,
  PROCONF_SUMMARY_REGION: simulator.vendorConfigs.proconf?.summary?.region,
  PROCONF_SUMMARY_S3_ENDPOINT: simulator.vendorConfigs.proconf?.summary?.endpoint,
  // The simulated bucket's keys, for the AWS SDK's default credential chain.
  AWS_ACCESS_KEY_ID: simulator.vendorConfigs.proconf?.summary?.credentials?.accessKeyId,
  AWS_SECRET_ACCESS_KEY: simulator.vendorConfigs.proconf?.summary?.credentials?.secretAccessKey,
  BANDWIDTH_API_URL: simulator.vendorConfigs.bandwidth?.url,
  BANDWIDTH_USER_ID: simulator.vendorConfigs.bandwidth?.userId,
  BANDWIDTH_API_TOKEN: simulator.vendorConfigs.bandwidth?.apiToken,
  BANDWIDTH_API_SECRET: simulator.vendorConfigs.bandwidth?.apiSecret,
  COMETCHAT_API_URL: simulator.vendorConfigs.cometchat?.url,
  COMETCHAT_API_KEY: simulator.vendorConfigs.cometchat?.apiKey,
  TENCENT_API_URL: simulator.vendorConfigs.tencent?.url,
  TENCENT_SDKAPPID: simulator.vendorConfigs.tencent?.sdkAppId,
  TENCENT_SECRET_KEY: simulator.vendorConfigs.tencent?.secretKey,
  TENCENT_ADMIN_ID: simulator.vendorConfigs.tencent?.adminId,
};
for (const [name, value] of Object.entries(vars)) if (value !== undefined) process.stdout.write(`  ${name}=${value}\n`);
process.stdout.write('vendors that cannot list their calls; open these by id:\n');
for (const call of simulator.unlistedDemoCalls()) process.stdout.write(`  ${call.provider}/${call.callId}\n`);
const stop = () => void simulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
