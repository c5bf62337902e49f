import { describe, expect, it } from 'vitest';
import { DEFAULT_IMEI_START, imeiSequence, isValidImei, luhnCheckDigit } from './imei.js';
import { LatencyHistogram } from './latency.js';
import { bearing, BERLIN, BUENOS_AIRES, distance, RouteWalker, type Route } from './route.js';

describe('IMEIs', () => {
  it('computes the Luhn check digit (known IMEIs)', () => {
    expect(luhnCheckDigit('49015420323751')).toBe(8); // 490154203237518, the textbook example
    expect(luhnCheckDigit('35630704244101')).toBe(3);
    expect(isValidImei('490154203237518')).toBe(true);
    expect(isValidImei('490154203237519')).toBe(false);
    expect(isValidImei('35630704244000')).toBe(false); // 14 digits
  });

  it('counts up from the start body with valid check digits', () => {
    const imeis = imeiSequence(DEFAULT_IMEI_START, 12);
    expect(imeis).toHaveLength(12);
    expect(new Set(imeis).size).toBe(12);
    expect(imeis.every(isValidImei)).toBe(true);
    expect(imeis[0]!.slice(0, 14)).toBe('35630704244000');
    expect(imeis[11]!.slice(0, 14)).toBe('35630704244011');
    expect(imeiSequence('490154203237518', 1)).toEqual(['490154203237518']); // a valid 15-digit start is the first IMEI
    expect(imeiSequence('49015420323751', 1)).toEqual(['490154203237518']);
    expect(() => imeiSequence('12345', 1)).toThrow(RangeError);
    expect(() => imeiSequence('99999999999999', 2)).toThrow(/overflows/);
  });
});

describe('latency histogram', () => {
  it('gives quantiles within 2% and merges', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) (i % 2 ? a : b).record(i / 10); // 0.1 … 100 ms
    a.merge(b);
    const s = a.summary();
    expect(s.count).toBe(1000);
    expect(s.min).toBeCloseTo(0.1);
    expect(s.max).toBeCloseTo(100);
    expect(s.mean).toBeCloseTo(50.05, 5);
    expect(Math.abs(s.p50 - 50) / 50).toBeLessThan(0.021);
    expect(Math.abs(s.p99 - 99) / 99).toBeLessThan(0.021);
    expect(new LatencyHistogram().summary().p99).toBe(0);
  });
});

describe('route walker', () => {
  it('measures distances and bearings', () => {
    expect(distance({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(111_195, -1);
    expect(bearing({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(0);
    expect(bearing({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(90);
    expect(bearing({ lat: 0, lng: 0 }, { lat: 0, lng: -1 })).toBeCloseTo(270);
  });

  for (const route of [BERLIN, BUENOS_AIRES]) {
    it(`${route.name}: drives the loop at city speeds, continuously, parking with the ignition off`, () => {
      const walker = new RouteWalker(route);
      expect(walker.loopLength).toBeGreaterThan(5000);
      let previous = walker.motion();
      let parkedSeconds = 0;
      let maxSpeed = 0;
      const startOdometer = previous.odometer;
      for (let t = 0; t < 3600; t++) {
        walker.advance(1);
        const m = walker.motion();
        const moved = distance(previous, m);
        expect(moved).toBeLessThan(20); // ≤ 72 km/h, no teleporting
        expect(m.heading).toBeGreaterThanOrEqual(0);
        expect(m.heading).toBeLessThan(360);
        if (!m.moving) {
          parkedSeconds++;
          expect(m).toMatchObject({ speed: 0, ignition: false });
        } else {
          expect(m.ignition).toBe(true);
          expect(m.speed).toBeGreaterThan(0);
        }
        maxSpeed = Math.max(maxSpeed, m.speed);
        previous = m;
      }
      expect(parkedSeconds).toBeGreaterThan(0);
      expect(maxSpeed).toBeGreaterThan(25);
      expect(maxSpeed).toBeLessThanOrEqual(56);
      // an hour at city speeds covers several loops; the odometer counts every metre
      expect(previous.odometer - startOdometer).toBeGreaterThan(walker.loopLength);
      const lats = route.waypoints.map((w) => w.lat);
      expect(previous.lat).toBeGreaterThanOrEqual(Math.min(...lats) - 1e-9);
      expect(previous.lat).toBeLessThanOrEqual(Math.max(...lats) + 1e-9);
    });
  }

  it('spreads vehicles along the loop and heads toward the next waypoint', () => {
    const square: Route = {
      name: 'square',
      altitude: 0,
      waypoints: [
        { lat: 0, lng: 0 },
        { lat: 0, lng: 0.01 },
        { lat: 0.01, lng: 0.01 },
        { lat: 0.01, lng: 0 },
      ],
    };
    const start = new RouteWalker(square).motion();
    expect(start).toMatchObject({ lat: 0, lng: 0, heading: 90 });
    const later = new RouteWalker(square, { startFraction: 0.6 }).motion(); // 40% into the third leg
    expect(later.lat).toBeCloseTo(0.01, 6);
    expect(later.lng).toBeCloseTo(0.006, 3);
    expect(later.heading).toBe(270);
    const w = new RouteWalker(square, { odometer: 1000 });
    w.advance(10);
    expect(w.motion().odometer).toBeGreaterThan(1000);
    expect(w.motion().lng).toBeGreaterThan(0);
  });
});
