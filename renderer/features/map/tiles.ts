import { useSyncExternalStore } from 'react';

/** Where map tiles come from: an OpenStreetMap-style raster URL template and its attribution. */
export interface TileSource {
  url: string;
  attribution: string;
}

export const TILES_KEY = 'dealer-console.map-tiles';
/** No tile server by default: this computer may have no network; positions go on a plain background. */
export const NO_TILES: TileSource = { url: '', attribution: '' };

/** An http(s) template with {z}, {x} and {y} ({s} and {r} allowed), or empty for none. */
export function isTileUrl(url: string): boolean {
  if (url === '') return true;
  if (!/^https?:\/\/[^/\s]+\/\S*$/.test(url)) return false;
  return ['{z}', '{x}', '{y}'].every((part) => url.includes(part));
}

function read(): TileSource {
  try {
    const value = JSON.parse(globalThis.localStorage?.getItem(TILES_KEY) ?? 'null') as Partial<TileSource> | null;
    if (value && typeof value.url === 'string' && isTileUrl(value.url)) return { url: value.url, attribution: String(value.attribution ?? '') };
  } catch {
    // unreadable: no tiles
  }
  return NO_TILES;
}

let current = read();
const listeners = new Set<() => void>();

/** Remember a tile source on this computer; false (and nothing changed) for a bad URL. */
export function saveTiles(next: TileSource): boolean {
  const source = { url: next.url.trim(), attribution: next.attribution.trim() };
  if (!isTileUrl(source.url)) return false;
  current = source;
  try {
    globalThis.localStorage?.setItem(TILES_KEY, JSON.stringify(source));
  } catch {
    // storage unavailable: the choice lasts as long as the page
  }
  for (const listener of listeners) listener();
  return true;
}

export function useTiles(): TileSource {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
    () => current,
  );
}
