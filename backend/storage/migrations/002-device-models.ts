import type { Migration } from './runner.js';

/** Released: do not edit. The device-model catalogue served by tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['telfmb920', 'Teltonika FMB920', 'Teltonika', 'teltonika', 1],
  ['telfmb120', 'Teltonika FMB120', 'Teltonika', 'teltonika', 1],
  ['telfmb130', 'Teltonika FMB130', 'Teltonika', 'teltonika', 1],
  ['telfmb140', 'Teltonika FMB140', 'Teltonika', 'teltonika', 1],
  ['telfmb003', 'Teltonika FMB003', 'Teltonika', 'teltonika', 1],
  ['telfmc130', 'Teltonika FMC130', 'Teltonika', 'teltonika', 1],
  ['telfmc650', 'Teltonika FMC650', 'Teltonika', 'teltonika', 1],
  ['telfmt100', 'Teltonika FMT100', 'Teltonika', 'teltonika', 1],
  ['teltat100', 'Teltonika TAT100', 'Teltonika', 'teltonika', 1],
  ['telfm1100', 'Teltonika FM1100', 'Teltonika', 'teltonika', 1],
  ['concoxgt06n', 'Concox GT06N', 'Concox', 'gt06', 1],
  ['concoxgt06e', 'Concox GT06E', 'Concox', 'gt06', 1],
  ['concoxgt800', 'Concox GT800', 'Concox', 'gt06', 1],
  ['concoxwetrack2', 'Concox WeTrack2', 'Concox', 'gt06', 1],
  ['concoxwetracklite', 'Concox WeTrack Lite', 'Concox', 'gt06', 1],
  ['concoxgv20', 'Concox GV20', 'Concox', 'gt06', 1],
  ['concoxat4', 'Concox AT4', 'Concox', 'gt06', 1],
  ['jimijmvl01', 'Jimi IoT JM-VL01', 'Jimi IoT', 'gt06', 1],
  ['sinotrackst901', 'SinoTrack ST-901', 'SinoTrack', 'h02', 1],
  ['sinotrackst902', 'SinoTrack ST-902', 'SinoTrack', 'h02', 1],
  ['sinotrackst906', 'SinoTrack ST-906', 'SinoTrack', 'h02', 1],
  ['sinotrackst907', 'SinoTrack ST-907', 'SinoTrack', 'h02', 1],
  ['h02generic', 'H02 protocol tracker', 'Generic', 'h02', 1],
  ['navixymobile', 'Navixy Mobile Tracker (Android)', 'Navixy', 'mobile', 0],
  ['iosnavixytracker', 'Navixy Mobile Tracker (iOS)', 'Navixy', 'mobile', 0],
  ['mobile_unknown', 'Mobile phone (unknown app)', 'Generic', 'mobile', 0],
];

export const deviceModels: Migration = {
  id: '002-device-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
