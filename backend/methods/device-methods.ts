import type { MethodDeclaration } from '../api/registry.js';
import trackerConsoleConnect from './tracker/console/connect.js';
import trackerGetState from './tracker/get_state.js';
import trackerHistoryRead from './tracker/history/read.js';
import trackerRawCommandSend from './tracker/raw_command/send.js';
import trackerRegisterRetry from './tracker/register_retry.js';
import settingsDeviceGatewayRead from './settings/device_gateway/read.js';
import settingsDeviceGatewayUpdate from './settings/device_gateway/update.js';

/** State, history, commands, activation and the console of devices. */
export const deviceMethods: MethodDeclaration[] = [
  trackerGetState,
  trackerHistoryRead,
  trackerRawCommandSend,
  trackerRegisterRetry,
  trackerConsoleConnect,
  settingsDeviceGatewayRead,
  settingsDeviceGatewayUpdate,
] as MethodDeclaration[];
