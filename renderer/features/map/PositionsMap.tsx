import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import Supercluster, { type ClusterProperties } from 'supercluster';
import { routeHref } from '../../app/router';
import { useT } from '../../i18n';
import { formatServerTime } from '../../i18n/format';
import { statusWord } from '../trackers/status-words';
import { useTiles } from './tiles';

/** One tracker's last position. */
export interface MapPoint {
  id: number;
  label: string;
  lat: number;
  lng: number;
  status: string;
  /** Server time of the position (UTC `YYYY-MM-DD HH:MM:SS`). */
  time: string | null;
}

type Props = { tracker: MapPoint };

/**
 * Last positions on a Leaflet map, clustered with supercluster (a cluster shows its count and zooms
 * in when clicked). Tiles come from the configured URL; without one the points are drawn on a
 * plain background, so the map works with no network. Markers are CSS (divIcon), no image files.
 */
export function PositionsMap({ points, label, height = 420, single = false }: { points: MapPoint[]; label: string; height?: number; single?: boolean }) {
  const t = useT();
  const tiles = useTiles();
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const fitted = useRef('');

  // The map itself, once.
  useEffect(() => {
    const created = L.map(box.current!, { zoomControl: true, attributionControl: true, worldCopyJump: true }).setView([20, 0], 2);
    created.attributionControl.setPrefix('Leaflet');
    layer.current = L.layerGroup().addTo(created);
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
    };
  }, []);

  // Tiles: the configured server, or none (plain background).
  useEffect(() => {
    const m = map.current;
    if (!m || !tiles.url) return;
    const tileLayer = L.tileLayer(tiles.url, { attribution: escapeText(tiles.attribution), maxZoom: 19 }).addTo(m);
    return () => {
      tileLayer.remove();
    };
  }, [tiles.url, tiles.attribution]);

  // Markers and clusters, redrawn on every zoom or pan.
  useEffect(() => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    const index = new Supercluster<Props>({ radius: 56, maxZoom: 17 });
    index.load(points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, properties: { tracker: p } })));

    const draw = () => {
      group.clearLayers();
      const b = m.getBounds();
      const zoom = Math.round(m.getZoom());
      for (const feature of index.getClusters(
        [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())],
        zoom,
      )) {
        const [lng, lat] = feature.geometry.coordinates as [number, number];
        const props = feature.properties as Props | ClusterProperties;
        if ('cluster' in props && props.cluster) {
          const words = t('map.cluster', { count: props.point_count });
          const marker = L.marker([lat, lng], {
            icon: L.divIcon({ className: 'map-cluster', html: `<span>${props.point_count}</span>`, iconSize: [36, 36] }),
            title: words,
            alt: words,
            keyboard: true,
          });
          marker.on('click', () => m.setView([lat, lng], Math.min(index.getClusterExpansionZoom(props.cluster_id), 18)));
          group.addLayer(marker);
        } else {
          const p = (props as Props).tracker;
          const name = t('map.markerLabel', { label: p.label });
          const marker = L.marker([lat, lng], {
            icon: L.divIcon({ className: `map-marker status-${p.status}`, iconSize: [16, 16] }),
            title: name,
            alt: name,
            keyboard: true,
          });
          marker.bindPopup(() => popup(p, t, single));
          group.addLayer(marker);
        }
      }
    };
    draw();
    m.on('moveend', draw);

    // Frame the points when the set changes (not on every refetch of the same trackers).
    const key = points.map((p) => p.id).join(',');
    if (key !== fitted.current && points.length) {
      fitted.current = key;
      const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lng] as [number, number]));
      m.fitBounds(bounds, { padding: [40, 40], maxZoom: single ? 15 : 14, animate: false });
    }
    return () => {
      m.off('moveend', draw);
    };
  }, [points, t, single]);

  return (
    <div className="positions-map-wrap">
      <div
        ref={box}
        className="positions-map"
        style={{ height }}
        role="region"
        aria-label={label}
        data-points={points.length}
        data-tiles={tiles.url ? 'on' : 'off'}
      />
      {!tiles.url && <p className="muted map-note">{t('map.plainBackground')}</p>}
    </div>
  );
}

function escapeText(text: string): string {
  const div = document.createElement('div');
  div.textContent = text;
  return div.innerHTML;
}

/** The popup as DOM nodes (labels are text, never HTML). */
function popup(p: MapPoint, t: ReturnType<typeof useT>, single: boolean): HTMLElement {
  const root = document.createElement('div');
  root.className = 'map-popup';
  const title = document.createElement('strong');
  title.textContent = p.label;
  root.append(title);
  const status = document.createElement('div');
  status.textContent = statusWord(p.status);
  root.append(status);
  if (p.time) {
    const time = document.createElement('div');
    time.textContent = t('map.updated', { time: formatServerTime(p.time) });
    root.append(time);
  }
  if (!single) {
    const link = document.createElement('a');
    link.href = routeHref({ screen: 'tracker', id: p.id });
    link.textContent = t('map.openCard');
    root.append(link);
  }
  return root;
}
