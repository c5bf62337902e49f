import type { ProtocolName } from './protocols/types.js';

const isIpAddress = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host);

/**
 * Commands that point a device at this server and reset its tracking settings
 * (sent by tracker/register_retry), per protocol, as text commands.
 * - Teltonika FMB: `defaultcfg` (default configuration), then server domain (2004), port (2005), TCP (2006:0).
 * - Concox GT06: `FACTORY#`, then `SERVER,<0 = IP | 1 = domain>,<host>,<port>,0#`.
 * - H02: `S23` sets the server address and port; `S71,22,30` resets the upload interval to 30 s.
 * - JT/T 808: `SERVER,<0 = IP | 1 = domain>,<host>,<port>,0#` in a 0x8300 text message, the SMS syntax
 *   the common OEM firmwares (Concox/Jimi, Huabao) run when it comes as text; units that do not are re-pointed by SMS.
 * - Ruptela, Suntech: none. Their server address is set with the vendor's configurator or by SMS.
 * - Meitrack: none. Its server is set by SMS or the vendor's configurator (password protected).
 * - OsmAnd: none. The phone app's server address is set in the app.
 * - Queclink: none. `AT+GTSRI` needs the unit's own password and its field list differs per model, so
 *   units are re-pointed with the vendor's manager tool or by SMS.
 * - GPS103 (TK103 clones): none. The server address is set only by SMS (`adminip<password> <ip> <port>`),
 *   which needs the unit's password; the GPRS command set has no such command.
 * - Wialon IPS: none. The protocol has no server-address command; each vendor's firmware sets it its own way.
 */
export function activationCommands(protocol: ProtocolName, host: string, port: number): string[] {
  switch (protocol) {
    case 'teltonika':
      return ['defaultcfg', `setparam 2004:${host};2005:${port};2006:0`];
    case 'gt06':
      return ['FACTORY#', `SERVER,${isIpAddress(host) ? 0 : 1},${host},${port},0#`];
    case 'h02':
      return [`S23,${host},${port}`, 'S71,22,30'];
    case 'jt808':
      return [`SERVER,${isIpAddress(host) ? 0 : 1},${host},${port},0#`];
    case 'ruptela':
    case 'suntech':
    case 'queclink':
    case 'gps103':
    case 'osmand':
    case 'wialon':
    case 'meitrack':
      return [];
  }
}
