import { useState } from 'react';
import { useT } from '../../i18n';
import { isTileUrl, saveTiles, useTiles } from './tiles';

/** Settings: where map tiles come from (remembered on this computer; empty = plain background). */
export function MapTilesSettings() {
  const t = useT();
  const tiles = useTiles();
  const [url, setUrl] = useState(tiles.url);
  const [attribution, setAttribution] = useState(tiles.attribution);
  const [saved, setSaved] = useState(false);
  const bad = !isTileUrl(url.trim());
  return (
    <section className="card-section" aria-labelledby="map-tiles-title">
      <h2 id="map-tiles-title">{t('map.tiles')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(saveTiles({ url, attribution }));
        }}
      >
        <div className="field">
          <label htmlFor="map-tile-url">{t('map.tileUrl')}</label>
          <input
            id="map-tile-url"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              setSaved(false);
            }}
            aria-describedby="map-tile-url-hint"
            aria-invalid={bad}
            spellCheck={false}
            dir="ltr"
          />
          <p id="map-tile-url-hint" className="muted">
            {t('map.tileUrlHint')}
          </p>
          {bad && (
            <p className="error-text" role="alert">
              {t('map.badUrl')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="map-tile-attribution">{t('map.attribution')}</label>
          <input
            id="map-tile-attribution"
            value={attribution}
            onChange={(e) => {
              setAttribution(e.target.value);
              setSaved(false);
            }}
          />
        </div>
        <button type="submit" className="primary" disabled={bad}>
          {t('map.save')}
        </button>
        {saved && (
          <p className="notice" role="status">
            {t('map.saved')}
          </p>
        )}
      </form>
    </section>
  );
}
