import { bandwidthVendor } from './bandwidth';
import { cometChatVendor } from './cometchat';
import { proconfVendor } from './proconf';
import { tencentVendor } from './tencent';
import type { VendorModule } from './vendorModule';

/**
 * The vendors roomwatch ships with. Configuration, policy resolution, the provider registry and
 * the simulator host all loop over this list (or one handed to startRoomwatch). Order matters
 * in two places only: the order of GET /api/providers, and each simulated vendor's random
 * stream (its position), so a new vendor goes at the end.
 */
export const BUILTIN_VENDORS: readonly VendorModule[] = [proconfVendor, bandwidthVendor, cometChatVendor, tencentVendor];
